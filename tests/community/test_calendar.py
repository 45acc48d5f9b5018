"""The iCalendar feeds: RFC 5545 via icalendar, stable UIDs, Berlin local time, privacy."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from community.models import CalendarFeedToken, Event

from .factories import EventFactory, WorkingGroupFactory, WorkingGroupMemberFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def _parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _events(calendar: Calendar) -> dict[str, object]:
    return {str(component["summary"]): component for component in calendar.walk("VEVENT")}


def test_public_feed_parses_back_with_required_properties(client):
    event = EventFactory(title="Innovationsmobil in Potsdam", kind=Event.Kind.TOUR_STOP)
    calendar = _parse(client.get("/termine.ics"))
    assert calendar["version"] == "2.0"
    assert calendar["prodid"]
    (entry,) = calendar.walk("VEVENT")
    assert entry["uid"] == f"{event.uid}@regiohub"
    assert entry.get("dtstamp") is not None
    assert entry["url"] == f"http://testserver/termine/{event.pk}/"
    assert entry["dtstart"].params["TZID"] == "Europe/Berlin"
    (timezone,) = calendar.walk("VTIMEZONE")
    assert timezone["tzid"] == "Europe/Berlin"


def test_uids_stay_the_same_across_requests_and_edits(client):
    event = EventFactory()
    first = _parse(client.get("/termine.ics")).walk("VEVENT")[0]["uid"]
    event.title = "Renamed"
    event.save()
    second = _parse(client.get("/termine.ics")).walk("VEVENT")[0]["uid"]
    assert first == second == f"{event.uid}@regiohub"


def test_local_times_are_right_on_both_sides_of_the_switch_to_winter_time(client):
    # The next last Sunday of October, when 03:00 CEST becomes 02:00 CET (the
    # feed holds coming events, so the switch is always ahead).
    today = timezone.localdate()
    october_31 = date(today.year if today.month < 10 else today.year + 1, 10, 31)
    switch = october_31 - timedelta(days=(october_31.weekday() + 1) % 7)
    summer = datetime.combine(switch - timedelta(days=1), time(10), tzinfo=BERLIN)
    winter = datetime.combine(switch + timedelta(days=1), time(10), tzinfo=BERLIN)
    EventFactory(title="Summer", start=summer, end=summer + timedelta(hours=2))
    EventFactory(title="Winter", start=winter, end=winter + timedelta(hours=2))
    entries = _events(_parse(client.get("/termine.ics")))

    summer_start = entries["Summer"].decoded("dtstart")
    winter_start = entries["Winter"].decoded("dtstart")
    assert (summer_start.hour, summer_start.utcoffset()) == (10, timedelta(hours=2))
    assert (winter_start.hour, winter_start.utcoffset()) == (10, timedelta(hours=1))
    assert summer_start.astimezone(ZoneInfo("UTC")).hour == 8
    assert winter_start.astimezone(ZoneInfo("UTC")).hour == 9
    assert f"DTSTART;TZID=Europe/Berlin:{summer:%Y%m%d}T100000".encode() in (
        client.get("/termine.ics").content
    )


def test_internal_events_never_reach_the_public_feed(client, partner_a):
    EventFactory(title="Public workshop")
    EventFactory(title="Internal meeting", is_public=False, host_partner=partner_a)
    entries = _events(_parse(client.get("/termine.ics")))
    assert set(entries) == {"Public workshop"}


def test_private_feed_holds_internal_events_of_own_partner_and_groups_only(
    client, member_a, partner_a, partner_b
):
    group = WorkingGroupFactory()
    WorkingGroupMemberFactory(group=group, user=member_a)
    EventFactory(title="Public")
    EventFactory(title="Own partner", is_public=False, host_partner=partner_a)
    EventFactory(
        title="Own group",
        is_public=False,
        host_partner=partner_b,
        working_group=group,
        kind=Event.Kind.GROUP_MEETING,
    )
    EventFactory(title="Other partner", is_public=False, host_partner=partner_b)
    token = CalendarFeedToken.issue(member_a)

    entries = _events(_parse(client.get(f"/termine/privat/{token}.ics")))
    assert set(entries) == {"Public", "Own partner", "Own group"}


def test_private_feed_link_is_created_in_the_internal_area_and_works(client_of, member_a):
    EventFactory(title="Hidden", is_public=False, host_partner=member_a.memberships.get().partner)
    client = client_of(member_a)
    response = client.post(reverse("community_intern:calendar_feed"), {"action": "create"})
    url = re.search(r"http://testserver(/termine/privat/[^<\s]+\.ics)", response.content.decode())
    client.logout()
    entries = _events(_parse(client.get(url.group(1))))
    assert "Hidden" in entries


def test_revoked_private_feed_gives_404(client, client_of, member_a):
    token = CalendarFeedToken.issue(member_a)
    client_of(member_a).post(reverse("community_intern:calendar_feed"), {"action": "revoke"})
    client.logout()
    assert client.get(f"/termine/privat/{token}.ics").status_code == 404


def test_a_new_private_link_revokes_the_old_one(client, member_a):
    old = CalendarFeedToken.issue(member_a)
    new = CalendarFeedToken.issue(member_a)
    assert client.get(f"/termine/privat/{old}.ics").status_code == 404
    assert client.get(f"/termine/privat/{new}.ics").status_code == 200


def test_unknown_token_gives_404(client):
    assert client.get("/termine/privat/not-a-token.ics").status_code == 404


def test_only_the_hash_of_the_token_is_stored(member_a):
    token = CalendarFeedToken.issue(member_a)
    assert not CalendarFeedToken.objects.filter(token_hash=token).exists()
    assert CalendarFeedToken.objects.find(token).user == member_a


# --- Speed without changing the feed (issue 10) ----------------------------


def _reference_calendar(events, name: str) -> bytes:
    """The feed as icalendar's own `add()` and `to_ical()` make it (the former build)."""
    from datetime import UTC

    from icalendar import Event as ICalEvent
    from icalendar import Timezone, vGeo

    from community.ical import PRODID

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    calendar.add_component(Timezone.from_tzid("Europe/Berlin"))
    for event in events:
        entry = ICalEvent()
        entry.add("uid", event.ical_uid)
        entry.add("dtstamp", event.updated_at.astimezone(UTC))
        entry.add("dtstart", event.start.astimezone(BERLIN))
        entry.add("dtend", event.end.astimezone(BERLIN))
        entry.add("summary", event.title)
        entry.add("categories", [event.get_kind_display()])
        entry.add("class", "PUBLIC" if event.is_public else "PRIVATE")
        if event.location_text:
            entry.add("location", event.location_text)
        if event.latitude is not None and event.longitude is not None:
            entry.add("geo", vGeo((float(event.latitude), float(event.longitude))))
        description = event.agenda.strip()
        if event.host_partner_id:
            host = event.host_partner.name
            description = f"{host}\n\n{description}" if description else host
        if description:
            entry.add("description", description)
        entry.add("url", f"http://testserver{event.get_absolute_url()}")
        calendar.add_component(entry)
    return calendar.to_ical()


