"""Ranking projects, needs and experts for a need (issue #17, scope 2).

Projects are ranked from the index (ProjectMatchEntry), read once per process
into memory and read again only when the index changed (one small query per
call tells). The text score is BM25 over the query's stems, the stems of its
compound parts, thesaurus terms and typo corrections; shared fields of
action, a proven maturity and an adoption by a partner of the same kind add
to it. Every suggestion carries its reasons as short translated sentences.
"""

from __future__ import annotations

import heapq
import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db.models import Count, Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partners.models import Partner
from projects.models import FieldOfAction, Project

from ..directions import area_of, direction
from .models import ProjectMatchEntry
from .text import (
    PART_WEIGHT,
    Analysis,
    analyse,
    correct_typos,
    expand,
    split_compound,
    stem,
    thesaurus,
)

K1, B = 1.2, 0.75
TEXT_SHARE = 0.7
FIELD_BONUS = 0.15
ADOPTION_BONUS = 0.05
MATURITY_BONUS = {
    Project.Maturity.TRANSFERRED: 0.1,
    Project.Maturity.REGULAR_OPERATION: 0.08,
    Project.Maturity.PILOT: 0.05,
    Project.Maturity.CONCEPT: 0.01,
}
MAX_TERMS_NAMED = 5
# A query is cut here: a need's description is a few paragraphs, not a book.
MAX_QUERY_CHARS = 20_000


@dataclass
class Query:
    """What is matched: a need's title and text, its partner and fields of action."""

    title: str
    text: str = ""
    partner: Partner | None = None
    fields: Sequence[FieldOfAction] = ()


@dataclass
class Suggestion:
    obj: Any
    kind: str  # "project", "need" or "expert"
    score: float
    reasons: list[str] = field(default_factory=list)


# --- The projects' corpus in memory -------------------------------------------------


@dataclass
class Corpus:
    token: tuple
    ids: list[int]
    lengths: list[float]
    avgdl: float
    postings: dict[str, dict[int, float]]
    fields: list[frozenset[int]]
    partners: list[frozenset[int]]
    leads: list[int | None]
    adopters: list[tuple[int, ...]]
    maturity: list[str]
    vocabulary: dict[str, str]  # written word → stem
    words: frozenset[str]

    def idf(self, s: str) -> float:
        df = len(self.postings.get(s, ()))
        n = len(self.ids)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))


_corpus: Corpus | None = None
_lock = threading.Lock()
# Compound splits of the corpus' words, kept across reloads (a word splits the
# same way unless the vocabulary grew by one of its parts).
_splits: dict[str, tuple[str, ...]] = {}


def _token() -> tuple:
    state = ProjectMatchEntry.objects.order_by().aggregate(n=Count("pk"), last=Max("indexed_at"))
    return (state["n"], state["last"])


def corpus() -> Corpus:
    """The index in memory, read again when it changed (one query when it did not)."""
    global _corpus
    token = _token()
    current = _corpus
    if current is not None and current.token == token:
        return current
    with _lock:
        if _corpus is not None and _corpus.token == token:
            return _corpus
        _corpus = _load(token)
        return _corpus


def _load(token: tuple) -> Corpus:
    rows = list(
        ProjectMatchEntry.objects.order_by("pk").values_list(
            "project_id",
            "terms",
            "length",
            "field_ids",
            "partner_ids",
            "lead_partner_id",
            "adopter_ids",
            "maturity",
        )
    )
    vocabulary: dict[str, str] = {}
    for row in rows:
        for s, (_weight, written) in row[1].items():
            vocabulary.setdefault(written, s)
    words = frozenset(vocabulary) | thesaurus().words
    postings: dict[str, dict[int, float]] = {}
    ids, lengths, fields, partners, leads, adopters, maturity = [], [], [], [], [], [], []
    for index, (pk, terms, length, field_ids, partner_ids, lead, adopter_ids, phase) in enumerate(
        rows
    ):
        ids.append(pk)
        fields.append(frozenset(field_ids))
        partners.append(frozenset(partner_ids))
        leads.append(lead)
        adopters.append(tuple(adopter_ids))
        maturity.append(phase)
        total = 0.0
        for s, (weight, written) in terms.items():
            postings.setdefault(s, {})[index] = postings.get(s, {}).get(index, 0.0) + weight
            total += weight
            parts = _splits.get(written)
            if parts is None:
                parts = _splits[written] = tuple(split_compound(written, words))
            for part in parts:
                part_stem = stem(part)
                if part_stem not in terms:
                    posting = postings.setdefault(part_stem, {})
                    posting[index] = posting.get(index, 0.0) + weight * PART_WEIGHT
                    total += weight * PART_WEIGHT
        lengths.append(total or length)
    avgdl = (sum(lengths) / len(lengths)) if lengths else 1.0
    return Corpus(
        token=token,
        ids=ids,
        lengths=lengths,
        avgdl=avgdl or 1.0,
        postings=postings,
        fields=fields,
        partners=partners,
        leads=leads,
        adopters=adopters,
        maturity=maturity,
        vocabulary=vocabulary,
        words=words,
    )


