"""The home page at network scale (issue 21) and its hero (issue 16): partners as counts
by kind with the newest few, a search box for /suche/, the corridor map teaser."""

import pytest

from partners.models import Partner
from tests.factories import PartnerFactory
from tests.projects.factories import PublishedProjectFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def test_home_counts_partners_by_kind_with_links_and_shows_the_newest(client):
    PartnerFactory.create_batch(3, kind=Partner.Kind.TOWN)
    PartnerFactory(name="Landkreis Havelland", kind=Partner.Kind.DISTRICT)
    html = client.get("/").content.decode()
    assert (
        'href="/partner/?art=stadt">Stadt</a>: <span class="rh-partner-kinds__count">3</span>'
        in html
    )
    assert 'href="/partner/?art=landkreis"' in html
    assert "Landkreis Havelland" in html  # among the newest


def test_home_lists_a_small_hub_by_name_but_only_the_newest_of_a_large_one(client):
    partners = PartnerFactory.create_batch(12)
    html = client.get("/").content.decode()
    assert all(f">{partner.name}</a>" in html for partner in partners)
    partners += PartnerFactory.create_batch(20)
    html = client.get("/").content.decode()
    assert len([p for p in partners if f">{p.name}</a>" in html]) == 5
    assert "Zuletzt beigetreten" in html


def test_home_has_a_search_box_that_asks_the_site_search(client):
    html = client.get("/").content.decode()
    form = html.split('class="rh-hero__search"')[1].split("</form>")[0]
    assert 'action="/suche/"' in form
    assert 'method="get"' in html.split('class="rh-hero__search"')[0][-200:] + form
    assert 'name="q"' in form
    assert 'for="hero-search"' in form


def test_home_hero_shows_the_corridor_map_without_a_marker_per_partner_at_scale(client):
    Partner.objects.bulk_create(
        Partner(
            name=f"Gemeinde Netz {number}",
            slug=f"gemeinde-netz-{number}",
            kind=Partner.Kind.MUNICIPALITY,
            federal_state=Partner.FederalState.BRANDENBURG,
            latitude="52.3",
            longitude="13.0",
        )
        for number in range(200)
    )
    html = client.get("/").content.decode()
    assert 'class="rh-map__svg"' in html
    assert html.count("rh-map__marker--partner") == 0
    assert len(html.encode()) < 60_000


def test_latest_projects_are_cards_without_bullets(client):
    PublishedProjectFactory(title="Rufbus")
    html = client.get("/").content.decode()
    assert '<ul class="rh-project-list">' in html
    assert "css/home." in html  # the stylesheet that takes the bullets away


def test_home_queries_and_size_stay_the_same_when_partners_grow(client):
    PartnerFactory.create_batch(12)
    client.get("/")
    small = count_queries(lambda: client.get("/"))
    size = len(client.get("/").content)
    Partner.objects.bulk_create(
        Partner(
            name=f"Gemeinde Netz {number}",
            slug=f"gemeinde-netz-{number}",
            kind=Partner.Kind.MUNICIPALITY,
            federal_state=Partner.FederalState.BRANDENBURG,
        )
        for number in range(300)
    )
    assert count_queries(lambda: client.get("/")) == small
    assert len(client.get("/").content) < size + 2_000
