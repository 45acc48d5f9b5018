import pytest

from partners.models import Partner
from partners.realdata import load_partners
from tests.factories import PartnerFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_partners():
    load_partners()


def test_the_directory_lists_all_twelve_partners_grouped_by_kind(client, real_partners):
    response = client.get("/partner/")
    html = response.content.decode()
    assert response.status_code == 200
    for partner in Partner.objects.all():
        assert partner.name in html
    assert "Landkreis" in html


def test_the_directory_filters_by_kind_and_state(client, real_partners):
    response = client.get("/partner/", {"art": "landkreis", "land": "brandenburg"})
    html = response.content.decode()
    assert "Landkreis Havelland" in html
    assert "Stadt Luckenwalde" not in html
    assert "Berlin Partner" not in html


def test_an_unknown_filter_value_shows_everything_instead_of_an_error(client, real_partners):
    response = client.get("/partner/", {"art": "<script>", "land": "mars"})
    assert response.status_code == 200
    assert "Stadt Luckenwalde" in response.content.decode()


def test_the_profile_shows_the_municipality_key(client, real_partners):
    response = client.get("/partner/landkreis-teltow-flaeming/")
    assert response.status_code == 200
    assert "12072000" in response.content.decode()


def test_a_town_profile_names_its_district(client, real_partners):
    response = client.get("/partner/stadt-luckenwalde/")
    assert "12072232 (Teltow-Fläming)" in response.content.decode()


def test_an_inactive_partner_has_no_public_profile(client):
    PartnerFactory(name="Gemeinde Ausgetreten", is_active=False)
    assert client.get("/partner/gemeinde-ausgetreten/").status_code == 404


def test_an_unknown_slug_is_a_404(client):
    assert client.get("/partner/gibt-es-nicht/").status_code == 404


def test_directory_queries_do_not_grow_with_the_number_of_partners(client):
    PartnerFactory.create_batch(3)
    small = count_queries(lambda: client.get("/partner/"))
    PartnerFactory.create_batch(40)
    large = count_queries(lambda: client.get("/partner/"))
    assert small == large
    assert large <= 8
