"""Needs and solution profiles in the open data: JSON-LD; network-only needs nowhere public."""

import datetime
from decimal import Decimal

import pytest

from exchange.models import NeedState
from tests.core.test_json_ld import assert_breadcrumbs, json_ld
from tests.exchange.factories import NeedFactory, OpenNeedFactory, PublicNeedFactory
from tests.projects.factories import FieldOfActionFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def test_a_public_need_page_describes_the_need_as_a_demand(client, partner_a, partner_b):
    field = FieldOfActionFactory(name="Gesundheit")
    need = PublicNeedFactory(
        partner=partner_a,
        title="Videosprechstunde",
        description="Beratung **per Video**.",
        fields=[field],
        desired_start=datetime.date(2027, 3, 1),
    )
    need.supports.create(partner=partner_b)
    items = json_ld(client, need.get_absolute_url())
    demand = items["Demand"]
    assert demand["name"] == "Videosprechstunde"
    assert demand["description"] == "Beratung per Video."
    assert demand["offeredBy"]["name"] == partner_a.name
    assert demand["category"] == ["Gesundheit"]
    assert demand["availabilityStarts"] == "2027-03-01"
    assert demand["validFrom"].startswith(str(need.opened_at.date()))
    assert demand["itemOffered"]["audience"] == [{"@type": "Audience", "name": partner_b.name}]
    assert_breadcrumbs(items, "Videosprechstunde", need.get_absolute_url())


def test_a_project_page_offers_its_solution_profile(client, partner_a):
    project = PublishedProjectFactory(
        lead_partner=partner_a,
        maturity="pilot",
        prerequisites="Ein Server.",
        operating_model="Eigenbetrieb.",
        cost_min=Decimal("1000"),
        cost_max=Decimal("5000"),
        licence="EUPL-1.2",
        source_repository="https://gitlab.opencode.de/x/y",
        reuse_contact="IT-Amt, it@example.org",
    )
    offer = json_ld(client, project.get_absolute_url())["Project"]["makesOffer"]
    solution = offer["itemOffered"]
    assert solution["creativeWorkStatus"] == "Pilot"
    assert solution["license"] == "EUPL-1.2"
    assert solution["isBasedOn"]["codeRepository"] == "https://gitlab.opencode.de/x/y"
    assert [info["text"] for info in solution["usageInfo"]] == ["Ein Server.", "Eigenbetrieb."]
    price = offer["priceSpecification"]
    assert (price["minPrice"], price["maxPrice"], price["priceCurrency"]) == (1000, 5000, "EUR")
    assert offer["offeredBy"]["contactPoint"]["description"] == "IT-Amt, it@example.org"


def test_a_project_without_a_profile_offers_nothing(client, partner_a):
    project = PublishedProjectFactory(lead_partner=partner_a)
    assert "makesOffer" not in json_ld(client, project.get_absolute_url())["Project"]


def test_network_only_needs_and_drafts_appear_on_no_public_surface(client, partner_a):
    PublicNeedFactory(partner=partner_a, title="Offener Bedarf Sichtbar")
    hidden = [
        OpenNeedFactory(partner=partner_a, title="Geheimer Netzwerkbedarf"),
        OpenNeedFactory(
            partner=partner_a, title="Geheimer Austauschbedarf", state=NeedState.IN_EXCHANGE
        ),
        NeedFactory(partner=partner_a, title="Geheimer Entwurf", visibility="public"),
    ]
    surfaces = [
        "/gesucht/",
        "/api/v1/needs/",
        "/opendata/katalog.ttl",
        "/opendata/katalog.jsonld",
        "/karte/",
        "/zahlen/",
        "/sitemap.xml",
        "/suche/?q=Geheimer",
    ]
    seen = ""
    for url in surfaces:
        response = client.get(url)
        assert response.status_code == 200, url
        seen += response.content.decode()
    assert "Offener Bedarf Sichtbar" in seen
    for need in hidden:
        assert need.title not in seen
        assert client.get(need.get_absolute_url()).status_code == 404
        assert client.get(f"/api/v1/needs/{need.slug}/").status_code == 404
        assert need.slug not in seen
