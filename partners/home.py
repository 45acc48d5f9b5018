"""The partners on the home page: two figures, the count of each kind and a short list.

Two queries whatever the number of partners (core.slots): the page shows how
many partners of each kind take part, each linking to the directory filtered
by that kind. While the hub is small (up to LIST_ALL partners) every partner
is listed by name, as before; beyond that only the newest few.
"""

from django.db.models import Count, F
from django.utils.translation import gettext as _

from core.slots import home_figures, home_sections, once_per_request

from .models import Partner

NEWEST = 5
LIST_ALL = 24


def _counts(request) -> list[dict]:
    """Active partners per kind and federal state (a few rows at any size)."""
    return once_per_request(
        request,
        "partners.counts",
        lambda: list(
            Partner.objects.active()
            .order_by()
            .values("kind", "federal_state")
            .annotate(count=Count("pk"))
        ),
    )


@home_figures.register(order=10)
def partner_figures(request) -> list[dict]:
    counts = _counts(request)
    return [
        {"label": _("Partners"), "value": sum(row["count"] for row in counts)},
        {"label": _("Federal states"), "value": len({row["federal_state"] for row in counts})},
    ]


@home_sections.register(order=90)
def partner_overview(request) -> dict:
    by_kind: dict[str, int] = {}
    for row in _counts(request):
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + row["count"]
    kinds = [
        {"kind": kind, "label": kind.label, "count": by_kind[kind]}
        for kind in Partner.Kind
        if by_kind.get(kind)
    ]
    # The newest LIST_ALL + 1: all of them while the hub is small, else the first few.
    recent = list(
        Partner.objects.active()
        .only("name", "slug")
        .order_by(F("joined_on").desc(nulls_last=True), "-created_at", "-pk")[: LIST_ALL + 1]
    )
    listing_all = len(recent) <= LIST_ALL
    return {
        "template": "partners/includes/_home_partners.html",
        "kinds": kinds,
        "listing_all": listing_all,
        "partners": sorted(recent, key=lambda partner: partner.name)
        if listing_all
        else recent[:NEWEST],
        "total": sum(kind["count"] for kind in kinds),
    }
