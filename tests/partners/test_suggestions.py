"""The partner autocomplete's suggestions (an htmx fragment, /partner/vorschlaege/)."""

import pytest

from partners.lookup import MAX_CANDIDATES, lookup_partner
from tests.factories import PartnerFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def test_suggestions_list_the_matching_partners_as_options(client):
    PartnerFactory(name="Stadt Teltow")
    PartnerFactory(name="Landkreis Teltow-Fläming")
    PartnerFactory(name="Stadt Potsdam")
    html = client.get("/partner/vorschlaege/", {"partner": "teltow"}).content.decode()
    assert 'role="listbox"' in html
    assert html.count('role="option"') == 2
    assert "Potsdam" not in html


def test_suggestions_say_when_nothing_matches(client):
    PartnerFactory(name="Stadt Teltow")
    response = client.get("/partner/vorschlaege/", {"partner": "Atlantis"})
    assert 'role="option"' not in response.content.decode()
    assert 'data-count="0"' in response.content.decode()


def test_suggestions_are_capped_and_cost_one_query(client):
    PartnerFactory.create_batch(30)
    with_few = count_queries(lambda: client.get("/partner/vorschlaege/", {"partner": "Testdorf"}))
    html = client.get("/partner/vorschlaege/", {"partner": "Testdorf"}).content.decode()
    assert html.count('role="option"') == MAX_CANDIDATES
    PartnerFactory.create_batch(30)
    assert (
        count_queries(lambda: client.get("/partner/vorschlaege/", {"partner": "Testdorf"}))
        == with_few
    )


def test_an_inactive_partner_is_never_suggested(client):
    PartnerFactory(name="Stadt Teltow", is_active=False)
    html = client.get("/partner/vorschlaege/", {"partner": "Teltow"}).content.decode()
    assert "Stadt Teltow" not in html


def test_an_exact_name_wins_over_longer_names_containing_it():
    PartnerFactory(name="Stadt Teltow", short_name="")
    PartnerFactory(name="Stadt Teltow Nord", short_name="")
    assert lookup_partner("stadt teltow").partner.name == "Stadt Teltow"
    assert lookup_partner("Teltow").is_ambiguous
