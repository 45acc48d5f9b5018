"""Logos are stored as project images are: decoded, re-encoded without metadata, renamed."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin

from partners.models import Partner

pytestmark = pytest.mark.django_db


def _png_with_metadata() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Max Mustermann, Kämmerei, Tel. 0331 123")
    info.add_text("Comment", "<script>alert(1)</script>")
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), "navy").save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = "Aufgenommen im Büro der Landrätin"  # ImageDescription
    exif[0x8825] = {1: "N", 2: (52.0, 23.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), "navy").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _stored(partner) -> Image.Image:
    partner.refresh_from_db()
    with partner.logo.open("rb") as handle:
        return Image.open(io.BytesIO(handle.read()))


@pytest.mark.parametrize(
    ("name", "content"),
    [("Logo Landkreis Müller (final).png", _png_with_metadata), ("wappen.jpg", _jpeg_with_gps)],
)
def test_a_logo_from_the_profile_form_is_stored_without_metadata_under_a_new_name(
    client_of, admin_a, partner_a, media, name, content
):
    url = reverse("partners_intern:edit_profile", args=[partner_a.slug])
    data = {
        "description": "Wir",
        "website": "",
        "street": "",
        "postal_code": "",
        "city": "",
        "contact_email": "",
        "contact_phone": "",
        "logo_alt": "Wappen",
        "logo": SimpleUploadedFile(name, content()),
    }
    response = client_of(admin_a).post(url, data)
    assert response.status_code == 302
    stored_name = Partner.objects.get(pk=partner_a.pk).logo.name
    assert re.fullmatch(r"partners/logos/[0-9a-f]{32}\.(png|jpg)", stored_name), stored_name
    image = _stored(partner_a)
    assert not image.info.get("Author") and not image.info.get("Comment")
    assert not image.getexif()


def test_a_logo_uploaded_in_the_admin_is_re_encoded_too(client_of, office, partner_a, media):
    from tests.ops.htmlforms import form_values

    client = client_of(office)
    url = f"/admin/partners/partner/{partner_a.pk}/change/"
    data: dict[str, list] = {}
    for key, value in form_values(client.get(url).content.decode(), "partner_form"):
        data.setdefault(key, []).append(value)
    data["logo_alt"] = ["Wappen"]
    data["logo"] = [SimpleUploadedFile("Logo mit Metadaten.png", _png_with_metadata())]
    response = client.post(url, data)
    assert response.status_code == 302
    partner_a.refresh_from_db()
    assert re.fullmatch(r"partners/logos/[0-9a-f]{32}\.png", partner_a.logo.name)
    assert not _stored(partner_a).info.get("Author")


def test_a_truncated_logo_is_refused_with_the_forms_message(client_of, admin_a, partner_a, media):
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 64).convert("RGB").save(buffer, "PNG")
    cut = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    url = reverse("partners_intern:edit_profile", args=[partner_a.slug])
    response = client_of(admin_a).post(
        url, {"description": "Wir", "logo_alt": "L", "logo": SimpleUploadedFile("l.png", cut)}
    )
    assert response.status_code == 200
    assert 'id="id_logo-error"' in response.content.decode()
    partner_a.refresh_from_db()
    assert not partner_a.logo
