"""The site-wide search /suche/ (issue 16, scope 8 and finding 16), on PostgreSQL.

German full text finds word forms, pg_trgm forgives typos, and every kind of
result respects the visibility of its own list page.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import Announcement, Document
from tests.community.factories import AnnouncementFactory, EventFactory, ExpertFactory
from tests.factories import PartnerFactory
from tests.projects.factories import ProjectFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db

URL = "/suche/"


def found(client, query: str, **extra) -> str:
    response = client.get(URL, {"q": query, **extra}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def published(partner_a):
    return PublishedProjectFactory(
        title="Digitale Verwaltung im Landkreis",
        summary="Bürgerservice online, rund um die Uhr.",
        lead_partner=partner_a,
    )


@pytest.fixture
def draft(partner_a):
    return ProjectFactory(
        title="Geheime Verwaltungsreform", summary="Noch ein Entwurf.", lead_partner=partner_a
    )


# --- Finding: stems and typos ---------------------------------------------


def test_it_finds_a_project_by_another_form_of_the_word(client, published):
    html = found(client, "Verwaltungen")

    assert "Digitale Verwaltung im Landkreis" in html
    assert f'href="/projekte/{published.slug}/"' in html


def test_it_finds_a_project_despite_a_typo(client, published):
    assert "Digitale Verwaltung im Landkreis" in found(client, "Verwaltng")


def test_it_finds_nothing_for_an_unrelated_word(client, published):
    html = found(client, "Seenotrettung")

    assert "Digitale Verwaltung" not in html
    assert "0 results" in html
    assert "Check the spelling" in html


# --- Every kind, typed and linked -----------------------------------------


def test_each_kind_is_found_typed_and_linked(client, partner_a):
    project = PublishedProjectFactory(title="Havelland digital", lead_partner=partner_a)
    partner = PartnerFactory(name="Amt Havelland-Nord", description="Ein **Amt** im Havelland.")
    event = EventFactory(title="Werkstatt Havelland", host_partner=partner_a)
    news = AnnouncementFactory(title="Neues aus dem Havelland")
    document = Document.objects.create(title="Havelland-Studie", is_public=True)
    ExpertFactory(name="Dr. Havelland", public_consent_at=event.start)

    html = found(client, "Havelland")

    for kind, url in [
        ("Project", f"/projekte/{project.slug}/"),
        ("Partner", f"/partner/{partner.slug}/"),
        ("Event", f"/termine/{event.pk}/"),
        ("News item", f"/aktuelles/{news.pk}/"),
        ("Document", f"/dokumente/{document.pk}/"),
        ("Expert", "/experten/#expert-"),
    ]:
        assert f'rh-search-hits__kind">{kind}<' in html, kind
        assert f'href="{url}' in html, kind
    assert "Ein Amt im Havelland." in html  # the excerpt, Markdown rendered to plain text


def test_narrowing_to_one_kind_shows_only_that_kind(client, partner_a):
    PublishedProjectFactory(title="Havelland digital", lead_partner=partner_a)
    AnnouncementFactory(title="Neues aus dem Havelland")

    html = found(client, "Havelland", typ="aktuelles")

    assert "Neues aus dem Havelland" in html
    assert "Havelland digital" not in html
    assert "1 project" in html  # the filter link still counts the other kind


def test_more_hits_than_shown_link_to_all_of_that_kind(client, partner_a):
    for number in range(7):
        PublishedProjectFactory(title=f"Havelland {number}", lead_partner=partner_a)

    html = found(client, "Havelland")

    assert html.count('rh-search-hits__kind">Project<') == 5
    assert "Show all 7 projects" in html
    assert html.count('rh-search-hits__kind">Project<') == 5
    narrowed = found(client, "Havelland", typ="projekte")
    assert narrowed.count('rh-search-hits__kind">Project<') == 7


# --- Visibility per persona -----------------------------------------------


def internal_content(partner_a):
    """One item per kind that only partner_a's staff (and the office) may see."""
    ProjectFactory(title="Interne Havelland-Planung", lead_partner=partner_a)
    EventFactory(title="Interne Havelland-Runde", host_partner=partner_a, is_public=False)
    AnnouncementFactory(title="Havelland-Rundschreiben", audience=Announcement.Audience.PARTNERS)
    ExpertFactory(name="Prof. Havelland Intern")  # internal consent only
    return [
        "Interne Havelland-Planung",
        "Interne Havelland-Runde",
        "Havelland-Rundschreiben",
        "Prof. Havelland Intern",
    ]


def test_visitors_see_no_internal_item(client, partner_a):
    titles = internal_content(partner_a)

    html = found(client, "Havelland")

    for title in titles:
        assert title not in html


def test_staff_see_their_internal_items(client_of, partner_a, member_a):
    titles = internal_content(partner_a)

    html = found(client_of(member_a), "Havelland")

    for title in titles:
        assert title in html


