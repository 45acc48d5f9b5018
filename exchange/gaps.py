"""Open needs for which the matching has no project to suggest: where the network has a gap.

The need page suggests every project the matching ranks (exchange/suggestions.py,
no score threshold), so a need is a gap when `suggest_projects` finds nothing for
it: no published project of another partner shares a term (with compounds,
thesaurus and typos) or a field of action with it. Matching every open need on
every view of the office cockpit would cost a matcher run per need (at 1,000 needs,
seconds); the answer is stored per need instead (`NeedMatchState`) and brought
up to date by `refresh_gaps()` — the command `check_need_gaps` (from cron) and
the demo loader run it. A stored answer is stale when the need changed since or
the index did; the cockpit says when the list was checked and how many open
needs have not been checked since they changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from .matching import has_project_suggestion
from .matching.index import refresh
from .matching.models import NeedMatchState, current_generation
from .models import Need
from .suggestions import query_for

# The cockpit lists this many needs by name; the rest are counted.
LISTED = 10
BATCH = 200


def stale_needs(generation: int | None = None):
    """Open needs without a current answer: never checked, changed since, or the index changed."""
    generation = current_generation() if generation is None else generation
    return Need.objects.active().filter(
        Q(match_state__isnull=True)
        | ~Q(match_state__need_updated_at=F("updated_at"))
        | ~Q(match_state__generation=generation)
    )


def refresh_gaps(*, everything: bool = False) -> tuple[int, int]:
    """Check the open needs whose answer is stale (or all, with `everything`) against the
    current index; returns (needs checked, needs without a suggestion among them).

    The index is caught up first (writes the model signals could not see), so the
    answer reflects every published project.
    """
    refresh()
    generation = current_generation()
    needs = Need.objects.active() if everything else stale_needs(generation)
    pks = list(needs.order_by("pk").values_list("pk", flat=True))
    checked = gaps = 0
    for start in range(0, len(pks), BATCH):
        batch = (
            Need.objects.filter(pk__in=pks[start : start + BATCH])
            .select_related("partner")
            .prefetch_related("fields_of_action")
        )
        now = timezone.now()
        rows = []
        for need in batch:
            found = has_project_suggestion(query_for(need))
            gaps += not found
            rows.append(
                NeedMatchState(
                    need=need,
                    has_project_suggestion=found,
                    generation=generation,
                    need_updated_at=need.updated_at,
                    checked_at=now,
                )
            )
        with transaction.atomic():
            NeedMatchState.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["need"],
                update_fields=[
                    "has_project_suggestion",
                    "generation",
                    "need_updated_at",
                    "checked_at",
                ],
            )
        checked += len(rows)
    # Closed and solved needs are no gaps any more; their answers go.
    NeedMatchState.objects.exclude(need__in=Need.objects.active()).delete()
    return checked, gaps


def without_suggestion():
    """Open needs whose last check found no project to suggest (and that did not change since)."""
    return Need.objects.active().filter(
        match_state__has_project_suggestion=False,
        match_state__need_updated_at=F("updated_at"),
    )


@dataclass(frozen=True)
class GapOverview:
    needs: list[Need]  # the first LISTED, longest open first
    count: int
    unchecked: int  # open needs never checked or changed since their check
    checked_at: datetime | None  # the latest check


def gap_overview() -> GapOverview:
    """The cockpit's block, in two queries whatever the number of needs."""
    needs = list(
        without_suggestion().select_related("partner").order_by("opened_at", "pk")[:LISTED]
    )
    counts = Need.objects.active().aggregate(
        count=Count(
            "pk",
            filter=Q(
                match_state__has_project_suggestion=False,
                match_state__need_updated_at=F("updated_at"),
            ),
        ),
        unchecked=Count(
            "pk",
            filter=Q(match_state__isnull=True) | ~Q(match_state__need_updated_at=F("updated_at")),
        ),
        checked_at=Max("match_state__checked_at"),
    )
    return GapOverview(
        needs=needs,
        count=counts["count"],
        unchecked=counts["unchecked"],
        checked_at=counts["checked_at"],
    )
