from django import template
from django.utils import timezone

from ..markdown import render_markdown
from ..models import Announcement, Event

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
