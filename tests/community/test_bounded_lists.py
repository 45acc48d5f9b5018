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
    EventFactory(title="Vor drei Wochen", start=now - timedelta(days=21))
    EventFactory(title="Bald", start=now + timedelta(days=3))
    calendar = Calendar.from_ical(client.get("/termine.ics").content)
    titles = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert titles == ["Bald", "Vor drei Wochen"]


def test_a_feed_holds_at_most_the_next_events_soonest_first(client, monkeypatch):
    monkeypatch.setattr("community.models.events.FEED_MAX_EVENTS", 3)
    now = timezone.now()
    EventFactory(title="Vor einer Woche", start=now - timedelta(days=7))
    for day in range(1, 6):
        EventFactory(title=f"In {day} Tagen", start=now + timedelta(days=day))
    calendar = Calendar.from_ical(client.get("/termine.ics").content)
    titles = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert titles == ["Vor einer Woche", "In 1 Tagen", "In 2 Tagen"]


def test_the_events_page_says_what_a_subscription_holds(client):
    body = client.get("/termine/").content.decode()
    assert f"der letzten {FEED_PAST_DAYS} Tage und höchstens die nächsten 1.000" in body
