"""The dashboard panel and the home page sections of the community app."""

import pytest

from community.models import Announcement, Event

from .factories import (
    AnnouncementFactory,
    EventFactory,
    WorkingGroupFactory,
    WorkingGroupMemberFactory,
)

pytestmark = pytest.mark.django_db


def test_dashboard_shows_news_events_and_my_groups(client_of, member_a, partner_a):
    AnnouncementFactory(title="An alle Partner", audience=Announcement.Audience.PARTNERS)
    EventFactory(title="Internes Treffen", is_public=False, host_partner=partner_a)
    group = WorkingGroupFactory(name="AG Daten")
    WorkingGroupMemberFactory(group=group, user=member_a)
    page = client_of(member_a).get("/intern/").content.decode()
    assert "An alle Partner" in page
    assert "Internes Treffen" in page
    assert "AG Daten" in page


def test_dashboard_hides_other_partners_internal_events(client_of, admin_b, partner_a):
    EventFactory(title="Internes Treffen", is_public=False, host_partner=partner_a)
    assert "Internes Treffen" not in client_of(admin_b).get("/intern/").content.decode()


def test_home_shows_next_tour_stops_and_public_news_only(client):
    EventFactory(title="Stopp in Luckenwalde", kind=Event.Kind.TOUR_STOP)
    EventFactory(title="Interner Stopp", kind=Event.Kind.TOUR_STOP, is_public=False)
    AnnouncementFactory(title="Öffentliche Nachricht")
    AnnouncementFactory(title="Interne Nachricht", audience=Announcement.Audience.PARTNERS)
    page = client.get("/").content.decode()
    assert "Stopp in Luckenwalde" in page and "Öffentliche Nachricht" in page
    assert "Interner Stopp" not in page and "Interne Nachricht" not in page


def test_header_links_to_events_and_news(client):
    page = client.get("/termine/").content.decode()
    assert 'href="/termine/" aria-current="page"' in page
    assert 'href="/aktuelles/"' in page