def test_fast_build_gives_the_same_bytes_as_icalendars_own_serialisation(partner_a):
    from community.ical import build_calendar, feed_events

    summer = datetime(2026, 7, 1, 9, 30, tzinfo=BERLIN)
    EventFactory(title="Kurz", start=summer, end=summer + timedelta(hours=1))
    EventFactory(
        title="Überlange Veranstaltung mit Umlauten, Kommas; Semikolons und langem Titel",
        kind=Event.Kind.TOUR_STOP,
        agenda="Begrüßung\nÄußerst lange Tagesordnung " * 8,
        address="Friedrich-Ebert-Straße 79/81, 14469 Potsdam",
        host_partner=partner_a,
    )
    EventFactory(title="Ohne Ort", place_name="", municipality_ags="", agenda="")
    EventFactory(title="Intern", is_public=False, host_partner=None)
    events = list(Event.objects.with_related().order_by("start", "pk"))

    rows = feed_events(Event.objects.all())
    assert build_calendar(rows, name="Regio.hub") == _reference_calendar(events, "Regio.hub")
    # Built again from the memoised VEVENTs: still the same bytes.
    assert build_calendar(rows, name="Regio.hub") == _reference_calendar(events, "Regio.hub")
    # An edit is a new VEVENT, never the memoised old one.
    Event.objects.filter(title="Kurz").update(title="Kurz und neu", updated_at=summer)
    events = list(Event.objects.with_related().order_by("start", "pk"))
    rebuilt = build_calendar(feed_events(Event.objects.all()), name="Regio.hub")
    assert rebuilt == _reference_calendar(events, "Regio.hub")
    assert b"SUMMARY:Kurz und neu" in rebuilt


