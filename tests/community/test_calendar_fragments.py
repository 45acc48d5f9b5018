"""The public calendar feed from weekly fragments, and event lists that stay flat (issue 21)."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from community import ical
from community.ical import build_calendar, build_public_calendar, feed_events
from community.models import Event
from community.models.events import FEED_PAST_DAYS
from tests.factories import PartnerFactory
from tests.utils import count_queries

from .factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def host():
    return PartnerFactory(name="Stadt Kalenderhausen")


@pytest.fixture
def year_of_events(host):
    """Events over four months, one every ten days, and one long ago."""
    now = timezone.now()
    events = [
        EventFactory(
            title=f"Treffen {n}", start=now + timedelta(days=10 * n - 30), host_partner=host
        )
        for n in range(12)
    ]
    EventFactory(title="Lange her", start=now - timedelta(days=FEED_PAST_DAYS + 30))
    return events


def public_events():
    return Event.objects.public().in_feed()


def feed(client) -> str:
    return client.get("/termine.ics").content.decode()


def test_the_fragments_make_the_same_bytes_as_one_build(year_of_events):
    whole = build_calendar(feed_events(public_events()), name="Regio.hub")
    assert build_public_calendar(public_events(), name="Regio.hub") == whole
    # Again from the cached fragments.
    assert build_public_calendar(public_events(), name="Regio.hub") == whole


def test_the_feed_window_leaves_out_what_ended_long_ago(client, year_of_events):
    body = feed(client)
    assert "Lange her" not in body
    assert all(f"Treffen {n}\r\n" in body for n in range(12))


def test_after_an_edit_only_the_edited_event_is_read_and_drawn_again(year_of_events, monkeypatch):
    build_public_calendar(public_events(), name="Regio.hub")
    drawn = []
    original = ical._each_vevent
    monkeypatch.setattr(
        ical, "_each_vevent", lambda rows: original(drawn.extend(row.title for row in rows) or rows)
    )
    event = year_of_events[5]
    event.title = "Treffen umbenannt"
    event.save()
    body = build_public_calendar(public_events(), name="Regio.hub").decode()
    assert drawn == ["Treffen umbenannt"]
    assert "Treffen umbenannt" in body
    assert body == build_calendar(feed_events(public_events()), name="Regio.hub").decode()


def test_a_process_that_has_not_drawn_the_events_reads_them_in_full(year_of_events, monkeypatch):
    """Another worker after an edit: its week comes from the shared cache or is drawn whole."""
    build_public_calendar(public_events(), name="Regio.hub")
    year_of_events[5].save()
    monkeypatch.setattr(ical, "DRAWN", ical._DrawnEvents(ical.DRAWN.size))
    body = build_public_calendar(public_events(), name="Regio.hub")
    assert body == build_calendar(feed_events(public_events()), name="Regio.hub")


def test_the_drawn_events_are_bounded():
    drawn = ical._DrawnEvents(2)
    for pk in range(3):
        drawn.put(("de", "http://testserver", pk, "v", None), b"x")
    assert drawn.get(("de", "http://testserver", 0, "v", None)) is None
    assert drawn.get(("de", "http://testserver", 2, "v", None)) == b"x"


def test_each_language_has_its_own_categories(year_of_events):
    EventFactory(kind=Event.Kind.NETWORK_MEETING, start=timezone.now() + timedelta(days=2))
    with translation.override("de"):
        german = build_public_calendar(public_events(), name="Regio.hub").decode()
    with translation.override("en"):
        english = build_public_calendar(public_events(), name="Regio.hub").decode()
    assert "CATEGORIES:Netzwerktreffen" in german
    assert "CATEGORIES:Network meeting" in english
    with translation.override("en"):
        assert english == build_calendar(feed_events(public_events()), name="Regio.hub").decode()


def test_deleted_and_hidden_events_leave_the_feed(client, year_of_events):
    feed(client)
    year_of_events[2].delete()
    hidden = year_of_events[3]
    hidden.is_public = False
    hidden.save()
    body = feed(client)
    assert "Treffen 2\r\n" not in body
    assert "Treffen 3\r\n" not in body
    assert "Treffen 4\r\n" in body


def test_a_renamed_or_deleted_host_changes_the_description(client, host, year_of_events):
    assert "Stadt Kalenderhausen" in feed(client)
    host.name = "Stadt Neuhausen"
    host.save()
    body = feed(client)
    assert "Stadt Kalenderhausen" not in body
    assert "Stadt Neuhausen" in body
    host.delete()
    assert "Stadt Neuhausen" not in feed(client)


def test_the_feed_after_an_edit_costs_the_same_queries_at_any_size(client, host):
    now = timezone.now()

    def after_an_edit() -> int:
        feed(client)
        event = Event.objects.order_by("pk").first()
        event.title += " (neu)"
        event.save()
        return count_queries(lambda: client.get("/termine.ics"))

    for n in range(3):
        EventFactory(start=now + timedelta(days=n), host_partner=host)
    small = after_an_edit()
    for n in range(60):
        EventFactory(start=now + timedelta(days=3 * n), host_partner=host)
    large = after_an_edit()
    assert small == large


def test_the_events_page_costs_the_same_queries_at_any_size(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    now = timezone.now()
    for n in range(3):
        EventFactory(start=now + timedelta(days=n))
        EventFactory(start=now - timedelta(days=n + 1))
    small = count_queries(lambda: client.get("/termine/"))
    for n in range(30):
        EventFactory(start=now + timedelta(days=3 + n))
        EventFactory(start=now - timedelta(days=4 + n))
    large = count_queries(lambda: client.get("/termine/"))
    assert small == large
    page = client.get("/termine/")
    assert len(page.context["upcoming"].object_list) == 20
    starts = [event.start for event in page.context["upcoming"].object_list]
    assert starts == sorted(starts)
    archive = [event.start for event in page.context["archive"].object_list]
    assert archive == sorted(archive, reverse=True)
