"""Transfer directions between two partners, from their kinds (BRIEF §1).

Urban are the state capital / independent cities and towns; rural are the
districts and municipalities. Other kinds (agencies, research, companies,
associations) have no side, so no direction follows from them.
"""

from __future__ import annotations

from partners.models import Partner
from projects.models import Project

URBAN_KINDS = frozenset({Partner.Kind.STATE_CAPITAL, Partner.Kind.TOWN})
RURAL_KINDS = frozenset({Partner.Kind.DISTRICT, Partner.Kind.MUNICIPALITY})

URBAN, RURAL = "urban", "rural"


def area_of(kind: str | None) -> str | None:
    """ "urban", "rural" or None for a partner kind."""
    if kind in URBAN_KINDS:
        return URBAN
    if kind in RURAL_KINDS:
        return RURAL
    return None


def direction(from_kind: str | None, to_kind: str | None) -> str | None:
    """The direction of a solution travelling from a partner of one kind to another.

    `Project.TransferDirection.URBAN_TO_RURAL` or `RURAL_TO_URBAN`, or None
    when both are on the same side or one has no side.
    """
    source, target = area_of(from_kind), area_of(to_kind)
    if source == URBAN and target == RURAL:
        return Project.TransferDirection.URBAN_TO_RURAL
    if source == RURAL and target == URBAN:
        return Project.TransferDirection.RURAL_TO_URBAN
    return None
