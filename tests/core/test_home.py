from unittest import mock

import pytest
from django.db.utils import OperationalError

from partners.realdata import load_partners
from tests.factories import PartnerFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def test_home_is_german_by_default_and_counts_the_partners_by_kind(client):
    load_partners()
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de"' in html
    assert 'href="/partner/?art=landkreis"' in html
    assert "Zum Inhalt springen" in html


def test_language_parameter_switches_to_english_and_is_remembered(client):
    response = client.get("/", {"language": "en"})
    assert '<html lang="en"' in response.content.decode()
    assert "Skip to content" in response.content.decode()
    assert client.get("/").content.decode().count('<html lang="en"') == 1


def test_the_language_switcher_keeps_other_query_parameters(client):
    response = client.get("/partner/", {"art": "landkreis"})
    assert "?art=landkreis&amp;language=en" in response.content.decode()


def test_home_queries_do_not_grow_with_the_number_of_partners(client):
    PartnerFactory.create_batch(2)
    small = count_queries(lambda: client.get("/"))
    PartnerFactory.create_batch(30)
    assert count_queries(lambda: client.get("/")) == small


def test_healthz_reports_a_reachable_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}


def test_healthz_reports_an_unreachable_database_with_503(client):
    with mock.patch("core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable"}


def test_robots_txt_keeps_crawlers_out_of_internal_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /intern/" in response.content.decode()


def test_static_files_have_hashed_names(client):
    html = client.get("/").content.decode()
    assert "/static/css/regiohub." in html
    assert "/static/css/regiohub.css" not in html