def forget_corpus() -> None:
    """Drop the in-memory corpus (tests; the token check makes this unnecessary otherwise)."""
    global _corpus
    _corpus = None
    _splits.clear()


# --- The query ----------------------------------------------------------------------


def analyse_query(
    query: Query, *, words: Iterable[str] = (), vocabulary: dict[str, str] | None = None
) -> Analysis:
    """The query's stems: title words count double; compounds, typos and thesaurus added."""
    title = (query.title or "")[:MAX_QUERY_CHARS]
    text = (query.text or "")[:MAX_QUERY_CHARS]
    analysis = analyse(title, vocabulary=words, weight=2.0)
    analyse(text, vocabulary=words, weight=1.0, into=analysis)
    if vocabulary:
        correct_typos(analysis, frozenset(vocabulary.values()), vocabulary)
    expand(analysis)
    # A word said many times is still one wish.
    for s, weight in analysis.weights.items():
        analysis.weights[s] = min(weight, 3.0)
    return analysis


def _terms_reason(analysis: Analysis, matched: Iterable[str]) -> str | None:
    """ "Matching terms: Videosprechstunde, Telemedizin (related to Sprechstunde)"."""
    named: list[str] = []
    seen: set[str] = set()
    ranked = sorted(matched, key=lambda s: -analysis.weights.get(s, 0))
    for s in ranked:
        written = analysis.surface.get(s, s)
        label = written
        if s in analysis.typed:
            label = _("%(term)s (for %(typed)s)") % {"term": written, "typed": analysis.typed[s]}
        elif s in analysis.related:
            label = _("%(term)s (related to %(source)s)") % {
                "term": written,
                "source": analysis.related[s],
            }
        if label.lower() in seen:
            continue
        seen.add(label.lower())
        named.append(label)
        if len(named) == MAX_TERMS_NAMED:
            break
    if not named:
        return None
    return ngettext("Matching term: %(terms)s.", "Matching terms: %(terms)s.", len(named)) % {
        "terms": ", ".join(named)
    }


def _fields_reason(shared: Iterable[int], names: dict[int, FieldOfAction]) -> str | None:
    labels = [names[pk].display_name for pk in shared if pk in names]
    if not labels:
        return None
    return ngettext(
        "Shared field of action: %(fields)s.", "Shared fields of action: %(fields)s.", len(labels)
    ) % {"fields": ", ".join(sorted(labels))}


def _maturity_reason(phase: str) -> str | None:
    texts = {
        Project.Maturity.TRANSFERRED: _("Proven: already transferred to another partner."),
        Project.Maturity.REGULAR_OPERATION: _("Proven: in regular operation."),
        Project.Maturity.PILOT: _("Tried out: running as a pilot."),
        Project.Maturity.CONCEPT: _("Worked out as a concept."),
    }
    return texts.get(phase)


def _direction_reason(from_kind: str | None, to_kind: str | None) -> str | None:
    way = direction(from_kind, to_kind)
    if way == Project.TransferDirection.URBAN_TO_RURAL:
        return _("Transfer urban → rural: a town's solution for a rural partner.")
    if way == Project.TransferDirection.RURAL_TO_URBAN:
        return _("Transfer rural → urban: a rural partner's solution for a town.")
    return None


