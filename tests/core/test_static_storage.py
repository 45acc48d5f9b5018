"""The production static storage: fingerprinted URLs, each worked out once."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage

from core.static_storage import StaticFilesStorage


def test_the_site_uses_it():
    staticfiles_storage.url("css/regiohub.css")
    assert isinstance(staticfiles_storage._wrapped, StaticFilesStorage)


def test_an_asset_has_its_fingerprinted_url_every_time():
    storage = StaticFilesStorage()
    first = storage.url("css/regiohub.css")
    assert first.startswith("/static/css/regiohub.") and first.endswith(".css")
    assert first != "/static/css/regiohub.css"
    assert storage.url("css/regiohub.css") == first
    assert storage._urls == {"css/regiohub.css": first}


def test_a_name_missing_from_the_manifest_fails_every_time():
    storage = StaticFilesStorage()
    for _ in range(2):
        with pytest.raises(ValueError):
            storage.url("css/gibt-es-nicht.css")
    assert storage._urls == {}
