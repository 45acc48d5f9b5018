"""Keeping the matching index (ProjectMatchEntry) in step with the projects.

`index_projects(ids)` (re)writes the rows of the given projects: published
ones get their analysed terms, any other loses its row. The model signals
(exchange/signals.py) call it for every save through the ORM; `refresh()`
finds what they could not see (bulk_create, update(), raw SQL, a changed
analysis) and is run by the commands before they match.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q

from projects.models import Participation, Project, PublicationState, TransferInterest

from .models import ProjectMatchEntry, bump_generation
from .text import Analysis, analyse, analyser_version

# Where a word stands decides its weight.
TITLE_WEIGHT = 3.0
SUMMARY_WEIGHT = 2.0
DESCRIPTION_WEIGHT = 1.0
PROFILE_WEIGHT = 0.5
BATCH = 500
# The marks of demo and evaluation content ("[Demo] …") are no words of the project.
TAG = re.compile(r"^\s*\[\w+\]\s*")

TEXT_COLUMNS = (
    "title",
    "summary",
    "description",
    "prerequisites",
    "operating_model",
    "data_needed",
    "maturity",
    "status",
    "publication_state",
    "updated_at",
    "lead_partner_id",
)


def effective_maturity(project: Project) -> str:
    """The maturity phase; a project "in operation" without one counts as regular operation."""
    if project.maturity:
        return project.maturity
    if project.status == Project.Status.OPERATION:
        return Project.Maturity.REGULAR_OPERATION
    return ""


def analyse_project(project: Project) -> Analysis:
    """Stems of a project's texts (no compound parts: those are added when the index is
    read, against the vocabulary of all projects; see engine.py)."""
    analysis = Analysis()
    for text, weight in (
        (TAG.sub("", project.title), TITLE_WEIGHT),
        (project.summary, SUMMARY_WEIGHT),
        (project.description, DESCRIPTION_WEIGHT),
        (project.prerequisites, PROFILE_WEIGHT),
        (project.operating_model, PROFILE_WEIGHT),
        (project.data_needed, PROFILE_WEIGHT),
    ):
        analyse(text, weight=weight, into=analysis, split=False)
    return analysis


def index_projects(ids: Iterable[int]) -> int:
    """(Re)write the index rows of these projects; returns how many are indexed."""
    ids = list(set(ids))
    written = 0
    version = analyser_version()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        projects = list(
            Project.objects.filter(pk__in=chunk, publication_state=PublicationState.PUBLISHED)
            .order_by()
            .only(*TEXT_COLUMNS)
        )
        published = [p.pk for p in projects]
        fields: dict[int, list[int]] = defaultdict(list)
        through = Project.fields_of_action.through
        for project_id, field_id in through.objects.filter(project_id__in=published).values_list(
            "project_id", "fieldofaction_id"
        ):
            fields[project_id].append(field_id)
        partners: dict[int, set[int]] = defaultdict(set)
        for project_id, partner_id in (
            Participation.objects.accepted()
            .filter(project_id__in=published)
            .values_list("project_id", "partner_id")
        ):
            partners[project_id].add(partner_id)
        adopters: dict[int, set[int]] = defaultdict(set)
        for origin_id, partner_id in Project.objects.filter(
            adopted_from_id__in=published, publication_state=PublicationState.PUBLISHED
        ).values_list("adopted_from_id", "lead_partner_id"):
            adopters[origin_id].add(partner_id)
        for project_id, partner_id in TransferInterest.objects.filter(
            project_id__in=published, status=TransferInterest.Status.ADOPTED
        ).values_list("project_id", "partner_id"):
            adopters[project_id].add(partner_id)
        entries = []
        for project in projects:
            analysis = analyse_project(project)
            partners[project.pk].add(project.lead_partner_id)
            entries.append(
                ProjectMatchEntry(
                    project_id=project.pk,
                    terms={
                        s: [round(w, 3), analysis.surface[s]] for s, w in analysis.weights.items()
                    },
                    length=round(sum(analysis.weights.values()), 3),
                    words=sorted(set(analysis.surface.values())),
                    field_ids=sorted(fields[project.pk]),
                    partner_ids=sorted(partners[project.pk]),
                    lead_partner_id=project.lead_partner_id,
                    adopter_ids=sorted(adopters[project.pk] - partners[project.pk]),
                    maturity=effective_maturity(project),
                    source_updated_at=project.updated_at,
                    analyser=version,
                )
            )
        with transaction.atomic():
            gone, _ = (
                ProjectMatchEntry.objects.filter(pk__in=chunk).exclude(pk__in=published).delete()
            )
            if entries or gone:
                bump_generation()
            if entries:
                ProjectMatchEntry.objects.bulk_create(
                    entries,
                    update_conflicts=True,
                    unique_fields=["project"],
                    update_fields=[
                        "terms",
                        "length",
                        "words",
                        "field_ids",
                        "partner_ids",
                        "lead_partner_id",
                        "adopter_ids",
                        "maturity",
                        "source_updated_at",
                        "analyser",
                        "indexed_at",
                    ],
                )
        written += len(entries)
    return written


def stale_ids() -> list[int]:
    """Published projects without a current index row."""
    return list(
        Project.objects.published()
        .filter(
            Q(match_entry__isnull=True)
            | ~Q(match_entry__source_updated_at=F("updated_at"))
            | ~Q(match_entry__analyser=analyser_version())
        )
        .order_by()
        .values_list("pk", flat=True)
    )


def refresh(*, rebuild: bool = False) -> tuple[int, int]:
    """Bring the index up to date; returns (rows written, rows removed).

    `rebuild` rewrites every row (after changes the signals cannot see that
    leave a project's `updated_at` as it was, e.g. raw SQL on its partners).
    """
    removed, _ = ProjectMatchEntry.objects.exclude(
        project__publication_state=PublicationState.PUBLISHED
    ).delete()
    if removed:
        bump_generation()
    if rebuild:
        ids = list(Project.objects.published().order_by().values_list("pk", flat=True))
    else:
        ids = stale_ids()
    return index_projects(ids), removed
