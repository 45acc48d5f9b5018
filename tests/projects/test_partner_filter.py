"""The showcase's partner filter: a text field matched on the server, not a select of
every partner (issue 21), and the filters apply on the button only (issue 16)."""

import pytest

from tests.factories import PartnerFactory
from tests.projects.factories import PublishedProjectFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def teltow(db):
    district = PartnerFactory(name="Landkreis Teltow-Fläming", short_name="Teltow-Fläming")
    town = PartnerFactory(name="Stadt Teltow", short_name="Teltow")
    potsdam = PartnerFactory(name="Landeshauptstadt Potsdam", short_name="Potsdam")
    PublishedProjectFactory(title="Rufbus Fläming", lead_partner=district)
    PublishedProjectFactory(title="Teltower Rübchen digital", lead_partner=town)
    PublishedProjectFactory(title="Smarte Laternen", lead_partner=potsdam)
    return {"district": district, "town": town, "potsdam": potsdam}


def titles(response) -> list[str]:
    return sorted(project.title for project in response.context["projects"])


def test_a_link_with_the_partner_slug_still_filters(client, teltow):
    response = client.get(f"/projekte/?partner={teltow['potsdam'].slug}")
    assert titles(response) == ["Smarte Laternen"]
    # The field shows the partner's name, not the slug of the link.
    assert 'value="Landeshauptstadt Potsdam"' in response.content.decode()


def test_typing_a_unique_part_of_the_name_finds_the_partner(client, teltow):
    response = client.get("/projekte/", {"partner": "potsdam"})
    assert titles(response) == ["Smarte Laternen"]


def test_typing_the_transliterated_name_finds_the_partner(client, teltow):
    response = client.get("/projekte/", {"partner": "Teltow-Flaeming"})
    assert titles(response) == ["Rufbus Fläming"]


def test_typing_the_short_name_exactly_picks_that_partner_among_several(client, teltow):
    response = client.get("/projekte/", {"partner": "teltow"})
    assert titles(response) == ["Teltower Rübchen digital"]


def test_several_matches_offer_a_choice_and_show_all_their_projects(client, teltow):
    response = client.get("/projekte/", {"partner": "Tel", "status": ""})
    html = response.content.decode()
    assert titles(response) == ["Rufbus Fläming", "Teltower Rübchen digital"]
    assert "Mehrere Partner passen zu „Tel“" in html or "Several partners match" in html
    assert f'href="?partner={teltow["district"].slug}&amp;status="' in html
    assert f'href="?partner={teltow["town"].slug}&amp;status="' in html


def test_an_unknown_partner_finds_nothing_and_says_so_keeping_the_text(client, teltow):
    response = client.get("/projekte/", {"partner": "Atlantis"})
    html = response.content.decode()
    assert titles(response) == []
    assert "Atlantis" in html
    assert 'value="Atlantis"' in html


def test_the_partner_field_is_a_text_field_not_a_select_of_every_partner(client, teltow):
    html = client.get("/projekte/").content.decode()
    assert '<select name="partner"' not in html
    assert 'name="partner"' in html
    assert 'data-hx-get="/partner/vorschlaege/"' in html
    assert 'class="rh-autocomplete" data-autocomplete' in html
    assert ">Stadt Teltow</option>" not in html


def test_the_filters_apply_on_the_button_not_on_change(client, teltow):
    html = client.get("/projekte/").content.decode()
    assert "change" not in html.split('role="search"')[1].split(">")[0]
    assert 'data-hx-trigger="submit"' in html


def test_the_showcase_queries_do_not_grow_with_the_partners(client, teltow, settings):
    settings.PAGE_CACHE_SECONDS = 0
    query = {"partner": "potsdam"}
    client.get("/projekte/", query)
    small = count_queries(lambda: client.get("/projekte/", query))
    PartnerFactory.create_batch(40)
    assert count_queries(lambda: client.get("/projekte/", query)) == small


def test_the_exports_take_the_typed_partner_too(client, teltow):
    response = client.get("/projekte/export.json", {"partner": "Potsdam"})
    body = b"".join(response.streaming_content).decode()
    assert response.status_code == 200
    assert "Smarte Laternen" in body
    assert "Rufbus" not in body
