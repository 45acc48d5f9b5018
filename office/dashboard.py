"""The project office's cockpit as the first panel of /intern/ (core.slots)."""

from core.slots import panels
from partners.rules import is_office_or_superuser

from .cockpit import cockpit_context


@panels.register(order=5)
def cockpit_panel(request) -> dict | None:
    """The cockpit on /intern/, for the project office only."""
    if not is_office_or_superuser(request.user):
        return None
    return {
        "template": "office/includes/_panel_cockpit.html",
        **cockpit_context(request),
    }