@pytest.mark.parametrize("page_cache_seconds", [0, 600])
def test_an_event_edit_changes_the_public_feed_at_once(client, settings, page_cache_seconds):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    event = EventFactory(title="Before")
    assert set(_events(_parse(client.get("/termine.ics")))) == {"Before"}

    event.title = "After"
    event.save()
    assert set(_events(_parse(client.get("/termine.ics")))) == {"After"}

    event.delete()
    assert _events(_parse(client.get("/termine.ics"))) == {}


def test_a_partner_rename_changes_the_public_feed_at_once(client, settings, partner_a):
    settings.PAGE_CACHE_SECONDS = 0
    EventFactory(title="Hosted", host_partner=partner_a)
    client.get("/termine.ics")
    partner_a.name = "Neuer Name der Gemeinde"
    partner_a.save()
    entry = _events(_parse(client.get("/termine.ics")))["Hosted"]
    assert str(entry["description"]).startswith("Neuer Name der Gemeinde")


def test_the_public_feed_is_built_once_until_something_changes(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    EventFactory()
    first = client.get("/termine.ics").content
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/termine.ics").content
    assert again == first
    # Only the cache lookup (the test cache lives in the database), no event query.
    assert not [q for q in queries.captured_queries if "community_event" in q["sql"]]


def test_private_feeds_are_never_served_from_the_public_feeds_cache(
    client, settings, member_a, partner_a, admin_b
):
    settings.PAGE_CACHE_SECONDS = 0
    EventFactory(title="Public")
    EventFactory(title="Internal of A", is_public=False, host_partner=partner_a)
    client.get("/termine.ics")  # the public feed is now cached
    token_a = CalendarFeedToken.issue(member_a)
    token_b = CalendarFeedToken.issue(admin_b)

    assert set(_events(_parse(client.get(f"/termine/privat/{token_a}.ics")))) == {
        "Public",
        "Internal of A",
    }
    assert set(_events(_parse(client.get(f"/termine/privat/{token_b}.ics")))) == {"Public"}
    # Built for its user on every request, and marked so that no cache keeps it.
    response = client.get(f"/termine/privat/{token_a}.ics")
    assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_rebuilding_the_public_feed_runs_the_same_queries_at_any_size(client, settings):
    from core.pagecache import bump_generation
    from tests.utils import count_queries

    settings.PAGE_CACHE_SECONDS = 0

    def rebuild():
        bump_generation()  # what any save of content does
        _parse(client.get("/termine.ics"))

    EventFactory()
    rebuild()  # warm: translations, URL resolvers
    few = count_queries(rebuild)
    for _ in range(10):
        EventFactory()
    rebuild()  # the new events' month is built into its fragment
    many = count_queries(rebuild)
    assert few == many


def test_the_private_feed_runs_the_same_queries_at_any_size(client, member_a, partner_a):
    from tests.utils import count_queries

    token = CalendarFeedToken.issue(member_a)
    url = f"/termine/privat/{token}.ics"
    EventFactory(is_public=False, host_partner=partner_a)
    _parse(client.get(url))  # warm
    few = count_queries(lambda: _parse(client.get(url)))
    for _ in range(5):
        EventFactory()
        EventFactory(is_public=False, host_partner=partner_a, agenda="Intern")
    response = client.get(url)
    assert len(_parse(response).walk("VEVENT")) == 11
    many = count_queries(lambda: _parse(client.get(url)))
    assert few == many


def test_private_feed_holds_at_most_the_next_events_too(client, member_a, monkeypatch):
    monkeypatch.setattr("community.models.events.FEED_MAX_EVENTS", 2)
    partner = member_a.memberships.get().partner
    now = timezone.now()
    EventFactory(
        title="Intern bald", is_public=False, host_partner=partner, start=now + timedelta(days=1)
    )
    EventFactory(title="Öffentlich danach", start=now + timedelta(days=2))
    EventFactory(title="Später", start=now + timedelta(days=3))
    token = CalendarFeedToken.issue(member_a)
    entries = _events(_parse(client.get(f"/termine/privat/{token}.ics")))
    assert set(entries) == {"Intern bald", "Öffentlich danach"}
