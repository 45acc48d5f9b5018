"""Subscribing to the calendar: a webcal:// link, the HTTPS address to copy, how-tos
for the common apps, and one event as an .ics file on its page."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from community.models import Event
from tests.factories import UserFactory, make_project_office

pytestmark = pytest.mark.django_db


def make_event(**fields) -> Event:
    start = timezone.now() + datetime.timedelta(days=10)
    values = {
        "kind": Event.Kind.WORKSHOP,
        "title": "Werkstatt Daseinsvorsorge",
        "start": start,
        "end": start + datetime.timedelta(hours=2),
        "is_public": True,
    }
    return Event.objects.create(**(values | fields))


def test_the_events_page_offers_webcal_the_address_to_copy_and_how_tos(client):
    html = client.get("/termine/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="webcal://testserver/termine.ics"' in html
    assert 'value="http://testserver/termine.ics" readonly' in html
    assert '<label class="kern-label" for="feed-url">' in html
    assert "<details>" in html
    for app in ("Outlook", "Thunderbird", "iPhone", "Android"):
        assert app in html


def test_the_subscription_address_of_a_selection_keeps_the_filter(client):
    html = client.get("/termine/?art=workshop", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="webcal://testserver/termine.ics?art=workshop"' in html


def test_an_event_page_links_its_own_ics_file_which_holds_exactly_that_event(client):
    event = make_event()
    make_event(title="Ein anderer Termin")
    html = client.get(f"/termine/{event.pk}/").content.decode()
    assert f'href="/termine/{event.pk}/termin.ics"' in html
    response = client.get(f"/termine/{event.pk}/termin.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Werkstatt Daseinsvorsorge"]
    assert events[0].decoded("DTSTART") == event.start.replace(microsecond=0)


def test_an_internal_event_file_is_not_found_for_those_who_may_not_see_it(client):
    internal = make_event(title="Interne Runde", is_public=False)
    url = f"/termine/{internal.pk}/termin.ics"
    assert client.get(url).status_code == 404
    assert client.get(f"/termine/{internal.pk}/").status_code == 404  # as the page
    assert client.get("/termine/999999/termin.ics").status_code == 404


def test_an_internal_event_file_opens_for_the_office_not_for_a_stranger(client_of):
    internal = make_event(title="Interne Runde", is_public=False)
    url = f"/termine/{internal.pk}/termin.ics"
    assert client_of(UserFactory()).get(url).status_code == 404
    response = client_of(make_project_office(UserFactory())).get(url)
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Interne Runde"]
