"""The showcase's Atom feed follows the showcase's filters (same names)."""

import xml.etree.ElementTree as ET

import pytest

from projects.models import Participation, Project
from tests.factories import PartnerFactory
from tests.utils import count_queries

from .factories import FieldOfActionFactory, ProjectFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    return sorted(entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry"))


@pytest.fixture
def showcase(partner_a, partner_b):
    mobility = FieldOfActionFactory(slug="mobilitaet", name="Mobilität")
    health = FieldOfActionFactory(slug="gesundheit", name="Gesundheit")
    PublishedProjectFactory(lead_partner=partner_a, title="Bürgerbus", fields=[mobility])
    PublishedProjectFactory(
        lead_partner=partner_a,
        title="Telemedizin",
        fields=[health],
        status=Project.Status.IMPLEMENTATION,
    )
    joint = PublishedProjectFactory(lead_partner=partner_b, title="Rufbus", fields=[mobility])
    Participation.objects.create(project=joint, partner=partner_a, role=Participation.Role.PARTNER)
    PublishedProjectFactory(lead_partner=partner_b, title="Parkplatzsensoren", fields=[mobility])
    ProjectFactory(lead_partner=partner_a, title="Entwurf", fields=[mobility])


def test_unfiltered_feed_holds_every_published_project(client, showcase):
    assert entries(client.get("/projekte/feed/")) == [
        "Bürgerbus",
        "Parkplatzsensoren",
        "Rufbus",
        "Telemedizin",
    ]


def test_feed_holds_exactly_the_projects_of_the_field_and_partner(client, showcase, partner_a):
    response = client.get(f"/projekte/feed/?handlungsfeld=mobilitaet&partner={partner_a.slug}")
    assert entries(response) == ["Bürgerbus", "Rufbus"]


def test_feed_takes_the_status_filter(client, showcase):
    assert entries(client.get("/projekte/feed/?status=implementation")) == ["Telemedizin"]


def test_feed_title_and_self_link_name_the_selection(client, showcase, partner_b):
    response = client.get(f"/projekte/feed/?partner={partner_b.slug}&page=3")
    root = ET.fromstring(response.content)  # noqa: S314
    assert partner_b.name in root.findtext(f"{ATOM}title")
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"].endswith(f"/projekte/feed/?partner={partner_b.slug}")
    assert links["alternate"].endswith(f"/projekte/?partner={partner_b.slug}")


@pytest.mark.parametrize(
    "query",
    [
        "handlungsfeld=gibt-es-nicht",
        "partner=%00%ff",
        "status=" + "x" * 5000,
        "art=existing&art=new&richtung[]=1",
        "q=" + "(" * 300,
    ],
)
def test_bad_filter_values_are_ignored_not_a_server_error(client, showcase, query):
    response = client.get(f"/projekte/feed/?{query}")
    assert response.status_code == 200
    ET.fromstring(response.content)  # noqa: S314 - it still parses


def test_an_unknown_field_is_ignored_and_the_valid_filter_kept(client, showcase):
    response = client.get("/projekte/feed/?handlungsfeld=gibt-es-nicht&status=implementation")
    assert entries(response) == ["Telemedizin"]


def test_filtered_page_offers_to_subscribe_to_the_selection(client, showcase, partner_a):
    page = client.get("/projekte/?handlungsfeld=mobilitaet&page=1").content.decode()
    assert 'href="/projekte/feed/?handlungsfeld=mobilitaet"' in page
    assert "/projekte/feed/?" not in client.get("/projekte/").content.decode()


def test_partner_page_links_its_feeds(client, partner_a):
    page = client.get(partner_a.get_absolute_url()).content.decode()
    assert f'href="/projekte/feed/?partner={partner_a.slug}"' in page
    assert f'href="/termine.ics?partner={partner_a.slug}"' in page


def test_feed_queries_do_not_grow_with_the_projects(client, showcase, partner_a):
    url = f"/projekte/feed/?handlungsfeld=mobilitaet&partner={partner_a.slug}"
    few = count_queries(lambda: client.get(url))
    mobility = FieldOfActionFactory(slug="mobilitaet")
    for number in range(10):
        PublishedProjectFactory(lead_partner=partner_a, title=f"Mehr {number}", fields=[mobility])
    PartnerFactory(name="Gemeinde Viele")
    assert count_queries(lambda: client.get(url)) == few