def test_staff_of_another_partner_see_only_what_is_shared_with_all_partners(
    client_of, partner_a, admin_b
):
    internal_content(partner_a)

    html = found(client_of(admin_b), "Havelland")

    assert "Interne Havelland-Planung" not in html
    assert "Interne Havelland-Runde" not in html
    assert "Havelland-Rundschreiben" in html  # to all partner staff
    assert "Prof. Havelland Intern" in html  # the internal expert directory


def test_the_office_sees_internal_items_linked_to_their_internal_pages(
    client_of, partner_a, office
):
    draft = ProjectFactory(title="Interne Havelland-Planung", lead_partner=partner_a)

    html = found(client_of(office), "Havelland")

    assert f'href="/intern/projekte/{draft.pk}/"' in html


# --- Constant queries -----------------------------------------------------


def query_count(client, query: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"q": query}).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_hits(client, partner_a, settings):
    settings.PAGE_CACHE_SECONDS = 0
    PublishedProjectFactory(title="Havelland 1", lead_partner=partner_a)
    EventFactory(title="Havelland-Werkstatt", host_partner=partner_a)
    AnnouncementFactory(title="Havelland-Nachricht 1")
    few = query_count(client, "Havelland")
    for number in range(2, 12):
        PublishedProjectFactory(title=f"Havelland {number}", lead_partner=partner_a)
        EventFactory(title=f"Havelland-Werkstatt {number}", host_partner=partner_a)
        AnnouncementFactory(title=f"Havelland-Nachricht {number}")

    assert query_count(client, "Havelland") == few
    # The candidates and their ranking per kind that has hits, one per kind without.
    assert few <= 15


def test_a_frequent_word_is_counted_as_more_than_the_candidates(client, partner_a, monkeypatch):
    monkeypatch.setattr("insights.search.engine.CANDIDATES", 5)
    for number in range(7):
        PublishedProjectFactory(title=f"Havelland {number}", lead_partner=partner_a)
    PublishedProjectFactory(title="Havelland Havelland Havelland", lead_partner=partner_a)

    html = found(client, "Havelland")

    assert "More than 5 results for “Havelland”" in html
    assert "More than 5 projects" in html
    assert html.count('rh-search-hits__kind">Project<') == 5
    narrowed = found(client, "Havelland", typ="projekte")
    # The newest five are ranked: the one that says it three times comes first.
    titles = re.findall(r'rh-search-hits__title" href="[^"]*">([^<]*)<', narrowed)
    assert titles[0] == "Havelland Havelland Havelland"
    assert len(titles) == 5
    assert "Continue in the list of this kind" in narrowed


def test_a_word_with_few_matches_is_counted_exactly(client, partner_a, monkeypatch):
    monkeypatch.setattr("insights.search.engine.CANDIDATES", 5)
    for number in range(5):
        PublishedProjectFactory(title=f"Havelland {number}", lead_partner=partner_a)

    html = found(client, "Havelland")

    assert "5 results for “Havelland”" in html
    assert "More than" not in html


# --- Bad input ------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("Verwal\x0btung", "invisible control characters"),
        ("Verwaltung " * 1000, "at most 200 characters"),
        ("?!…–§$%&/()", "at least one word or number"),
        ("", "Please enter what you are looking for."),
    ],
)
def test_odd_input_gets_a_clear_message_not_an_error(client, query, message, published):
    response = client.get(URL, {"q": query}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Digitale Verwaltung" not in html


def test_the_query_stays_in_the_field(client, published):
    html = found(client, "Verwaltung <b>")

    assert 'value="Verwaltung &lt;b&gt;"' in html


def test_an_unknown_kind_searches_everything(client, published):
    assert "Digitale Verwaltung" in found(client, "Verwaltung", typ="gibt-es-nicht")


def test_head_answers_like_get_without_a_body(client, published):
    response = client.head(URL, {"q": "Verwaltung"})

    assert response.status_code == 200
    assert response.content == b""


# --- Reachable and in the reader's language -------------------------------


@pytest.mark.parametrize("path", ["/", "/projekte/", "/termine/", "/impressum/"])
def test_every_page_has_the_search_in_its_header(client, path):
    html = client.get(path).content.decode()

    assert 'role="search"' in html
    assert 'action="/suche/"' in html


def test_the_page_speaks_german_by_default(client, published):
    html = client.get(URL, {"q": "Verwaltungen"}, HTTP_ACCEPT_LANGUAGE="de").content.decode()

    assert "1 Ergebnis für „Verwaltungen“" in html
    assert 'rh-search-hits__kind">Projekt<' in html


def test_the_page_speaks_english(client, published):
    html = found(client, "Verwaltungen")

    assert "1 result for “Verwaltungen”" in html
    assert 'rh-search-hits__kind">Project<' in html


def test_visitors_get_the_page_from_the_page_cache(client, published, settings):
    settings.PAGE_CACHE_SECONDS = 300
    client.get(URL, {"q": "Verwaltung"})

    with CaptureQueriesContext(connection) as queries:
        html = client.get(URL, {"q": "Verwaltung"}).content.decode()

    assert "Digitale Verwaltung" in html
    # One cache round trip (the database cache backend in tests), no search.
    assert [query["sql"] for query in queries if "cache" not in query["sql"]] == []
