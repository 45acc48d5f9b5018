"""Dashboard panel of the community app (core.slots)."""

from django.utils import timezone

from core.slots import panels

from .models import Announcement, Event, WorkingGroup


@panels.register(order=21)
def community_panel(request) -> dict | None:
    """Next events, latest announcements and my working groups (three queries)."""
    user = request.user
    if not user.has_perm("core.access_intern"):
        return None
    # The next five are sorted and cut on the event table, then joined to their relations.
    visible = Event.objects.visible_to(user)
    return {
        "template": "community/includes/_panel_community.html",
        "events": visible.upcoming(timezone.now()).first_with_related(5),
        "announcements": list(
            Announcement.objects.visible_to(user).select_related("working_group")[:5]
        ),
        "groups": list(WorkingGroup.objects.for_user(user).order_by("name")),
    }
