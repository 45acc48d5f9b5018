"""schema.org JSON-LD on the public pages: each page's scripts parse and carry
the properties search engines require (core/jsonld.py and each app's jsonld.py)."""

import json
import re
from decimal import Decimal

import pytest

from community.models import Event
from partners.models import Partner
from tests.community.factories import AnnouncementFactory, EventFactory
from tests.factories import PartnerFactory
from tests.projects.factories import FieldOfActionFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def json_ld(client, path: str) -> dict[str, dict]:
    """The page's JSON-LD items by their @type (each must parse)."""
    response = client.get(path)
    assert response.status_code == 200
    items = [json.loads(text) for text in SCRIPT.findall(response.content.decode())]
    for item in items:
        assert item["@context"] == "https://schema.org"
    return {item["@type"]: item for item in items}


def assert_breadcrumbs(items: dict, last_name: str, last_path: str) -> None:
    trail = items["BreadcrumbList"]["itemListElement"]
    assert [crumb["position"] for crumb in trail] == list(range(1, len(trail) + 1))
    assert trail[0]["item"] == "http://testserver/"
    assert trail[-1]["name"] == last_name
    assert trail[-1]["item"] == f"http://testserver{last_path}"


def test_home_page_names_the_website_and_its_search(client):
    items = json_ld(client, "/")
    action = items["WebSite"]["potentialAction"]
    assert action["@type"] == "SearchAction"
    template = action["target"]["urlTemplate"]
    assert template == "http://testserver/projekte/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    search = template.replace("http://testserver", "").replace("{search_term_string}", "Mobil")
    assert client.get(search).status_code == 200
    assert [funder["name"] for funder in items["Project"]["funder"]][1] == "KfW"


def test_partner_page_describes_a_government_organization(client):
    partner = PartnerFactory(
        name="Landkreis Teltow-Fläming",
        kind=Partner.Kind.DISTRICT,
        ags="12072000",
        website="https://www.teltow-flaeming.de",
        city="Luckenwalde",
    )
    items = json_ld(client, partner.get_absolute_url())
    organisation = items["GovernmentOrganization"]
    assert organisation["name"] == "Landkreis Teltow-Fläming"
    assert organisation["url"] == f"http://testserver{partner.get_absolute_url()}"
    assert organisation["address"]["addressLocality"] == "Luckenwalde"
    assert organisation["areaServed"]["identifier"]["value"] == "12072000"
    assert organisation["sameAs"] == ["https://www.teltow-flaeming.de"]
    assert_breadcrumbs(items, "Landkreis Teltow-Fläming", partner.get_absolute_url())


def test_a_company_partner_is_no_government_organization(client):
    partner = PartnerFactory(name="Beispiel GmbH", kind=Partner.Kind.COMPANY)
    assert "Corporation" in json_ld(client, partner.get_absolute_url())


def test_project_page_describes_the_project_with_its_funding(client):
    lead = PartnerFactory(name="Landeshauptstadt Potsdam")
    project = PublishedProjectFactory(
        lead_partner=lead,
        title="Digitaler Zwilling",
        funding_programme="Modellprojekte Smart Cities",
        funding_amount=Decimal("125000.50"),
        fields=[FieldOfActionFactory(name="Stadtentwicklung")],
    )
    items = json_ld(client, project.get_absolute_url())
    data = items["Project"]
    assert data["name"] == "Digitaler Zwilling"
    assert data["description"] == project.summary
    assert data["parentOrganization"]["name"] == "Landeshauptstadt Potsdam"
    assert data["funding"] == {
        "@type": "MonetaryGrant",
        "name": "Modellprojekte Smart Cities",
        "amount": {"@type": "MonetaryAmount", "currency": "EUR", "value": 125000.5},
    }
    assert data["knowsAbout"] == ["Stadtentwicklung"]
    assert_breadcrumbs(items, "Digitaler Zwilling", project.get_absolute_url())


def test_a_title_cannot_end_the_script(client):
    title = "Mobil </script><script>alert(1)</script> & mehr"
    project = PublishedProjectFactory(title=title)
    response = client.get(project.get_absolute_url())
    assert b"</script><script>alert(1)" not in response.content
    assert json_ld(client, project.get_absolute_url())["Project"]["name"] == title


def test_tour_stop_is_an_event_at_a_place_in_its_municipality(client):
    stop = EventFactory(
        kind=Event.Kind.TOUR_STOP,
        title="Innovationsmobil in Wiesenburg",
        place_name="Marktplatz",
        address="Marktplatz 1",
        municipality_ags="12069665",
    )
    items = json_ld(client, stop.get_absolute_url())
    event = items["Event"]
    assert event["name"] == "Innovationsmobil in Wiesenburg"
    assert event["startDate"] == stop.start.isoformat()
    assert event["endDate"] == stop.end.isoformat()
    place = event["location"]
    assert place["@type"] == "Place"
    assert place["name"] == "Marktplatz"
    assert place["address"]["addressLocality"] == "Wiesenburg/Mark"
    assert place["containedInPlace"]["identifier"]["value"] == "12069665"
    assert event["organizer"]["name"] == stop.host_partner.name
    assert_breadcrumbs(items, "Innovationsmobil in Wiesenburg", stop.get_absolute_url())


def test_an_internal_event_is_described_to_nobody(client, member_a, partner_a):
    event = EventFactory(is_public=False, host_partner=partner_a)
    client.force_login(member_a)
    assert json_ld(client, event.get_absolute_url()) == {}


def test_announcement_is_a_news_article(client):
    announcement = AnnouncementFactory(title="Neue Partner")
    items = json_ld(client, announcement.get_absolute_url())
    article = items["NewsArticle"]
    assert article["headline"] == "Neue Partner"
    assert article["datePublished"] == announcement.publish_at.isoformat()
    assert article["author"]["name"]
    assert article["publisher"]["name"] == "Regio.hub Berlin-Brandenburg"
    assert_breadcrumbs(items, "Neue Partner", announcement.get_absolute_url())


def test_news_article_body_is_the_sanitised_text(client):
    announcement = AnnouncementFactory(body="Ein **wichtiger** [Link](javascript:alert(1)) & mehr")
    article = json_ld(client, announcement.get_absolute_url())["NewsArticle"]
    assert article["articleBody"].startswith("Ein wichtiger Link")
    assert "javascript:" not in article["articleBody"]
    assert "& mehr" in article["articleBody"]
