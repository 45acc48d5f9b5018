"""Event pages and feeds stay small however full the calendar gets."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from icalendar import Calendar

from community.models import Event
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


def test_a_long_event_that_began_long_ago_is_still_upcoming_and_in_the_feed(client):
    """The next events are read from a start bound (the longest event's duration
    before the moment): a running exhibition widens the bound, it is not cut off."""
    now = timezone.now()
    EventFactory(title="Kurz und vorbei", start=now - timedelta(days=90))
    EventFactory(
        title="Ausstellung",
        start=now - timedelta(days=120),
        end=now + timedelta(days=10),
    )
    EventFactory(title="Bald", start=now + timedelta(days=2))
    assert [event.title for event in Event.objects.upcoming()] == ["Ausstellung", "Bald"]
    calendar = Calendar.from_ical(client.get("/termine.ics").content)
    titles = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert titles == ["Ausstellung", "Bald"]


def test_the_feed_cap_cuts_between_events_that_start_at_the_same_time(monkeypatch):
    monkeypatch.setattr("community.models.events.FEED_MAX_EVENTS", 3)
    start = timezone.now() + timedelta(days=3)
    same_time = [EventFactory(start=start) for _ in range(4)]
    EventFactory(start=start - timedelta(hours=1))
    feed = list(Event.objects.public().in_feed().order_by("start", "pk"))
    assert len(feed) == 3
    assert feed[1:] == same_time[:2]


def test_with_no_events_nothing_is_upcoming():
    assert not Event.objects.upcoming().exists()
    assert not Event.objects.in_feed().exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_the_longest_duration_is_read_from_its_index():
    for hours in (1, 5, 3):
        start = timezone.now() + timedelta(days=hours)
        EventFactory(start=start, end=start + timedelta(hours=hours))
    sql, params = Event.objects.upcoming().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "event_duration_idx" in plan
