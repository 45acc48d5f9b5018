"""The project office's admin for the community app."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community.models import Document

from .test_documents import pdf_bytes

pytestmark = pytest.mark.django_db


def _inline_data(prefix: str = "versions") -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_office_uploads_a_library_document_in_the_admin(client_of, office):
    data = {"title": "Leitfaden", "description": "", **_inline_data()}
    data["versions-0-file"] = SimpleUploadedFile("leitfaden.pdf", pdf_bytes())
    response = client_of(office).post("/admin/community/document/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    version = Document.objects.get(title="Leitfaden").current_version
    assert (version.number, version.content_type, version.uploaded_by) == (
        1,
        "application/pdf",
        office,
    )


def test_admin_refuses_a_file_whose_content_is_not_allowed(client_of, office):
    data = {"title": "Schadsoftware", "description": "", **_inline_data()}
    data["versions-0-file"] = SimpleUploadedFile("x.pdf", b"MZ not a pdf")
    response = client_of(office).post("/admin/community/document/add/", data)
    assert response.status_code == 200
    assert not Document.objects.exists()


def test_partner_staff_cannot_open_the_community_admin(client_of, admin_a):
    response = client_of(admin_a).get("/admin/community/announcement/")
    assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    "model",
    [
        "workinggroup",
        "event",
        "announcement",
        "document",
        "expert",
        "stoprequest",
        "calendarfeedtoken",
    ],
)
def test_office_opens_every_community_admin_list(client_of, office, model):
    assert client_of(office).get(f"/admin/community/{model}/").status_code == 200


@pytest.mark.parametrize("model", ["workinggroup", "event", "announcement", "document", "expert"])
def test_office_opens_the_add_forms(client_of, office, model):
    assert client_of(office).get(f"/admin/community/{model}/add/").status_code == 200