def _adoption_reason(adopter_kinds: Iterable[str], kind: str | None) -> tuple[float, str | None]:
    kinds = list(adopter_kinds)
    if kind and kind in kinds:
        label = Partner.Kind(kind).label
        return ADOPTION_BONUS, _("Already adopted by a partner of the same kind (%(kind)s).") % {
            "kind": label
        }
    area = area_of(kind)
    if area and any(area_of(k) == area for k in kinds):
        return ADOPTION_BONUS / 2, _("Already adopted by a partner of a similar kind.")
    if kinds:
        return ADOPTION_BONUS / 4, _("Already adopted by another partner.")
    return 0.0, None


def _bm25(
    analysis: Analysis,
    postings: dict[str, dict[int, float]],
    lengths: Sequence[float],
    avgdl: float,
    idf,
    allowed=None,
) -> dict[int, float]:
    scores: dict[int, float] = {}
    for s, weight in analysis.weights.items():
        posting = postings.get(s)
        if not posting:
            continue
        factor = weight * idf(s)
        for index, tf in posting.items():
            if allowed is not None and not allowed(index):
                continue
            norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[index] / avgdl))
            scores[index] = scores.get(index, 0.0) + factor * norm
    return scores


# --- Projects -----------------------------------------------------------------------


def suggest_projects(query: Query, limit: int = 10) -> list[Suggestion]:
    """Published projects of other partners that could meet the need, best first.

    Constant queries: the index token (and the index itself when it changed),
    the partners' kinds, the fields of action, the suggested projects.
    """
    data = corpus()
    if not data.ids or limit <= 0:
        return []
    analysis = analyse_query(query, words=data.words, vocabulary=data.vocabulary)
    own = query.partner.pk if query.partner is not None else None
    query_fields = frozenset(f.pk for f in query.fields)

    def allowed(index: int) -> bool:
        return own is None or own not in data.partners[index]

    text = _bm25(analysis, data.postings, data.lengths, data.avgdl, data.idf, allowed)
    if query_fields:
        # The projects of the need's fields are candidates even without a shared word.
        for i in range(len(data.ids)):
            if i not in text and data.fields[i] & query_fields and allowed(i):
                text[i] = 0.0
    if not text:
        return []
    best = max(text.values()) or 1.0
    kinds = dict(Partner.objects.order_by().values_list("pk", "kind"))
    need_kind = query.partner.kind if query.partner is not None else None
    scored: list[tuple[float, int, int]] = []
    for index, raw in text.items():
        score = TEXT_SHARE * raw / best
        if data.fields[index] & query_fields:
            score += FIELD_BONUS * len(data.fields[index] & query_fields) / len(query_fields)
        score += MATURITY_BONUS.get(data.maturity[index], 0.0)
        bonus, _reason = _adoption_reason((kinds.get(pk) for pk in data.adopters[index]), need_kind)
        scored.append((score + bonus, -data.ids[index], index))
    top = heapq.nlargest(limit, scored)
    indexes = [item[2] for item in top]
    projects = Project.objects.select_related("lead_partner").in_bulk(
        [data.ids[i] for i in indexes]
    )
    names = FieldOfAction.objects.in_bulk() if query_fields else {}
    suggestions = []
    for score, _neg, index in top:
        project = projects.get(data.ids[index])
        if project is None:  # deleted since the index was read
            continue
        matched = [s for s in analysis.weights if index in data.postings.get(s, ())]
        reasons = [
            _fields_reason(sorted(data.fields[index] & query_fields), names),
            _terms_reason(analysis, matched),
            _maturity_reason(data.maturity[index]),
            _adoption_reason((kinds.get(pk) for pk in data.adopters[index]), need_kind)[1],
            _direction_reason(kinds.get(data.leads[index]), need_kind),
        ]
        suggestions.append(
            Suggestion(
                obj=project,
                kind="project",
                score=round(score, 4),
                reasons=[r for r in reasons if r],
            )
        )
    return suggestions


# --- Needs and experts (small candidate sets, analysed on the fly, memoised) --------


@lru_cache(maxsize=20_000)
def _analysed(text: str, words: frozenset[str]) -> tuple[tuple[str, float, str], ...]:
    analysis = analyse(text, vocabulary=words)
    return tuple((s, w, analysis.surface[s]) for s, w in analysis.weights.items())


def _field_ids(obj) -> frozenset[int]:
    value = getattr(obj, "fields_of_action", ())
    items = value.all() if hasattr(value, "all") else value
    return frozenset(getattr(item, "pk", item) for item in items)


