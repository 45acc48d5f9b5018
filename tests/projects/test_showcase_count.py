"""The showcase counts a list only as far as a visitor can page (issue 21).

An exact count of 100,000 published projects cost more than the page; the
list counts at most COUNT_CAP projects (and one page beyond the one asked
for), says "more than …" when there are more, and numbers its pages without
a total then.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.utils import count_queries

from .factories import PublishedProjectFactory

pytestmark = pytest.mark.django_db

LIST = "/projekte/"


@pytest.fixture
def small_cap(monkeypatch, settings):
    """Two projects a page and a cap of five, so a handful of projects is "more"."""
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr("projects.views.public.COUNT_CAP", 5)
    monkeypatch.setattr("projects.views.public.PAGE_SIZE", 2)


def count_text(response) -> str:
    body = response.content.decode()
    start = body.index('id="project-count"')
    return body[start : body.index("</p>", start)]


def pagination_text(response) -> str:
    body = response.content.decode()
    start = body.index('class="rh-pagination"')
    return body[start : body.index("</nav>", start)]


def test_more_projects_than_the_cap_read_more_than_and_pages_have_no_total(client, small_cap):
    for number in range(8):
        PublishedProjectFactory(title=f"Radweg {number}")
    response = client.get(LIST)
    paginator = response.context["page"].paginator
    assert paginator.capped
    assert "Mehr als 5 Projekte gefunden" in count_text(response)
    assert "Seite 1" in count_text(response) and "von" not in count_text(response)
    nav = pagination_text(response)
    assert "Seite 1" in nav and "Seite 1 von" not in nav
    assert 'rel="next"' in nav
    # A list is not a ranked search: no "newest matches … sorted by relevance".
    assert "sort=neueste" not in count_text(response)


def test_the_next_page_is_always_reachable_and_the_end_is_exact(client, small_cap):
    for number in range(8):
        PublishedProjectFactory(title=f"Radweg {number}")
    # Page 3 counts one page beyond itself (8 rows): past the cap of five.
    third = client.get(f"{LIST}?page=3")
    assert 'rel="next"' in pagination_text(third)
    last = client.get(f"{LIST}?page=4")
    assert not last.context["page"].paginator.capped
    assert "8 Projekte gefunden" in count_text(last)
    assert "Seite 4 von 4" in pagination_text(last)
    assert 'rel="next"' not in pagination_text(last)
    shown = [project.title for project in last.context["projects"]]
    assert shown == ["Radweg 1", "Radweg 0"]


def test_up_to_the_cap_the_count_is_exact(client, small_cap):
    for number in range(5):
        PublishedProjectFactory(title=f"Radweg {number}")
    response = client.get(LIST)
    assert not response.context["page"].paginator.capped
    assert "5 Projekte gefunden" in count_text(response)
    assert "Mehr als" not in count_text(response)
    assert "Seite 1 von 3" in count_text(response)


@pytest.mark.parametrize("page", ["abc", "-3", "0", "99999999999999999999"])
def test_a_strange_page_number_is_a_page_not_an_error(client, small_cap, page):
    for number in range(3):
        PublishedProjectFactory(title=f"Radweg {number}")
    response = client.get(f"{LIST}?page={page}")
    assert response.status_code == 200
    assert "3 Projekte gefunden" in count_text(response)


def test_the_count_stops_after_the_cap(client, settings):
    """The count query reads at most the cap (plus a page) rows: a LIMIT in a subquery."""
    settings.PAGE_CACHE_SECONDS = 0
    PublishedProjectFactory()
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST)
    counts = [
        query["sql"]
        for query in queries.captured_queries
        if "COUNT(" in query["sql"] and "projects_project" in query["sql"]
    ]
    assert len(counts) == 1
    assert "LIMIT 1001" in counts[0]


def test_the_queries_stay_the_same_however_many_projects_there_are(client, small_cap):
    PublishedProjectFactory()
    few = count_queries(lambda: client.get(LIST))
    for number in range(12):
        PublishedProjectFactory(title=f"Radweg {number}")
    assert count_queries(lambda: client.get(LIST)) == few
    assert count_queries(lambda: client.get(f"{LIST}?page=5")) == few
