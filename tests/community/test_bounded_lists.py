"""Event pages and feeds stay small however full the calendar gets."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from community.models.events import FEED_PAST_DAYS

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def test_upcoming_events_are_paginated_apart_from_the_archive(client):
    now = timezone.now()
    for day in range(1, 26):
        EventFactory(title=f"Termin {day:02d}", start=now + timedelta(days=day))
    first = client.get("/termine/")
    second = client.get("/termine/", {"kommend": 2})
    assert len(first.context["upcoming"]) == 20
    assert [event.title for event in second.context["upcoming"]] == [
        f"Termin {day:02d}" for day in range(21, 26)
    ]
    assert "kommend=2" in first.content.decode()


def test_the_public_feed_leaves_out_events_that_ended_long_ago(client):
    now = timezone.now()
    EventFactory(title="Alt", start=now - timedelta(days=FEED_PAST_DAYS + 10))
    EventFactory(title="Letzten Monat", start=now - timedelta(days=30))
    EventFactory(title="Bald", start=now + timedelta(days=3))
    calendar = Calendar.from_ical(client.get("/termine.ics").content)
    titles = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert titles == ["Bald", "Letzten Monat"]