def _rank_small(
    query: Query,
    candidates: list,
    texts: list[str],
    limit: int,
    kind: str,
    extra_reasons=None,
) -> list[Suggestion]:
    data = corpus()
    words = data.words
    analysis = analyse_query(query, words=words, vocabulary=data.vocabulary)
    postings: dict[str, dict[int, float]] = {}
    lengths: list[float] = []
    for index, text in enumerate(texts):
        total = 0.0
        for s, weight, _written in _analysed(text[:MAX_QUERY_CHARS], words):
            postings.setdefault(s, {})[index] = weight
            total += weight
        lengths.append(total or 1.0)
    avgdl = (sum(lengths) / len(lengths)) if lengths else 1.0
    n = len(texts)

    def idf(s: str) -> float:
        df = len(postings.get(s, ()))
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    text = _bm25(analysis, postings, lengths, avgdl, idf)
    query_fields = frozenset(f.pk for f in query.fields)
    fields = [_field_ids(obj) for obj in candidates]
    if query_fields:
        for index in range(n):
            if fields[index] & query_fields:
                text.setdefault(index, 0.0)
    if not text:
        return []
    best = max(text.values()) or 1.0
    names = FieldOfAction.objects.in_bulk() if query_fields else {}
    scored = []
    for index, raw in text.items():
        score = TEXT_SHARE * raw / best
        shared = fields[index] & query_fields
        if shared:
            score += FIELD_BONUS * len(shared) / len(query_fields)
        scored.append((score, -index))
    result = []
    for score, neg in heapq.nlargest(limit, scored):
        index = -neg
        obj = candidates[index]
        matched = [s for s in analysis.weights if index in postings.get(s, ())]
        reasons = [
            _fields_reason(sorted(fields[index] & query_fields), names),
            _terms_reason(analysis, matched),
            *(extra_reasons(obj) if extra_reasons else ()),
        ]
        result.append(
            Suggestion(obj=obj, kind=kind, score=round(score, 4), reasons=[r for r in reasons if r])
        )
    return result


def suggest_needs(query: Query, candidates: Iterable, limit: int = 5) -> list[Suggestion]:
    """Other partners' needs that are the same ("Wir haben diesen Bedarf auch").

    `candidates` are objects with `title`, `description`, `partner` and
    `fields_of_action` (a list or a prefetched manager), e.g. the open needs;
    those of the query's own partner are left out. No query per candidate when
    partners and fields are fetched with them.
    """
    own = query.partner.pk if query.partner is not None else None
    items = [c for c in candidates if own is None or getattr(c, "partner_id", None) != own]
    if not items:
        return []
    texts = [f"{c.title}\n{c.title}\n{getattr(c, 'description', '')}" for c in items]
    need_kind = query.partner.kind if query.partner is not None else None

    def reasons(obj) -> list[str | None]:
        partner = getattr(obj, "partner", None)
        kind = getattr(partner, "kind", None)
        same = (
            _("Stated by a partner of the same kind (%(kind)s).")
            % {"kind": Partner.Kind(kind).label}
            if kind and kind == need_kind
            else None
        )
        return [same]

    return _rank_small(query, items, texts, limit, "need", reasons)


def expert_candidates(*, public: bool = False):
    """The experts who consented to be listed (community.Expert), without importing community.

    The experts' model declares its fields of action on FieldOfAction
    (`experts`); its queryset knows who consented: `listed_internally()` (the
    internal directory, seen by partner staff) or `listed_publicly()`.
    """
    try:
        model = FieldOfAction._meta.get_field("experts").related_model
    except Exception:  # the community app is not installed
        return []
    manager = model._default_manager
    listed = manager.listed_publicly() if public else manager.listed_internally()
    return listed.prefetch_related("fields_of_action")


def suggest_experts(query: Query, limit: int = 5, *, public: bool = False) -> list[Suggestion]:
    """Experts of the need's fields and words who consented to be listed.

    There is no separate consent "to be suggested": the consent to the
    internal directory (or, on a public page, to the public list) is used.
    """
    experts = list(expert_candidates(public=public))
    if not experts:
        return []
    texts = [f"{e.expertise}\n{e.expertise}\n{e.profile}\n{e.organisation}" for e in experts]
    return _rank_small(query, experts, texts, limit, "expert")


__all__ = [
    "Query",
    "Suggestion",
    "suggest_experts",
    "suggest_needs",
    "suggest_projects",
]
