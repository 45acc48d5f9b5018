import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.text import render_markdown
from projects.models import Participation, Project, PublicationState

from .factories import FieldOfActionFactory, ProjectFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">klick</a>',
    "[klick](javascript:alert(1))",
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '"><script>alert(1)</script>',
]


def form_data(partner, **changes) -> dict:
    data = {
        "title": "Digitale Bürgerdienste",
        "summary": "Anträge online stellen.",
        "description": "Die **Verwaltung** wird digital.",
        "kind": "existing",
        "status": "planning",
        "lead_partner": partner.pk,
        "transfer_direction": "none",
        "start_date": "2025-01-01",
        "end_date": "2025-12-31",
        "funding_programme": "",
        "funding_amount": "1000,50",
        "website": "",
        "contact_name": "",
        "contact_email": "",
        "image_alt": "",
        "teilnehmende-TOTAL_FORMS": "3",
        "teilnehmende-INITIAL_FORMS": "0",
        "teilnehmende-MIN_NUM_FORMS": "0",
        "teilnehmende-MAX_NUM_FORMS": "60",
        "action": "save",
    }
    for index in range(3):
        data[f"teilnehmende-{index}-partner"] = ""
        data[f"teilnehmende-{index}-role"] = "partner"
    data.update(changes)
    return data


def image_file(fmt="PNG", size=(40, 30), name="bild.png", **save) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=fmt, **save)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def test_editor_creates_a_draft_with_participants(client_of, partner_a, partner_b, editor_a):
    field = FieldOfActionFactory(slug="verwaltung")
    data = form_data(partner_a, fields_of_action=[field.pk])
    data["teilnehmende-0-partner"] = partner_b.pk
    data["teilnehmende-0-role"] = "pilot_site"
    response = client_of(editor_a).post("/intern/projekte/neu/", data)
    assert response.status_code == 302
    project = Project.objects.get(title="Digitale Bürgerdienste")
    assert project.publication_state == PublicationState.DRAFT
    roles = dict(project.participations.values_list("partner_id", "role"))
    assert roles == {partner_a.pk: "lead", partner_b.pk: "pilot_site"}
    assert "<strong>Verwaltung</strong>" in project.description_html
    assert project.transitions.filter(action="created", actor=editor_a).exists()


def test_member_cannot_create(client_of, partner_a, member_a):
    assert client_of(member_a).get("/intern/projekte/neu/").status_code == 403


