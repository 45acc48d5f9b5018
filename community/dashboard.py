"""Dashboard panel of the community app (core.slots)."""

from django.utils import timezone

from core.slots import panels
from partners.rules import is_office_or_superuser

from .models import Announcement, Event, WorkingGroup

PANEL_ITEMS = 3


@panels.register(order=21)
def community_panel(request) -> dict | None:
    """Next events, latest announcements and my working groups (three queries).

    Three of each: the dashboard points to them, their pages list them all.
    """
    user = request.user
    if not user.has_perm("core.access_intern"):
        return None
    if is_office_or_superuser(user):
        # The office's work with events and news is in its to-dos and its cockpit
        # (next events on the admin start page); here, the ways there.
        return {"template": "community/includes/_panel_community.html", "links_only": True}
    # The next ones are sorted and cut on the event table, then joined to their relations.
    visible = Event.objects.visible_to(user)
    return {
        "template": "community/includes/_panel_community.html",
        "events": visible.upcoming(timezone.now()).first_with_related(PANEL_ITEMS),
        "announcements": list(
            Announcement.objects.visible_to(user).select_related("working_group")[:PANEL_ITEMS]
        ),
        "groups": list(WorkingGroup.objects.for_user(user).order_by("name")),
    }
