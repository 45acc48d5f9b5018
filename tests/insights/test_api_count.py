"""The API's lists count only up to a cap (issue 21), and /events/?partner= stays a slug."""

import pytest

from tests.community.factories import EventFactory
from tests.projects.factories import PublishedProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def cap_of_three(monkeypatch):
    monkeypatch.setattr("insights.api.pagination.COUNT_CAP", 3)


def test_more_items_than_the_cap_are_counted_as_the_cap_and_marked(client, cap_of_three):
    for number in range(5):
        PublishedProjectFactory(title=f"Radweg {number}")
    body = client.get("/api/v1/projects/?limit=2").json()
    assert body["count"] == 3
    assert body["count_capped"] is True
    # The pages still reach every item.
    titles = [item["title"] for item in body["results"]]
    while body["next"]:
        body = client.get(body["next"].removeprefix("http://testserver")).json()
        titles += [item["title"] for item in body["results"]]
    assert sorted(titles) == [f"Radweg {number}" for number in range(5)]


def test_up_to_the_cap_the_count_is_exact(client, cap_of_three):
    for number in range(3):
        PublishedProjectFactory(title=f"Radweg {number}")
    body = client.get("/api/v1/projects/").json()
    assert body["count"] == 3
    assert body["count_capped"] is False


def test_the_default_cap_is_a_thousand_read_with_a_limit(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PublishedProjectFactory()
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/projects/").json()
    assert body["count"] == 1 and body["count_capped"] is False
    counts = [
        query["sql"]
        for query in queries.captured_queries
        if "COUNT(" in query["sql"] and "projects_project" in query["sql"]
    ]
    assert len(counts) == 1 and "LIMIT 1001" in counts[0]


def test_the_events_partner_is_a_slug_and_an_unknown_one_a_400(client, partner_a):
    EventFactory(title="Bei A", host_partner=partner_a)
    EventFactory(title="Woanders")
    titles = [
        item["title"]
        for item in client.get(f"/api/v1/events/?partner={partner_a.slug}").json()["results"]
    ]
    assert titles == ["Bei A"]
    # A part of the name is no slug: the API answers 400, as before the page's autocomplete.
    part = partner_a.name.split()[0]
    assert client.get(f"/api/v1/events/?partner={part}").status_code == 400
    assert client.get("/api/v1/events/?partner=gibt-es-nicht").status_code == 400
