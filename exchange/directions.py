"""Which way a solution travels between two partners: urban → rural or rural → urban.

Defined once for the marketplace (figures, reasons, the map): a partner is
*urban* when it is a state capital / independent city or a town, *rural*
when it is a district or a municipality (`partners.models.Partner.Kind`).
Agencies, research, companies and associations are neither, so a transfer
from or to them has no direction. Two partners of the same type (town to
town) have none either.
"""

from __future__ import annotations

from partners.models import Partner
from projects.models import Project

URBAN, RURAL = "urban", "rural"

URBAN_KINDS = frozenset({Partner.Kind.STATE_CAPITAL, Partner.Kind.TOWN})
RURAL_KINDS = frozenset({Partner.Kind.DISTRICT, Partner.Kind.MUNICIPALITY})

# The values of projects.Project.TransferDirection, so both speak the same words.
URBAN_TO_RURAL = Project.TransferDirection.URBAN_TO_RURAL
RURAL_TO_URBAN = Project.TransferDirection.RURAL_TO_URBAN


def area_of(kind: str | None) -> str | None:
    """ "urban", "rural" or None for a partner kind."""
    if kind in URBAN_KINDS:
        return URBAN
    if kind in RURAL_KINDS:
        return RURAL
    return None


def direction(origin_kind: str | None, adopter_kind: str | None) -> str | None:
    """The direction of a transfer from a partner of `origin_kind` to one of `adopter_kind`:
    URBAN_TO_RURAL, RURAL_TO_URBAN, or None when both are on one side or one has no side."""
    origin, adopter = area_of(origin_kind), area_of(adopter_kind)
    if origin == URBAN and adopter == RURAL:
        return URBAN_TO_RURAL
    if origin == RURAL and adopter == URBAN:
        return RURAL_TO_URBAN
    return None
