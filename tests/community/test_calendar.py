"""The iCalendar feeds: RFC 5545 via icalendar, stable UIDs, Berlin local time, privacy."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
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
    # 2026-10-25 03:00 CEST becomes 02:00 CET.
    summer = datetime(2026, 10, 24, 10, 0, tzinfo=BERLIN)
    winter = datetime(2026, 10, 26, 10, 0, tzinfo=BERLIN)
    EventFactory(title="Summer", start=summer, end=summer + timedelta(hours=2))
    EventFactory(title="Winter", start=winter, end=winter + timedelta(hours=2))
    entries = _events(_parse(client.get("/termine.ics")))

    summer_start = entries["Summer"].decoded("dtstart")
    winter_start = entries["Winter"].decoded("dtstart")
    assert (summer_start.hour, summer_start.utcoffset()) == (10, timedelta(hours=2))
    assert (winter_start.hour, winter_start.utcoffset()) == (10, timedelta(hours=1))
    assert summer_start.astimezone(ZoneInfo("UTC")).hour == 8
    assert winter_start.astimezone(ZoneInfo("UTC")).hour == 9
    assert b"DTSTART;TZID=Europe/Berlin:20261024T100000" in client.get("/termine.ics").content


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
    response = client.post(reverse("community:calendar_feed"), {"action": "create"})
    url = re.search(r"http://testserver(/termine/privat/[^<\s]+\.ics)", response.content.decode())
    client.logout()
    entries = _events(_parse(client.get(url.group(1))))
    assert "Hidden" in entries


def test_revoked_private_feed_gives_404(client, client_of, member_a):
    token = CalendarFeedToken.issue(member_a)
    client_of(member_a).post(reverse("community:calendar_feed"), {"action": "revoke"})
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
