"""The source's consultations written into an accession's deliberations.

`apply_steps` merges what loi/oparl/sync.py read into the council steps (inside
the paper's transaction); `advance` moves the accession on through the state
machine where the source shows a decision.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from ..models import Accession, Deliberation
from ..services import TransitionRefused, transition
from .results import map_result

Outcome = Deliberation.Outcome


def normalise_body(value: str) -> str:
    return " ".join((value or "").casefold().split())


@dataclass
class SourceStep:
    url: str
    body: str
    organization_ids: list[str]
    session_date: datetime.date | None
    is_public: bool | None
    authoritative: bool | None
    result: str
    web_url: str


def _save_step(step: Any, reason: str) -> None:
    step._change_reason = reason[:100]
    step.full_clean()
    step.save()


_SNAPSHOT_FIELDS = (
    "body",
    "session_date",
    "is_public",
    "outcome",
    "source_outcome",
    "source_result",
    "source_result_unknown",
    "source_url",
    "source_web_url",
    "is_authoritative",
)


def _snapshot(step: Deliberation) -> tuple:
    return tuple(getattr(step, field) for field in _SNAPSHOT_FIELDS)


def apply_steps(
    accession: Accession, steps: list[SourceStep], deleted: set[str], *, reason: str
) -> dict[str, int]:
    """Write the source's steps into the accession's deliberations (inside a transaction).

    A step already taken from the source is updated; a manual step of the
    same body on the same date is merged (the source fills what is empty or
    still "scheduled"); any other becomes a new step. An outcome a person
    recorded is never overwritten: when the source says otherwise, the step
    shows the conflict (`Deliberation.has_conflict`).
    """
    counts = {"created": 0, "updated": 0, "conflicts": 0, "removed": 0}
    now = timezone.now()
    existing = list(accession.deliberations.select_for_update().order_by("order", "pk"))
    by_source = {step.source_url: step for step in existing if step.source_url}
    next_order = max((step.order for step in existing), default=0) + 1
    for source in steps:
        outcome = map_result(source.result, authoritative=source.authoritative)
        step = by_source.get(source.url)
        if step is None:
            step = next(
                (
                    manual
                    for manual in existing
                    if not manual.source_url
                    and manual.session_date == source.session_date
                    and normalise_body(manual.body) == normalise_body(source.body)
                ),
                None,
            )
        is_new = step is None
        if step is None:
            step = Deliberation(
                accession=accession,
                body=source.body[:200] or "–",
                session_date=source.session_date,
                is_public=source.is_public,
                order=next_order,
                created_by_sync=True,
            )
            next_order += 1
        before = _snapshot(step)
        if step.created_by_sync:
            # The source is the only author of a step it created.
            step.body = source.body[:200] or step.body
            step.session_date = source.session_date
            step.is_public = source.is_public
        else:
            step.session_date = step.session_date or source.session_date
            if step.is_public is None:
                step.is_public = source.is_public
        came_from_source = step.outcome == Outcome.SCHEDULED or (
            step.source_outcome and step.outcome == step.source_outcome
        )
        if outcome and came_from_source:
            step.outcome = outcome
        step.source_outcome = outcome or ""
        step.source_result = source.result[:500]
        step.source_result_unknown = bool(source.result) and outcome is None
        step.source_url = source.url
        step.source_web_url = source.web_url
        step.is_authoritative = source.authoritative
        if is_new or _snapshot(step) != before:
            # Only a change is written (and leaves a history row): a daily run
            # over an unchanged paper writes nothing.
            step.synced_at = now
            _save_step(step, reason)
            counts["created" if is_new else "updated"] += 1
        counts["conflicts"] += step.has_conflict
        by_source[source.url] = step
    for url in deleted:
        step = by_source.get(url)
        if step is None or step.pk is None:
            continue
        if step.created_by_sync:
            step.delete()
        else:
            step.source_url = step.source_web_url = step.source_result = step.source_outcome = ""
            step.source_result_unknown = False
            step.synced_at = now
            _save_step(step, reason)
        counts["removed"] += 1
    return counts


def advance(accession: Accession, *, reason: str) -> list[str]:
    """Move the accession on where the source shows it: deliberation, resolution."""
    moved: list[str] = []
    accession.refresh_from_db(fields=["status"])
    if accession.status == Accession.Status.PREPARED and accession.deliberations.exists():
        transition(
            acting_user=None,
            accession=accession,
            target=Accession.Status.IN_DELIBERATION,
            reason=reason,
        )
        moved.append(Accession.Status.IN_DELIBERATION)
        accession.refresh_from_db(fields=["status"])
    resolved_at_source = accession.deliberations.filter(
        is_authoritative=True, source_outcome=Outcome.ADOPTED, outcome=Outcome.ADOPTED
    ).exists()
    if accession.status == Accession.Status.IN_DELIBERATION and resolved_at_source:
        try:
            transition(
                acting_user=None,
                accession=accession,
                target=Accession.Status.RESOLVED,
                reason=reason,
            )
        except TransitionRefused:
            return moved
        moved.append(Accession.Status.RESOLVED)
    return moved
