"""A search in relevance order ranks and counts only what can reach its pages (issue 21)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.utils import count_queries

from .factories import PublishedProjectFactory

pytestmark = pytest.mark.django_db

LIST = "/projekte/"


@pytest.fixture
def few_candidates(monkeypatch):
    """Five candidates instead of 200, so a handful of projects is "more"."""
    monkeypatch.setattr("projects.views.public.SEARCH_CANDIDATES", 5)


@pytest.fixture
def eight_matches():
    # Created oldest first: "Telemedizin 7" is the newest.
    return [
        PublishedProjectFactory(title=f"Telemedizin {number}", summary="Sprechstunde per Video.")
        for number in range(8)
    ]


def count_text(response) -> str:
    body = response.content.decode()
    start = body.index('id="project-count"')
    return body[start : body.index("</p>", start)]


def test_more_matches_than_candidates_read_more_than_and_offer_all_newest_first(
    client, settings, few_candidates, eight_matches
):
    settings.PAGE_CACHE_SECONDS = 0
    response = client.get(f"{LIST}?q=Telemedizin")
    paginator = response.context["page"].paginator
    assert paginator.capped and paginator.count == 5
    text = count_text(response)
    assert "Mehr als 5 Projekte gefunden" in text
    assert "sort=neueste" in text
    # The ranked page holds the five newest matches, not the older ones.
    shown = {project.title for project in response.context["projects"]}
    assert shown == {f"Telemedizin {number}" for number in range(3, 8)}
    # Sorted newest first, every match is counted and reachable.
    everything = client.get(f"{LIST}?q=Telemedizin&sort=neueste")
    assert everything.context["page"].paginator.count == 8
    assert "Mehr als" not in count_text(everything)


def test_up_to_the_candidates_the_count_is_exact(client, settings, few_candidates):
    settings.PAGE_CACHE_SECONDS = 0
    for number in range(5):
        PublishedProjectFactory(title=f"Telemedizin {number}")
    response = client.get(f"{LIST}?q=Telemedizin")
    assert not response.context["page"].paginator.capped
    assert "5 Projekte gefunden" in count_text(response)
    assert "Mehr als" not in count_text(response)


def test_the_best_match_of_the_candidates_comes_first(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    PublishedProjectFactory(title="Telemedizin im Landkreis", summary="Telemedizin für alle.")
    for number in range(3):
        PublishedProjectFactory(title=f"Radweg {number}", summary="Auch etwas Telemedizin.")
    response = client.get(f"{LIST}?q=Telemedizin")
    assert response.context["projects"][0].title == "Telemedizin im Landkreis"


def test_a_search_costs_the_same_queries_however_many_projects_match(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    for number in range(3):
        PublishedProjectFactory(title=f"Telemedizin {number}")
    few = count_queries(lambda: client.get(f"{LIST}?q=Telemedizin"))
    for number in range(30):
        PublishedProjectFactory(title=f"Telemedizin mehr {number}")
    many = count_queries(lambda: client.get(f"{LIST}?q=Telemedizin"))
    assert few == many


def test_the_candidates_are_read_with_one_bounded_query(
    client, settings, few_candidates, eight_matches
):
    settings.PAGE_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{LIST}?q=Telemedizin")
    candidates = [q["sql"] for q in queries.captured_queries if "LIMIT 6" in q["sql"]]
    assert len(candidates) == 1
