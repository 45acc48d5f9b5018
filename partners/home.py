"""The partners on the home page: two figures, the count of each kind and the newest few.

Two queries whatever the number of partners (core.slots): the page shows how
many partners of each kind take part, each linking to the directory filtered
by that kind, instead of listing every partner.
"""

from django.db.models import Count, F
from django.utils.translation import gettext as _

from core.slots import home_figures, home_sections, once_per_request

from .models import Partner

NEWEST = 5


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
    newest = list(
        Partner.objects.active()
        .only("name", "slug")
        .order_by(F("joined_on").desc(nulls_last=True), "-created_at", "-pk")[:NEWEST]
    )
    return {
        "template": "partners/includes/_home_partners.html",
        "kinds": kinds,
        "newest": newest,
        "total": sum(kind["count"] for kind in kinds),
    }
