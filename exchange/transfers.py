"""What counts as a transfer of a solution between partners, and which way it went.

A transfer is either

- a solved need whose solving project is led by another partner than the one
  that had the need (the solution came from there), or
- an accepted transfer interest (`projects.TransferInterest` with the status
  "adopted"): a partner adopted another partner's project.

The same solution taken over by the same partner counts once, even when both
record it. The direction comes from the two partners' kinds (`directions.py`).
Two queries, whatever the amount of data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from projects.models import TransferInterest

from . import directions
from .models import Need, NeedState


@dataclass(frozen=True)
class Transfer:
    on: datetime.date
    origin_project_id: int
    adopter_partner_id: int
    direction: str | None  # directions.URBAN_TO_RURAL, RURAL_TO_URBAN or None


def transfers() -> list[Transfer]:
    """Every transfer, oldest first."""
    found: dict[tuple[int, int], Transfer] = {}
    solved = (
        Need.objects.filter(state=NeedState.SOLVED, solved_by__isnull=False)
        .exclude(solved_by__lead_partner_id=F("partner_id"))
        .values_list("solved_at", "solved_by_id", "solved_by__lead_partner__kind", "partner_id",
                     "partner__kind")
    )  # fmt: skip
    for when, project_id, origin_kind, adopter_id, adopter_kind in solved:
        on = timezone.localdate(when) if when else timezone.localdate()
        found.setdefault(
            (project_id, adopter_id),
            Transfer(on, project_id, adopter_id, directions.direction(origin_kind, adopter_kind)),
        )
    adopted = (
        TransferInterest.objects.filter(status=TransferInterest.Status.ADOPTED)
        .exclude(project__lead_partner_id=F("partner_id"))
        .values_list("updated_at", "project_id", "project__lead_partner__kind", "partner_id",
                     "partner__kind")
    )  # fmt: skip
    for when, project_id, origin_kind, adopter_id, adopter_kind in adopted:
        key = (project_id, adopter_id)
        transfer = Transfer(
            timezone.localdate(when), project_id, adopter_id,
            directions.direction(origin_kind, adopter_kind),
        )  # fmt: skip
        if key not in found or transfer.on < found[key].on:
            found[key] = transfer
    return sorted(found.values(), key=lambda transfer: (transfer.on, transfer.origin_project_id))
