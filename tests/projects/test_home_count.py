"""The home page's number of published projects is counted once per content change."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project, PublicationState

from .factories import PublishedProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def published_figure(response) -> int:
    found = re.search(r"Veröffentlichte Projekte</dt><dd>([\d.]+)</dd>", response.content.decode())
    assert found is not None
    return int(found.group(1).replace(".", ""))


def test_the_figure_is_exact_and_follows_a_publication_at_once(client):
    for _number in range(3):
        PublishedProjectFactory()
    assert published_figure(client.get("/")) == 3
    PublishedProjectFactory()
    assert published_figure(client.get("/")) == 4


def test_the_figure_follows_an_archiving_at_once(client):
    project = PublishedProjectFactory()
    PublishedProjectFactory()
    assert published_figure(client.get("/")) == 2
    project.publication_state = PublicationState.ARCHIVED
    project.save()
    assert Project.objects.published().count() == 1
    assert published_figure(client.get("/")) == 1


def test_an_unchanged_site_does_not_count_again(client):
    PublishedProjectFactory()
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    counts = [
        query["sql"]
        for query in queries.captured_queries
        if "COUNT(" in query["sql"] and '"projects_project"' in query["sql"]
    ]
    assert counts == []
