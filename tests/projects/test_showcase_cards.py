"""The showcase's cards, kept per content generation and language (projects/fragments.py)."""

import pytest
from django.core.cache import cache

from projects.models import Project
from tests.utils import count_queries

from .factories import PublishedProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def memory_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def test_a_renamed_project_shows_its_new_title_at_once(client, memory_cache):
    project = PublishedProjectFactory(title="Alter Titel")
    assert "Alter Titel" in client.get("/projekte/").content.decode()
    project.title = "Neuer Titel"
    project.save()
    body = client.get("/projekte/").content.decode()
    assert "Neuer Titel" in body
    assert "Alter Titel" not in body


def test_a_renamed_lead_partner_shows_on_the_card_at_once(client, memory_cache):
    project = PublishedProjectFactory()
    partner = project.lead_partner
    client.get("/projekte/")
    partner.name = "Gemeinde Umbenannt"
    partner.save()
    assert "Gemeinde Umbenannt" in client.get("/projekte/").content.decode()


def test_cards_follow_the_language(client, memory_cache):
    PublishedProjectFactory(status=Project.Status.OPERATION)
    assert "Im Betrieb" in client.get("/projekte/").content.decode()
    english = client.get("/projekte/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "In operation" in english
    assert "Im Betrieb" not in english


def test_kept_cards_spare_the_fields_query(client, memory_cache):
    PublishedProjectFactory.create_batch(3)
    first = count_queries(lambda: client.get("/projekte/"))
    again = count_queries(lambda: client.get("/projekte/"))
    assert again == first - 1


def test_the_same_page_with_the_database_cache(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    PublishedProjectFactory(title="Ohne Redis")
    first = client.get("/projekte/").content.decode()
    assert "Ohne Redis" in first
    assert client.get("/projekte/").content.decode() == first


def test_the_kept_filter_form_shows_the_chosen_values(client, memory_cache):
    PublishedProjectFactory(status=Project.Status.IDEA)
    client.get("/projekte/")
    html = client.get("/projekte/?status=idea").content
    assert b'<option value="idea" selected>' in html
    assert b'<option value="idea" selected>' not in client.get("/projekte/").content


def test_a_typed_search_is_not_kept(client, memory_cache):
    client.get("/projekte/?q=Einzigartig")
    assert not [key for key in cache._cache if "showcase-form" in key and "Einzigartig" in key]
    assert 'value="Einzigartig"' in client.get("/projekte/?q=Einzigartig").content.decode()
