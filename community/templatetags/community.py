from django import template
from django.utils import timezone

from ..markdown import render_markdown
from ..models import Announcement, Event, Expert

register = template.Library()


@register.filter
def markdown(text: str):
    """Render Markdown written by users, sanitised."""
    return render_markdown(text)


@register.inclusion_tag("community/includes/_home_tour.html")
def home_tour_stops(limit: int = 3) -> dict:
    """The next Innovationsmobil stops for the home page (one query)."""
    stops = Event.objects.public().tour_stops().upcoming(timezone.now()).with_related()
    return {"stops": list(stops[:limit])}


@register.inclusion_tag("community/includes/_home_news.html")
def home_news(limit: int = 3) -> dict:
    """The latest public announcements for the home page (one query)."""
    return {"announcements": list(Announcement.objects.published().public()[:limit])}


@register.inclusion_tag("community/includes/_suggested_experts.html", takes_context=True)
def suggested_experts(context, fields, limit: int = 5) -> dict:
    """Listed experts of the given fields of action, for internal pages (a project page).

    Shows nothing to people who may not see the expert directory.
    """
    user = context["request"].user
    if not user.has_perm("community.view_expert_directory"):
        return {"experts": []}
    experts = (
        Expert.objects.listed_internally().filter(fields_of_action__in=fields).distinct()[:limit]
    )
    return {"experts": list(experts)}
