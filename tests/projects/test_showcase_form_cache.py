"""The showcase's filter form, kept per content generation, language and choice
(projects/fragments.py)."""

import pytest
from django.core.cache import cache

from projects.models import Project

from .factories import FieldOfActionFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def memory_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def test_a_new_field_of_action_shows_in_the_kept_form_at_once(client, memory_cache):
    client.get("/projekte/")
    FieldOfActionFactory(name="Weltraumverwaltung", slug="weltraum")
    assert "Weltraumverwaltung" in client.get("/projekte/").content.decode()


def test_the_kept_form_follows_the_language(client, memory_cache):
    assert "Handlungsfeld" in client.get("/projekte/").content.decode()
    english = client.get("/projekte/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Field of action" in english
    assert "Handlungsfeld" not in english


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
