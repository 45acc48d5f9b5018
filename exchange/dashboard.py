"""The needs panel of the /intern/ dashboard: the way to the needs of the network.

It reads nothing from the database (the roles are read once per request by the
rules), so the start page keeps its query budget (tests/perf).
"""

from core.slots import panels
from partners.rules import is_office_or_superuser, partner_roles


@panels.register(order=25)
def needs_panel(request) -> dict | None:
    user = request.user
    if not (is_office_or_superuser(user) or partner_roles(user)):
        return None
    return {
        "template": "exchange/includes/_panel_needs.html",
        "can_create": user.has_perm("exchange.create_need"),
        "can_save_search": user.has_perm("exchange.save_search"),
    }
