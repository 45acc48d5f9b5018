"""The admin's project list counts only up to a cap and shows 25 rows (issue 21)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.admin import ProjectAdmin
from tests.utils import count_queries

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/projects/project/"


@pytest.fixture
def cap_of_thirty(monkeypatch):
    monkeypatch.setattr(ProjectAdmin, "count_cap", 30)


def paginator_text(response) -> str:
    body = response.content.decode()
    start = body.index('<p class="paginator">')
    return " ".join(body[start : body.index("</p>", start)].split())


def test_a_page_shows_25_projects(client_of, office, partner_a):
    ProjectFactory.create_batch(27, lead_partner=partner_a)
    response = client_of(office).get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 25
    assert "27 Projekte" in paginator_text(response)


def test_more_than_the_cap_says_more_than_and_offers_no_select_all(
    client_of, office, partner_a, cap_of_thirty
):
    ProjectFactory.create_batch(60, lead_partner=partner_a)
    response = client_of(office).get(CHANGELIST)
    text = paginator_text(response)
    # Counted up to a page beyond the one asked for (two pages of 25).
    assert "mehr als 50 Projekte" in text
    body = response.content.decode()
    # "Select all 30 projects" would name a wrong number (and act on all 60).
    assert 'class="question' not in body
    # The next page is reachable and counted one page beyond itself.
    second = client_of(office).get(CHANGELIST, {"p": "2"})
    assert len(second.context["cl"].result_list) == 25
    assert "?p=3" in second.content.decode()


def test_up_to_the_cap_the_admin_counts_exactly_and_offers_select_all(
    client_of, office, partner_a, cap_of_thirty
):
    ProjectFactory.create_batch(28, lead_partner=partner_a)
    response = client_of(office).get(CHANGELIST)
    assert "28 Projekte" in paginator_text(response)
    assert "mehr als" not in paginator_text(response)
    assert 'class="question' in response.content.decode()


def test_the_count_stops_after_the_cap(client_of, office, partner_a):
    ProjectFactory(lead_partner=partner_a)
    client = client_of(office)
    client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as queries:
        client.get(CHANGELIST)
    counts = [
        query["sql"]
        for query in queries.captured_queries
        if "COUNT(" in query["sql"] and '"projects_project"' in query["sql"]
    ]
    assert len(counts) == 1 and "LIMIT 1001" in counts[0]


def test_the_queries_stay_the_same_with_more_projects(client_of, office, partner_a):
    client = client_of(office)
    ProjectFactory(lead_partner=partner_a)
    client.get(CHANGELIST)
    few = count_queries(lambda: client.get(CHANGELIST))
    ProjectFactory.create_batch(40, lead_partner=partner_a)
    assert count_queries(lambda: client.get(CHANGELIST)) == few
