"""Widgets for partners' websites (/einbetten/…): minimal pages, framed only by
the origins the partner entered; every other page stays unframeable."""

import re

import pytest
from django.utils import timezone

from tests.community.factories import EventFactory
from tests.factories import PartnerFactory
from tests.projects.factories import ProjectFactory, PublishedProjectFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def frame_ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    return re.search(r"frame-ancestors ([^;]*)", policy).group(1)


@pytest.fixture
def partner(db):
    return PartnerFactory(
        name="Landkreis Widget", embed_origins="https://www.widget.de\nhttp://127.0.0.1:8123"
    )


def test_partner_projects_widget_lists_its_published_projects(client, partner):
    PublishedProjectFactory(lead_partner=partner, title="Bürgerbus")
    PublishedProjectFactory(title="Fremdes Projekt")
    ProjectFactory(lead_partner=partner, title="Entwurf")
    response = client.get(f"/einbetten/partner/{partner.slug}/projekte/")
    page = response.content.decode()
    assert "Bürgerbus" in page
    assert "Fremdes Projekt" not in page
    assert "Entwurf" not in page


def test_the_widget_is_framed_only_by_the_partners_origins(client, partner):
    response = client.get(f"/einbetten/partner/{partner.slug}/projekte/")
    assert frame_ancestors(response) == "https://www.widget.de http://127.0.0.1:8123"
    assert "X-Frame-Options" not in response


def test_widget_of_a_partner_without_origins_stays_unframeable(client):
    closed = PartnerFactory(name="Gemeinde Zu")
    response = client.get(f"/einbetten/partner/{closed.slug}/termine/")
    assert response.status_code == 200
    assert frame_ancestors(response) == "'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_other_pages_stay_unframeable(client, partner):
    for path in ("/", "/projekte/", partner.get_absolute_url()):
        response = client.get(path)
        assert frame_ancestors(response) == "'none'"
        assert response["X-Frame-Options"] == "DENY"


def test_widget_has_no_header_footer_or_script_and_links_open_a_new_tab(client, partner):
    PublishedProjectFactory(lead_partner=partner, title="Bürgerbus")
    page = client.get(f"/einbetten/partner/{partner.slug}/projekte/").content.decode()
    assert "<header" not in page and "<footer" not in page and "<script" not in page
    assert "vendor/kern/kern.min." in page
    links = re.findall(r"<a [^>]*>", page)
    assert links
    for link in links:
        assert 'target="_blank"' in link and 'rel="noopener"' in link


def test_partner_events_widget_lists_its_upcoming_public_events(client, partner):
    EventFactory(host_partner=partner, title="Workshop kommt")
    EventFactory(host_partner=partner, title="Intern", is_public=False)
    EventFactory(
        host_partner=partner,
        title="Vorbei",
        start=timezone.now() - timezone.timedelta(days=3),
        end=timezone.now() - timezone.timedelta(days=3, hours=-2),
    )
    EventFactory(title="Anderer Gastgeber")
    page = client.get(f"/einbetten/partner/{partner.slug}/termine/").content.decode()
    assert "Workshop kommt" in page
    for hidden in ("Intern", "Vorbei", "Anderer Gastgeber"):
        assert hidden not in page


def test_network_widgets_list_everyone_and_open_to_every_partners_origins(client, partner):
    PartnerFactory(name="Stadt Zwei", embed_origins="https://zwei.de")
    PublishedProjectFactory(lead_partner=partner, title="Eins")
    PublishedProjectFactory(title="Zwei")
    response = client.get("/einbetten/projekte/")
    assert "Eins" in response.content.decode() and "Zwei" in response.content.decode()
    assert set(frame_ancestors(response).split()) == {
        "https://www.widget.de",
        "http://127.0.0.1:8123",
        "https://zwei.de",
    }
    assert client.get("/einbetten/termine/").status_code == 200


def test_unknown_or_inactive_partner_is_a_404(client):
    gone = PartnerFactory(name="Gemeinde Weg", is_active=False)
    assert client.get("/einbetten/partner/gibt-es-nicht/projekte/").status_code == 404
    assert client.get(f"/einbetten/partner/{gone.slug}/termine/").status_code == 404


def test_a_changed_origin_reaches_a_cached_widget_at_once(client, partner, settings):
    settings.PAGE_CACHE_SECONDS = 600
    url = f"/einbetten/partner/{partner.slug}/projekte/"
    client.get(url)
    partner.embed_origins = "https://neu.de"
    partner.save()
    assert frame_ancestors(client.get(url)) == "https://neu.de"


def test_widget_queries_do_not_grow_with_the_projects(client, partner):
    url = f"/einbetten/partner/{partner.slug}/projekte/"
    PublishedProjectFactory(lead_partner=partner)
    few = count_queries(lambda: client.get(url))
    for _number in range(8):
        PublishedProjectFactory(lead_partner=partner)
    assert count_queries(lambda: client.get(url)) == few
