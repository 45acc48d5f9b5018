"""The project office's cockpit as the first panel of /intern/ (core.slots)."""

from core.slots import panels
from exchange.models import WITHOUT_RESPONSE_DAYS, Need
from partners.rules import is_office_or_superuser

from .cockpit import cockpit_context

NEEDS_SHOWN = 10


@panels.register(order=5)
def cockpit_panel(request) -> dict | None:
    """The cockpit on /intern/, for the project office only."""
    if not is_office_or_superuser(request.user):
        return None
    return {
        "template": "office/includes/_panel_cockpit.html",
        **cockpit_context(request),
    }


@panels.register(order=6)
def needs_without_response_panel(request) -> dict | None:
    """Open needs nobody has answered: where the network has a gap (the office only)."""
    if not is_office_or_superuser(request.user):
        return None
    needs = list(
        Need.objects.without_response()
        .select_related("partner")
        .order_by("opened_at", "pk")[:NEEDS_SHOWN]
    )
    return {
        "template": "office/includes/_panel_needs_without_response.html",
        "needs": needs,
        "days": WITHOUT_RESPONSE_DAYS,
    }
