"""The needs panel of the /intern/ dashboard: our needs and the open needs of others."""

from django.db.models import Count, Q

from core.slots import panels
from partners.rules import is_office_or_superuser, partner_roles

from .models import Need, NeedState


@panels.register(order=25)
def needs_panel(request) -> dict | None:
    user = request.user
    office = is_office_or_superuser(user)
    partner_ids = list(partner_roles(user))
    if not office and not partner_ids:
        return None
    counts = Need.objects.visible_to(user).aggregate(
        own=Count("pk", filter=Q(partner_id__in=partner_ids) & ~Q(state=NeedState.CLOSED)),
        others=Count("pk", filter=Q(state__in=NeedState.active()) & ~Q(partner_id__in=partner_ids)),
    )
    return {
        "template": "exchange/includes/_panel_needs.html",
        "own": counts["own"],
        "others": counts["others"],
        "can_create": user.has_perm("exchange.create_need"),
    }
