"""What the matching suggests for one need: solutions, the same need elsewhere, experts.

The need pages (public and internal) show the three lists; this is the one
place that turns a need into a matching query and chooses the candidates each
reader may see.
"""

from __future__ import annotations

from dataclasses import dataclass

from .matching import Query, Suggestion, suggest_experts, suggest_needs, suggest_projects
from .models import Need

SHOWN = 5


@dataclass(frozen=True)
class NeedSuggestions:
    projects: list[Suggestion]
    needs: list[Suggestion]
    experts: list[Suggestion]


def query_for(need: Need) -> Query:
    """What the matching is asked for a need (the pages and the office's gap list alike)."""
    return Query(
        title=need.title,
        text=need.description,
        partner=need.partner,
        fields=list(need.fields_of_action.all()),
    )


def for_need(need: Need, *, user=None) -> NeedSuggestions:
    """Suggestions for `need`; with `user` (the internal page) also what only staff see.

    Every project the matching ranks is a suggestion (no score threshold): the
    page shows the best SHOWN; a need without any is a gap (exchange/gaps.py).
    """
    query = query_for(need)
    candidates = Need.objects.public() if user is None else Need.objects.visible_to(user)
    candidates = (
        candidates.active()
        .exclude(pk=need.pk)
        .select_related("partner")
        .prefetch_related("fields_of_action")
    )
    return NeedSuggestions(
        projects=suggest_projects(query, limit=SHOWN),
        needs=suggest_needs(query, candidates, limit=SHOWN),
        experts=suggest_experts(query, limit=SHOWN, public=user is None),
    )
