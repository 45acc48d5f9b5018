import pytest
from django.core.exceptions import ValidationError

from core.text import german_slugify
from partners.models import Partner, validate_ags
from tests.factories import UserFactory, make_project_office


@pytest.mark.parametrize("value", ["12072232", "12072000", "11000000", "12054000"])
def test_known_keys_of_berlin_and_brandenburg_are_accepted(value):
    validate_ags(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1207223", "ags_format"),
        ("120722320", "ags_format"),
        ("1207223X", "ags_format"),
        ("09162000", "ags_state"),
        ("12099999", "ags_unknown"),
    ],
)
def test_invalid_keys_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as error:
        validate_ags(value)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Landkreis Teltow-Fläming", "landkreis-teltow-flaeming"),
        ("Wirtschaftsförderung Land Brandenburg", "wirtschaftsfoerderung-land-brandenburg"),
        (
            "Berlin Partner für Wirtschaft und Technologie",
            "berlin-partner-fuer-wirtschaft-und-technologie",
        ),
        ("Gemeinde Wiesenburg/Mark", "gemeinde-wiesenburg-mark"),
        ("Großbeeren", "grossbeeren"),
    ],
)
def test_slugs_transliterate_german_letters(name, slug):
    assert german_slugify(name) == slug


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ags", "message"),
    [
        ("123", "genau 8 Ziffern"),
        ("12099999", "kein Schlüssel"),
        ("09162000", "mit 11 (Berlin) oder 12 (Brandenburg)"),
    ],
)
def test_the_admin_refuses_an_invalid_key_in_german_and_keeps_the_input(client, ags, message):
    office = make_project_office(UserFactory())
    client.force_login(office)
    response = client.post(
        "/admin/partners/partner/add/",
        {
            "name": "Gemeinde Nirgendwo",
            "slug": "gemeinde-nirgendwo",
            "kind": "gemeinde",
            "federal_state": "brandenburg",
            "hub_role": "partner",
            "ags": ags,
            "is_active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert f'value="{ags}"' in response.content.decode()
    assert not Partner.objects.filter(slug="gemeinde-nirgendwo").exists()
