"""The next Innovationsmobil stops and the latest news on the home page (core.slots)."""

from django.utils import timezone

from core.slots import home_sections

from .models import Announcement, Event

SHOWN = 3


@home_sections.register(order=30)
def tour_stops(request) -> dict:
    """The next Innovationsmobil stops (one query)."""
    # Cut on the event table alone, then joined (10,000 events at network scale).
    stops = Event.objects.public().tour_stops().upcoming(timezone.now()).first_with_related(SHOWN)
    return {"template": "community/includes/_home_tour.html", "stops": stops}


@home_sections.register(order=40)
def news(request) -> dict:
    """The latest public announcements (one query)."""
    announcements = list(Announcement.objects.published().public()[:SHOWN])
    return {"template": "community/includes/_home_news.html", "announcements": announcements}
