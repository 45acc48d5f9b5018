"""Measuring the matching (issue #17, scope 3): hit rate@3, hit rate@10, MRR.

The evaluation set (eval/needs.toml) names, per need, the projects that
should be found. The corpus is the real data, the demo projects and the
evaluation projects (eval/projects.toml), optionally with generated demo
projects as distractors. The engine is compared with a plain baseline: TF-IDF
over Snowball-stemmed words, cosine similarity, no thesaurus, no compound
splitting, no typo correction, the same exclusion of the partner's own
projects.
"""

from __future__ import annotations

import math
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

from partners.models import Partner
from projects.demo import load_demo
from projects.models import FieldOfAction, Participation, Project, PublicationState

from .engine import Query, suggest_projects
from .index import TAG, refresh
from .text import content_words, stem

EVAL_DIR = Path(__file__).resolve().parent / "eval"
NEEDS_FILE = EVAL_DIR / "needs.toml"
PROJECTS_FILE = EVAL_DIR / "projects.toml"


@dataclass
class Need:
    partner: str
    fields: list[str]
    title: str
    text: str
    expected: list[str]


@dataclass
class Figures:
    hit3: float
    hit10: float
    mrr: float
    ranks: list[int | None]  # 1-based rank of the first right project, None when not in the top 10


def load_needs(path: Path = NEEDS_FILE) -> list[Need]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Need(
            partner=item["partner"],
            fields=list(item.get("fields", [])),
            title=item["title"],
            text=item.get("text", ""),
            expected=list(item["expected"]),
        )
        for item in data.get("need", [])
    ]


def create_eval_projects(path: Path = PROJECTS_FILE) -> int:
    """The evaluation corpus as published projects (marked demo, "[Eval]" in the title)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    partners = {p.slug: p for p in Partner.objects.all()}
    fields = {f.slug: f for f in FieldOfAction.objects.all()}
    created = 0
    for item in data.get("project", []):
        lead = partners.get(item["lead"])
        if lead is None or Project.objects.filter(slug=item["slug"]).exists():
            continue
        project = Project.objects.create(
            slug=item["slug"],
            title=f"[Eval] {item['title']}",
            summary=item["summary"],
            description=item.get("description", ""),
            lead_partner=lead,
            maturity=item.get("maturity", ""),
            status=Project.Status.OPERATION
            if item.get("maturity") == Project.Maturity.REGULAR_OPERATION
            else Project.Status.IMPLEMENTATION,
            publication_state=PublicationState.PUBLISHED,
            published_at=timezone.now(),
            is_demo=True,
        )
        Participation.objects.create(project=project, partner=lead, role=Participation.Role.LEAD)
        project.fields_of_action.set([fields[s] for s in item.get("fields", []) if s in fields])
        created += 1
    return created


def evaluate(needs: Sequence[Need], rank: Callable[[Need], list[str]]) -> Figures:
    """The figures of one ranking function (need → project slugs, best first)."""
    origins = dict(
        Project.objects.published()
        .filter(adopted_from__isnull=False)
        .values_list("slug", "adopted_from__slug")
    )
    ranks: list[int | None] = []
    for need in needs:
        found = None
        for position, slug in enumerate(rank(need)[:10], start=1):
            if slug in need.expected or origins.get(slug) in need.expected:
                found = position
                break
        ranks.append(found)
    n = len(needs) or 1
    return Figures(
        hit3=sum(1 for r in ranks if r is not None and r <= 3) / n,
        hit10=sum(1 for r in ranks if r is not None) / n,
        mrr=sum(1 / r for r in ranks if r is not None) / n,
        ranks=ranks,
    )


def _query(need: Need) -> Query:
    partner = Partner.objects.filter(slug=need.partner).first()
    if partner is None:
        raise ValueError(f"Unknown partner {need.partner!r} in the evaluation set.")
    fields = list(FieldOfAction.objects.filter(slug__in=need.fields))
    return Query(title=need.title, text=need.text, partner=partner, fields=fields)


def engine_ranking(need: Need) -> list[str]:
    return [s.obj.slug for s in suggest_projects(_query(need), limit=10)]


class Baseline:
    """TF-IDF over Snowball-stemmed words of title, summary and description; cosine."""

    def __init__(self) -> None:
        rows = Project.objects.published().values_list(
            "pk", "slug", "title", "summary", "description"
        )
        partners: dict[int, set[int]] = {}
        for project_id, partner_id in Participation.objects.accepted().values_list(
            "project_id", "partner_id"
        ):
            partners.setdefault(project_id, set()).add(partner_id)
        self.docs: list[tuple[str, set[int], dict[str, float]]] = []
        counts = []
        df: Counter[str] = Counter()
        for pk, slug, title, summary, description in rows:
            tf = Counter(
                stem(w) for w in content_words(f"{TAG.sub('', title)} {summary} {description}")
            )
            counts.append((slug, partners.get(pk, set()), tf))
            df.update(tf.keys())
        n = len(counts) or 1
        self.idf = {term: math.log((1 + n) / (1 + count)) + 1 for term, count in df.items()}
        for slug, owners, tf in counts:
            self.docs.append((slug, owners, self._vector(tf)))

    def _vector(self, tf: Counter[str]) -> dict[str, float]:
        vector = {t: c * self.idf.get(t, 0.0) for t, c in tf.items() if t in self.idf}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items()}

    def rank(self, need: Need) -> list[str]:
        own = Partner.objects.filter(slug=need.partner).values_list("pk", flat=True).first()
        query = self._vector(Counter(stem(w) for w in content_words(f"{need.title} {need.text}")))
        scored = []
        for slug, owners, vector in self.docs:
            if own in owners:
                continue
            score = sum(weight * vector.get(term, 0.0) for term, weight in query.items())
            if score > 0:
                scored.append((score, slug))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [slug for _score, slug in scored[:10]]


def prepare_corpus(command, *, distractors: int = 0) -> None:
    """Real data, demo projects, the evaluation projects and an up-to-date index."""
    call_command("load_real_data", stdout=command.stdout)
    load_demo(command, projects=distractors)
    create_eval_projects()
    refresh()
