import pytest

from partners.models import Partner
from partners.realdata import REAL_PARTNERS, load_partners

pytestmark = pytest.mark.django_db


def test_it_loads_the_twelve_partners_of_the_council_document():
    load_partners()
    assert Partner.objects.count() == 12


def test_loading_twice_leaves_twelve_partners_and_changes_nothing():
    load_partners()
    assert load_partners() == (0, 0)
    assert Partner.objects.count() == 12


def test_loading_again_keeps_what_the_office_filled_in():
    load_partners()
    Partner.objects.filter(slug="stadt-luckenwalde").update(
        website="https://www.luckenwalde.de", description="Von der Geschäftsstelle gepflegt."
    )
    load_partners()
    luckenwalde = Partner.objects.get(slug="stadt-luckenwalde")
    assert luckenwalde.website == "https://www.luckenwalde.de"
    assert luckenwalde.description == "Von der Geschäftsstelle gepflegt."


def test_teltow_flaeming_has_its_district_key_and_a_position_in_the_district():
    load_partners()
    partner = Partner.objects.get(slug="landkreis-teltow-flaeming")
    assert partner.ags == "12072000"
    # The centroid of the district polygon lies between Luckenwalde and Jüterbog.
    assert 51.9 < partner.latitude < 52.3
    assert 13.0 < partner.longitude < 13.6


def test_towns_take_position_from_the_shipped_municipality_list():
    load_partners()
    luckenwalde = Partner.objects.get(slug="stadt-luckenwalde")
    assert luckenwalde.ags == "12072232"
    assert str(luckenwalde.latitude) == "52.08960"
    assert str(luckenwalde.longitude) == "13.15149"


def test_ludwigsfelde_is_spelled_right():
    load_partners()
    assert Partner.objects.filter(name="Stadt Ludwigsfelde").exists()
    assert not Partner.objects.filter(name__icontains="Ludwigfelde").exists()


def test_the_three_agencies_have_no_municipality_key():
    load_partners()
    agencies = Partner.objects.filter(
        name__in=[
            "DigitalAgentur Brandenburg",
            "Wirtschaftsförderung Land Brandenburg",
            "Berlin Partner für Wirtschaft und Technologie",
        ]
    )
    assert [p.ags for p in agencies] == ["", "", ""]
    assert agencies.get(short_name="Berlin Partner").federal_state == "berlin"


def test_potsdam_is_the_project_sponsor_and_the_only_one():
    load_partners()
    sponsors = Partner.objects.filter(hub_role=Partner.HubRole.PROJECT_SPONSOR)
    assert [p.name for p in sponsors] == ["Landeshauptstadt Potsdam"]


def test_no_facts_are_invented():
    load_partners()
    assert not Partner.objects.exclude(website="").exists()
    assert not Partner.objects.exclude(street="").exists()
    assert not Partner.objects.exclude(contact_email="").exists()


def test_every_real_partner_validates():
    load_partners()
    for partner in Partner.objects.all():
        partner.full_clean()
    assert len(REAL_PARTNERS) == 12
