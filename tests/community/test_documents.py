"""Documents: types by content, size limit, private storage, permission-checked downloads."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from community import services, uploads
from community.models import Document

from .factories import WorkingGroupFactory, WorkingGroupMemberFactory

pytestmark = pytest.mark.django_db


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes(padding: int = 0) -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b'<Types><Override PartName="/word/document.xml"/></Types>',
            "word/document.xml": b"<w:document/>" + b" " * padding,
        }
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("a.pdf", pdf_bytes, "application/pdf"),
        ("a.docx", docx_bytes, uploads.OOXML_TYPES["word/document.xml"]),
        (
            "a.odt",
            lambda: zip_bytes(
                {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}
            ),
            "application/vnd.oasis.opendocument.text",
        ),
        ("a.png", png_bytes, "image/png"),
    ],
)
def test_allowed_types_are_recognised_by_content(name, make, expected):
    assert uploads.detect_type(upload(name, make())) == expected


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4 not really a pdf", b"<html>hello</html>", zip_bytes({"evil.exe": b"MZ"})],
    ids=["fake-pdf", "html", "plain-zip"],
)
def test_other_content_is_refused_whatever_the_name(content):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        uploads.validate_upload(upload("report.pdf", content))


def test_zip_bomb_is_refused(monkeypatch):
    from django.core.exceptions import ValidationError

    monkeypatch.setattr(uploads, "MAX_UNCOMPRESSED", 1000)
    with pytest.raises(ValidationError) as error:
        uploads.validate_upload(upload("big.docx", docx_bytes(padding=5000)))
    assert error.value.code == "zip_bomb"


def test_file_larger_than_20_mb_is_refused():
    from django.core.exceptions import ValidationError

    big = upload("big.pdf", pdf_bytes())
    big.size = 20 * 1024 * 1024 + 1
    with pytest.raises(ValidationError) as error:
        uploads.validate_upload(big)
    assert error.value.code == "too_large"


@pytest.fixture
def group_document(member_a, settings):
    group = WorkingGroupFactory()
    WorkingGroupMemberFactory(group=group, user=member_a)
    document = Document.objects.create(title="Protokoll", working_group=group)
    services.add_version(
        document=document, file=upload("v1.pdf", pdf_bytes()), acting_user=member_a
    )
    return document


def test_internal_document_is_404_for_the_public_and_non_members(
    client, client_of, group_document, admin_b
):
    assert client.get(f"/dokumente/{group_document.pk}/").status_code == 404
    assert client_of(admin_b).get(f"/dokumente/{group_document.pk}/").status_code == 404


def test_group_member_downloads_the_internal_document(client_of, member_a, group_document):
    response = client_of(member_a).get(f"/dokumente/{group_document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"


def test_files_are_stored_outside_the_public_media(group_document, settings):
    path = group_document.current_version.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))


def test_public_document_is_downloadable_by_anyone(client, group_document):
    group_document.is_public = True
    group_document.save()
    assert client.get(f"/dokumente/{group_document.pk}/").status_code == 200


def test_replacing_keeps_the_old_version(client_of, member_a, group_document):
    client = client_of(member_a)
    response = client.post(
        f"/intern/dokumente/{group_document.pk}/ersetzen/", {"file": upload("v2.png", png_bytes())}
    )
    assert response.status_code == 302
    assert list(group_document.versions.values_list("number", flat=True)) == [2, 1]
    assert client.get(f"/dokumente/{group_document.pk}/")["Content-Type"] == "image/png"
    old = client.get(f"/intern/dokumente/{group_document.pk}/versionen/1/")
    assert old["Content-Type"] == "application/pdf"


def test_group_member_uploads_and_bad_type_keeps_the_form(client_of, member_a, group_document):
    group = group_document.working_group
    client = client_of(member_a)
    response = client.post(
        f"/intern/arbeitsgruppen/{group.slug}/dokumente/",
        {"title": "Mein Titel", "description": "", "file": upload("x.pdf", b"not a pdf")},
    )
    assert response.status_code == 400
    assert "Mein Titel" in response.content.decode()
    response = client.post(
        f"/intern/arbeitsgruppen/{group.slug}/dokumente/",
        {"title": "Folien", "description": "", "file": upload("f.pdf", pdf_bytes())},
    )
    assert response.status_code == 302
    assert Document.objects.filter(title="Folien", working_group=group).exists()


@pytest.fixture
def project_document(partner_a):
    from tests.projects.factories import ProjectFactory

    project = ProjectFactory(lead_partner=partner_a)
    document = Document.objects.create(title="Projektplan", project=project)
    services.add_version(document=document, file=upload("plan.pdf", pdf_bytes()), acting_user=None)
    return document


def test_project_documents_are_for_the_projects_partners_only(
    client, client_of, project_document, member_a, admin_b
):
    url = f"/dokumente/{project_document.pk}/"
    assert client.get(url).status_code == 404
    assert client_of(admin_b).get(url).status_code == 404
    assert client_of(member_a).get(url).status_code == 200


def test_project_editors_upload_on_the_project_documents_page(
    client_of, project_document, editor_a, admin_b
):
    project = project_document.project
    page = f"/intern/projekt-dokumente/{project.pk}/"
    assert client_of(admin_b).get(page).status_code == 404
    client = client_of(editor_a)
    assert "Projektplan" in client.get(page).content.decode()
    response = client.post(
        page, {"title": "Kostenplan", "description": "", "file": upload("k.png", png_bytes())}
    )
    assert response.status_code == 302
    assert project.documents.filter(title="Kostenplan").exists()


def test_project_members_read_the_documents_but_neither_upload_nor_replace(
    client_of, project_document, member_a
):
    """Members are read-only by their role: no upload, no new version (issue 15, Why #7)."""
    project = project_document.project
    page = f"/intern/projekt-dokumente/{project.pk}/"
    client = client_of(member_a)
    shown = client.get(page).content.decode()
    assert "Projektplan" in shown
    assert 'enctype="multipart/form-data"' not in shown
    assert f"/intern/dokumente/{project_document.pk}/ersetzen/" not in shown
    response = client.post(
        page, {"title": "Kostenplan", "description": "", "file": upload("k.png", png_bytes())}
    )
    assert response.status_code == 403
    assert not project.documents.filter(title="Kostenplan").exists()
    replace = f"/intern/dokumente/{project_document.pk}/ersetzen/"
    response = client.post(replace, {"file": upload("neu.pdf", pdf_bytes())})
    assert response.status_code == 403
    assert project_document.versions.count() == 1
    assert client.get(f"/dokumente/{project_document.pk}/").status_code == 200
