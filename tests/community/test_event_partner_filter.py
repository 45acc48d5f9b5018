"""/termine/'s partner filter is a text field matched on the server, not a select of
every partner (issue 21): it works without JavaScript, like the showcase's."""

import re

import pytest
from icalendar import Calendar

from tests.factories import PartnerFactory
from tests.utils import count_queries

from .factories import EventFactory

pytestmark = pytest.mark.django_db

LIST = "/termine/"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def events(partner_a, partner_b):
    EventFactory(host_partner=partner_a, title="Workshop A")
    EventFactory(host_partner=partner_b, title="Workshop B")


def upcoming(response) -> list[str]:
    return sorted(event.title for event in response.context["upcoming"])


def test_the_partner_field_is_a_text_field_with_suggestions_not_a_select(client, events):
    for number in range(30):
        PartnerFactory(name=f"Gemeinde Nummer {number}")
    body = client.get(LIST).content.decode()
    field = re.search(r"<input[^>]*name=\"partner\"[^>]*>", body)
    assert field is not None
    assert 'type="text"' in field.group(0)
    assert 'data-hx-get="/partner/vorschlaege/"' in field.group(0)
    assert '<select name="partner"' not in body
    assert "Gemeinde Nummer 7" not in body


def test_a_slug_from_a_link_filters_and_the_field_shows_the_name(client, events, partner_a):
    response = client.get(LIST, {"partner": partner_a.slug})
    assert upcoming(response) == ["Workshop A"]
    assert f'value="{partner_a.name}"' in response.content.decode()


def test_a_typed_name_filters_without_javascript(client, events, partner_b):
    response = client.get(LIST, {"partner": "testhausen"})
    assert upcoming(response) == ["Workshop B"]


def test_several_matches_list_all_their_events_and_offer_a_choice(client, events):
    other = PartnerFactory(name="Landkreis Testland C")
    EventFactory(host_partner=other, title="Workshop C")
    response = client.get(LIST, {"partner": "Testland", "seite": "2"})
    assert upcoming(response) == ["Workshop A", "Workshop C"]
    body = response.content.decode()
    assert "Mehrere Partner passen zu „Testland“" in body
    assert "Die Liste zeigt die Termine aller dieser Partner" in body
    # Choosing one starts the lists from their first pages.
    assert f'href="?partner={other.slug}"' in body


def test_an_unknown_partner_matches_no_event_and_says_so(client, events):
    response = client.get(LIST, {"partner": "Gibt es nicht"})
    assert upcoming(response) == []
    body = response.content.decode()
    assert "Kein Partner passt zu „Gibt es nicht“" in body
    assert "/termine.ics?" not in body  # nothing to subscribe to


def test_the_feed_of_a_typed_name_holds_the_same_events(client, events):
    calendar = Calendar.from_ical(client.get("/termine.ics?partner=testhausen").content)
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["Workshop B"]


def test_the_page_costs_the_same_queries_with_many_partners(client, events, partner_a):
    few = count_queries(lambda: client.get(LIST))
    few_filtered = count_queries(lambda: client.get(LIST, {"partner": partner_a.slug}))
    for number in range(40):
        PartnerFactory(name=f"Gemeinde Nummer {number}")
    assert count_queries(lambda: client.get(LIST)) == few
    assert count_queries(lambda: client.get(LIST, {"partner": partner_a.slug})) == few_filtered


def test_a_long_calendar_is_counted_up_to_the_cap_and_paged_without_a_total(client, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    monkeypatch.setattr("community.views.public.COUNT_CAP", 3)
    monkeypatch.setattr("community.views.public.PAGE_SIZE", 1)
    now = timezone.now()
    for day in range(1, 7):
        EventFactory(title=f"Termin {day}", start=now + timedelta(days=day))
    first = client.get(LIST)
    assert first.context["upcoming"].paginator.capped
    body = first.content.decode()
    assert "Seite 1<" in body and "Seite 1 von" not in body
    assert "kommend=2" in body
    last = client.get(LIST, {"kommend": 6})
    assert [event.title for event in last.context["upcoming"]] == ["Termin 6"]
    assert "Seite 6 von 6" in last.content.decode()
