"""The public iCalendar feed follows the events page's filters (partner, art)."""

import pytest
from icalendar import Calendar

from community.models import Event
from tests.factories import PartnerFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def summaries(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))


@pytest.fixture
def events(partner_a, partner_b):
    EventFactory(host_partner=partner_a, title="Workshop A")
    EventFactory(host_partner=partner_a, title="Stopp A", kind=Event.Kind.TOUR_STOP)
    EventFactory(host_partner=partner_b, title="Stopp B", kind=Event.Kind.TOUR_STOP)
    EventFactory(host_partner=partner_a, title="Intern A", is_public=False)


def test_unfiltered_feed_holds_every_public_event(client, events):
    assert summaries(client.get("/termine.ics")) == ["Stopp A", "Stopp B", "Workshop A"]


def test_feed_holds_exactly_the_partners_events(client, events, partner_a):
    assert summaries(client.get(f"/termine.ics?partner={partner_a.slug}")) == [
        "Stopp A",
        "Workshop A",
    ]


def test_feed_holds_exactly_the_kind_and_partner(client, events, partner_a):
    response = client.get(f"/termine.ics?partner={partner_a.slug}&art=innovationsmobil")
    assert summaries(response) == ["Stopp A"]
    assert "Regio.hub – " in Calendar.from_ical(response.content)["X-WR-CALNAME"]


def test_each_selection_is_cached_apart(client, events, partner_a, partner_b):
    assert summaries(client.get(f"/termine.ics?partner={partner_a.slug}")) == [
        "Stopp A",
        "Workshop A",
    ]
    assert summaries(client.get(f"/termine.ics?partner={partner_b.slug}")) == ["Stopp B"]
    assert len(summaries(client.get("/termine.ics"))) == 3


def test_a_change_reaches_the_filtered_feed_at_once(client, events, partner_b):
    url = f"/termine.ics?partner={partner_b.slug}"
    assert summaries(client.get(url)) == ["Stopp B"]
    EventFactory(host_partner=partner_b, title="Neu B")
    assert summaries(client.get(url)) == ["Neu B", "Stopp B"]


@pytest.mark.parametrize(
    "query",
    ["partner=gibt-es-nicht", "art=party", "partner=%00", "art=" + "x" * 5000, "partner[]=a"],
)
def test_bad_filter_values_are_ignored_not_a_server_error(client, events, query):
    assert len(summaries(client.get(f"/termine.ics?{query}"))) == 3


def test_an_unknown_partner_is_ignored_and_the_kind_kept(client, events):
    response = client.get("/termine.ics?partner=gibt-es-nicht&art=innovationsmobil")
    assert summaries(response) == ["Stopp A", "Stopp B"]


def test_filtered_page_offers_to_subscribe_to_the_selection(client, events, partner_a):
    page = client.get(f"/termine/?partner={partner_a.slug}&art=workshop").content.decode()
    assert f'href="/termine.ics?art=workshop&amp;partner={partner_a.slug}"' in page
    assert "Subscribe to this selection" in page or "Auswahl abonnieren" in page
    unfiltered = client.get("/termine/").content.decode()
    assert "/termine.ics?" not in unfiltered


def test_an_inactive_partner_is_no_filter(client, events):
    gone = PartnerFactory(name="Ehemals", is_active=False)
    EventFactory(host_partner=gone, title="Alt")
    assert "Alt" in summaries(client.get("/termine.ics"))
    assert len(summaries(client.get(f"/termine.ics?partner={gone.slug}"))) == 4
