"""Every public page runs a fixed, small number of SQL queries, whatever the data size.

Each page is requested at two data sizes; the counts must be equal and within
the budget of issue 10 (at most 8). The page cache is off here, so the page's
own queries are counted, not the cache's.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import Event
from projects.models import Participation
from tests.community.factories import AnnouncementFactory, EventFactory
from tests.factories import PartnerFactory
from tests.loi.factories import AccessionFactory, AgreementFactory, DeliberationFactory
from tests.projects.factories import FieldOfActionFactory, PublishedProjectFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0
    # The export rate limit counts in the (database) cache; count the pages' own queries.
    settings.PROJECT_EXPORT_RATE_LIMIT = 0


@pytest.fixture
def world(partner_a):
    """A fixed set of objects whose pages are requested, and a way to grow the rest."""
    field = FieldOfActionFactory(slug="mobilitaet", name="Mobilität")
    agreement = AgreementFactory()
    state = {"n": 0}

    def grow(count: int) -> None:
        for _ in range(count):
            state["n"] += 1
            number = state["n"]
            partner = PartnerFactory(name=f"Gemeinde Wachstum {number}")
            project = PublishedProjectFactory(
                lead_partner=partner, fields=[field], title=f"Projekt Wachstum {number}"
            )
            Participation.objects.create(project=project, partner=partner_a, role="partner")
            start = timezone.now() + timedelta(days=number)
            EventFactory(
                host_partner=partner,
                project=project,
                kind=Event.Kind.TOUR_STOP,
                start=start,
                end=start + timedelta(hours=3),
            )
            AnnouncementFactory()
            accession = AccessionFactory(agreement=agreement, partner=partner)
            DeliberationFactory(accession=accession, order=1)
            DeliberationFactory(accession=accession, order=2, body="Hauptausschuss")

    grow(1)
    project = PublishedProjectFactory(lead_partner=partner_a, fields=[field])
    event = EventFactory(host_partner=partner_a, project=project)
    announcement = AnnouncementFactory()
    return {
        "grow": grow,
        "project": project,
        "partner": partner_a,
        "event": event,
        "announcement": announcement,
    }


PAGES = {
    "home": lambda w: "/",
    "showcase": lambda w: "/projekte/",
    "showcase with three filters": lambda w: (
        "/projekte/?handlungsfeld=mobilitaet&status=planning&art=existing"
    ),
    "showcase with a partner filter": lambda w: f"/projekte/?partner={w['partner'].slug}",
    "showcase full-text search": lambda w: "/projekte/?q=Projekt",
    "showcase page 2": lambda w: "/projekte/?page=2",
    "project detail": lambda w: w["project"].get_absolute_url(),
    "project feed": lambda w: "/projekte/feed/",
    "export json": lambda w: "/projekte/export.json",
    "export csv": lambda w: "/projekte/export.csv",
    "partner directory": lambda w: "/partner/",
    "partner profile": lambda w: w["partner"].get_absolute_url(),
    "letter of intent": lambda w: "/absichtserklaerung/",
    "events": lambda w: "/termine/",
    "event detail": lambda w: w["event"].get_absolute_url(),
    "calendar feed": lambda w: "/termine.ics",
    "Innovationsmobil tour": lambda w: "/innovationsmobil/",
    "announcements": lambda w: "/aktuelles/",
    "announcement detail": lambda w: w["announcement"].get_absolute_url(),
    "announcement feed": lambda w: "/aktuelles/feed/",
    "corridor map": lambda w: "/karte/",
    "sitemap": lambda w: "/sitemap.xml",
}


def _fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("name", PAGES)
def test_a_public_page_runs_the_same_few_queries_at_any_size(client, world, name):
    url = PAGES[name](world)
    _fetch(client, url)  # warm: translations, content types, templates

    small = count_queries(lambda: _fetch(client, url))
    world["grow"](12)
    # Warm again: the calendar feed is kept under the content generation, which the
    # growth replaced (its rebuild is counted in tests/community/test_calendar.py).
    _fetch(client, url)
    large = count_queries(lambda: _fetch(client, url))

    assert small == large, f"{url}: {small} queries with little data, {large} with more"
    assert large <= MAX_QUERIES, f"{url}: {large} queries"
