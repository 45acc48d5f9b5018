"""The public index of public documents at /dokumente/."""

import pytest

from community.models import Document
from tests.projects.factories import ProjectFactory, PublishedProjectFactory
from tests.utils import count_queries

from .factories import EventFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def _world(number: int = 1) -> None:
    for index in range(number):
        project = PublishedProjectFactory(title=f"Veröffentlicht {index}")
        event = EventFactory(title=f"Offenes Treffen {index}", is_public=True)
        Document.objects.create(title=f"Bibliothek öffentlich {index}", is_public=True)
        Document.objects.create(
            title=f"Projekt öffentlich {index}", is_public=True, project=project
        )
        Document.objects.create(title=f"Termin öffentlich {index}", is_public=True, event=event)
        Document.objects.create(title=f"Bibliothek intern {index}")
        Document.objects.create(title=f"Projekt intern {index}", project=project)
        Document.objects.create(
            title=f"Entwurf öffentlich {index}", is_public=True, project=ProjectFactory()
        )
        Document.objects.create(
            title=f"Internes Treffen öffentlich {index}",
            is_public=True,
            event=EventFactory(is_public=False, working_group=WorkingGroupFactory()),
        )


def test_lists_public_documents_of_library_events_and_published_projects_only(client):
    _world()
    page = client.get("/dokumente/").content.decode()
    for title in ("Bibliothek öffentlich 0", "Projekt öffentlich 0", "Termin öffentlich 0"):
        assert title in page
    for title in ("Bibliothek intern", "Projekt intern", "Entwurf öffentlich", "Internes Treffen"):
        assert title not in page
    assert "Veröffentlicht 0" in page and "Offenes Treffen 0" in page


def test_is_paginated_and_linked_from_the_news_page(client):
    for index in range(21):
        Document.objects.create(title=f"Dok {index:02d}", is_public=True)
    first = client.get("/dokumente/").content.decode()
    assert first.count('href="/dokumente/') == 20
    assert "seite=2" in first
    assert client.get("/dokumente/?seite=2").content.decode().count('href="/dokumente/') == 1
    assert 'href="/dokumente/"' in client.get("/aktuelles/").content.decode()


def test_query_count_does_not_grow(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    _world()
    client.get("/dokumente/")
    small = count_queries(lambda: client.get("/dokumente/"))
    _world(5)
    assert count_queries(lambda: client.get("/dokumente/")) == small
