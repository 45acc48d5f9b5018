"""The partner's logo form says what it needs and what happened (issue 16, finding 17)."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.partners.test_own_data_and_profile import _profile_data

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def _label(html: str, field_id: str) -> str:
    match = re.search(rf'<label class="kern-label[^"]*" for="{field_id}">(.*?)</label>', html, re.S)
    assert match, field_id
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


@pytest.fixture
def url(partner_a):
    return reverse("partners_intern:edit_profile", args=[partner_a.slug])


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_without_a_logo_the_alt_text_says_when_it_is_needed(client_of, admin_a, url):
    html = client_of(admin_a).get(url).content.decode()
    label = _label(html, "id_logo_alt")
    assert label == "Alternativtext des Logos (erforderlich mit einem Logo)"
    assert "optional" not in label


def test_with_a_logo_the_alt_text_is_required_and_not_marked_optional(
    client_of, admin_a, partner_a, url, media
):
    partner_a.logo.save("wappen.png", ContentFile(_png()), save=False)
    partner_a.logo_alt = "Wappen"
    partner_a.save()
    client = client_of(admin_a)
    assert "optional" not in _label(client.get(url).content.decode(), "id_logo_alt")
    response = client.post(url, _profile_data(partner_a, logo_alt=""))
    assert response.status_code == 200
    assert "Beschreiben Sie das Logo" in response.content.decode()


def test_removing_the_logo_needs_no_alt_text(client_of, admin_a, partner_a, url, media):
    partner_a.logo.save("wappen.png", ContentFile(_png()), save=False)
    partner_a.logo_alt = "Wappen"
    partner_a.save()
    response = client_of(admin_a).post(url, _profile_data(partner_a, **{"logo-clear": "on"}))
    assert response.status_code == 302
    partner_a.refresh_from_db()
    assert not partner_a.logo


def test_the_current_logo_is_a_thumbnail_not_a_storage_path(
    client_of, admin_a, partner_a, url, media
):
    partner_a.logo.save("wappen.png", ContentFile(_png()), save=False)
    partner_a.logo_alt = "Wappen des Landkreises"
    partner_a.save()
    html = client_of(admin_a).get(url).content.decode()
    assert f'<img class="rh-file-thumb__image" src="{partner_a.logo.url}"' in html
    assert 'alt="Wappen des Landkreises"' in html
    assert f">{partner_a.logo.name}<" not in html


def test_a_chosen_file_lost_to_another_error_is_named(client_of, admin_a, partner_a, url, media):
    logo = SimpleUploadedFile("wappen.png", _png(), content_type="image/png")
    data = {**_profile_data(partner_a, logo_alt="Wappen", website="kein link"), "logo": logo}
    response = client_of(admin_a).post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(r'id="id_logo-error">(.*?)</p>', html, re.S)
    assert error and "„wappen.png“" in error.group(1)
    assert "Bitte wählen Sie die Datei erneut aus." in error.group(1)
    partner_a.refresh_from_db()
    assert not partner_a.logo