def test_editor_cannot_name_another_partner_as_lead(client_of, partner_a, partner_b, editor_a):
    response = client_of(editor_a).post("/intern/projekte/neu/", form_data(partner_b))
    assert response.status_code == 200
    assert "lead_partner" in response.context["form"].errors


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start_date": "2025-05-01", "end_date": "2025-04-30"}, "end_date"),
        ({"funding_amount": "-1"}, "funding_amount"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_refused_and_the_input_kept(client_of, partner_a, editor_a, changes, field):
    response = client_of(editor_a).post("/intern/projekte/neu/", form_data(partner_a, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Anträge online stellen." in response.content.decode()
    assert not Project.objects.exists()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markdown_is_sanitised(payload):
    html = render_markdown(f"Text {payload}")
    lowered = html.lower()
    assert "<script" not in lowered
    assert "onerror" not in lowered and "onload" not in lowered
    assert "javascript:" not in lowered
    assert "<iframe" not in lowered and "style=" not in lowered


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_in_title_summary_and_description_stay_inert(client, partner_a, payload):
    project = PublishedProjectFactory(
        lead_partner=partner_a,
        title=f"T {payload}",
        summary=f"S {payload}",
        description_html=render_markdown(f"D {payload}"),
    )
    for url in (project.get_absolute_url(), "/projekte/"):
        body = client.get(url).content.decode()
        assert "<script>alert(1)" not in body
        assert 'onerror="alert' not in body and 'onload="alert' not in body
        assert 'href="javascript:' not in body


def test_preview_without_javascript_renders_the_page(client_of, partner_a, editor_a):
    data = form_data(partner_a, action="preview", description="# Titel\n\n<script>x</script>*fein*")
    response = client_of(editor_a).post("/intern/projekte/neu/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<em>fein</em>" in body and "<script>x" not in body
    assert not Project.objects.exists()


def test_preview_with_htmx_returns_the_partial(client_of, partner_a, editor_a):
    data = form_data(partner_a, action="preview", description="*fein*")
    response = client_of(editor_a).post(
        "/intern/projekte/neu/", data, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "<em>fein</em>" in body and "<html" not in body


def test_image_is_reencoded_without_metadata(client_of, partner_a, editor_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    exif = Image.Exif()
    exif[0x010F] = "Geheime Kamera"
    upload = image_file("JPEG", name="foto.jpg", exif=exif.tobytes())
    data = form_data(partner_a, image_upload=upload, image_alt="Ein Bus vor dem Rathaus")
    assert client_of(editor_a).post("/intern/projekte/neu/", data).status_code == 302
    project = Project.objects.get()
    with Image.open(project.image.path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
    assert b"Geheime Kamera" not in project.image.read()


def test_image_needs_alt_text(client_of, partner_a, editor_a):
    data = form_data(partner_a, image_upload=image_file())
    response = client_of(editor_a).post("/intern/projekte/neu/", data)
    assert "image_alt" in response.context["form"].errors


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("bild.jpg", b"Ich bin nur Text, kein Bild.", content_type="image/jpeg"),
        SimpleUploadedFile("bild.gif", b"GIF89a" + b"\x00" * 100, content_type="image/gif"),
    ],
    ids=["text-named-jpg", "gif"],
)
def test_non_images_are_refused(client_of, partner_a, editor_a, upload):
    data = form_data(partner_a, image_upload=upload, image_alt="x")
    response = client_of(editor_a).post("/intern/projekte/neu/", data)
    assert "image_upload" in response.context["form"].errors


def test_oversized_file_is_refused(client_of, partner_a, editor_a):
    big = SimpleUploadedFile("gross.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 1))
    data = form_data(partner_a, image_upload=big, image_alt="x")
    response = client_of(editor_a).post("/intern/projekte/neu/", data)
    assert "5 MB" in str(response.context["form"].errors["image_upload"])


def test_decompression_bomb_is_refused(client_of, partner_a, editor_a):
    # 6000 × 6000 = 36 megapixels of one colour compress to a few kilobytes.
    buffer = io.BytesIO()
    Image.new("1", (6000, 6000)).save(buffer, format="PNG", optimize=True)
    assert len(buffer.getvalue()) < 500_000
    bomb = SimpleUploadedFile("bombe.png", buffer.getvalue(), content_type="image/png")
    response = client_of(editor_a).post(
        "/intern/projekte/neu/", form_data(partner_a, image_upload=bomb, image_alt="x")
    )
    assert "25" in str(response.context["form"].errors["image_upload"])


def test_second_save_of_an_outdated_version_is_refused(client_of, partner_a, editor_a, admin_a):
    project = ProjectFactory(lead_partner=partner_a, title="Alt")
    url = f"/intern/projekte/{project.pk}/bearbeiten/"
    first = form_data(partner_a, title="Von Anna", version=project.version)
    second = form_data(partner_a, title="Von Bernd", version=project.version)
    assert client_of(editor_a).post(url, first).status_code == 302
    response = client_of(admin_a).post(url, second)
    body = response.content.decode()
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.title == "Von Anna"
    assert "Von Anna" in body  # the newer version is shown
    assert 'value="Von Bernd"' in body  # and the user's input kept
    assert f'name="version" value="{project.version}"' in body
    # Saving again, knowingly based on the newer version, now succeeds.
    assert (
        client_of(admin_a)
        .post(url, form_data(partner_a, title="Von Bernd", version=project.version))
        .status_code
        == 302
    )
    project.refresh_from_db()
    assert project.title == "Von Bernd"


def test_edit_form_shows_existing_participants(client_of, partner_a, partner_b, editor_a):
    project = ProjectFactory(lead_partner=partner_a)
    Participation.objects.create(project=project, partner=partner_b, role="supporter")
    response = client_of(editor_a).get(f"/intern/projekte/{project.pk}/bearbeiten/")
    assert response.context["formset"].initial == [{"partner": partner_b.pk, "role": "supporter"}]
