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

URBAN = "urban"
RURAL = "rural"

URBAN_KINDS = frozenset({Partner.Kind.STATE_CAPITAL, Partner.Kind.TOWN})
RURAL_KINDS = frozenset({Partner.Kind.DISTRICT, Partner.Kind.MUNICIPALITY})

# The values of projects.Project.TransferDirection, so both speak the same words.
URBAN_TO_RURAL = "urban_rural"
RURAL_TO_URBAN = "rural_urban"


def area_type(kind: str) -> str | None:
    """ "urban", "rural" or None for a partner kind."""
    if kind in URBAN_KINDS:
        return URBAN
    if kind in RURAL_KINDS:
        return RURAL
    return None


def direction(origin_kind: str, adopter_kind: str) -> str | None:
    """The direction of a transfer from a partner of `origin_kind` to one of `adopter_kind`."""
    origin, adopter = area_type(origin_kind), area_type(adopter_kind)
    if origin == URBAN and adopter == RURAL:
        return URBAN_TO_RURAL
    if origin == RURAL and adopter == URBAN:
        return RURAL_TO_URBAN
    return None
