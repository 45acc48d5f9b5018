"""One upload service: a new document and its first version are saved together, or neither."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from community import services
from community.models import Document, DocumentVersion

from .factories import EventFactory, WorkingGroupFactory, WorkingGroupMemberFactory
from .test_admin import _inline_data
from .test_documents import pdf_bytes

pytestmark = pytest.mark.django_db


class FailingStorage(FileSystemStorage):
    """A private storage that is away (a full disk, an object store that does not answer)."""

    def _save(self, name, content):
        raise OSError("storage unavailable")


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def failing_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": f"{__name__}.FailingStorage"},
    }


def pdf(name: str = "protokoll.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes())


@pytest.mark.usefixtures("private_media")
def test_the_document_is_saved_with_its_first_version(member_a):
    group = WorkingGroupFactory()
    document = services.upload_document(
        acting_user=member_a,
        document=Document(title="Protokoll", working_group=group),
        file=pdf(),
    )
    stored = Document.objects.get(pk=document.pk)
    assert stored.working_group == group
    version = stored.current_version
    assert (version.number, version.content_type, version.uploaded_by) == (
        1,
        "application/pdf",
        member_a,
    )


@pytest.mark.usefixtures("failing_storage")
def test_a_file_the_storage_cannot_keep_leaves_no_document_behind(member_a):
    with pytest.raises(OSError, match="storage unavailable"):
        services.upload_document(
            acting_user=member_a, document=Document(title="Protokoll"), file=pdf()
        )
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()


@pytest.mark.usefixtures("private_media")
def test_a_refused_file_leaves_no_document_behind(member_a):
    with pytest.raises(ValidationError):
        services.upload_document(
            acting_user=member_a,
            document=Document(title="Protokoll"),
            file=SimpleUploadedFile("x.pdf", b"MZ not a pdf"),
        )
    assert not Document.objects.exists()


@pytest.mark.usefixtures("private_media")
def test_a_document_in_a_group_and_a_project_at_once_is_refused_before_anything_is_stored(
    member_a, partner_a
):
    from tests.projects.factories import ProjectFactory

    document = Document(
        title="Doppelt", working_group=WorkingGroupFactory(), project=ProjectFactory()
    )
    with pytest.raises(ValidationError):
        services.upload_document(acting_user=member_a, document=document, file=pdf())
    assert not Document.objects.exists()


@pytest.mark.usefixtures("failing_storage")
def test_a_failing_upload_in_a_group_leaves_no_document(client_of, member_a):
    group = WorkingGroupFactory()
    WorkingGroupMemberFactory(group=group, user=member_a)
    client = client_of(member_a)
    client.raise_request_exception = False
    response = client.post(
        f"/intern/arbeitsgruppen/{group.slug}/dokumente/",
        {"title": "Folien", "description": "", "file": pdf()},
    )
    assert response.status_code == 500
    assert not Document.objects.exists()


@pytest.mark.usefixtures("failing_storage")
def test_a_failing_upload_to_an_event_leaves_no_document(client_of, editor_a, partner_a):
    event = EventFactory(host_partner=partner_a)
    client = client_of(editor_a)
    client.raise_request_exception = False
    response = client.post(
        f"/intern/termine/{event.pk}/dokumente/",
        {"title": "Folien", "description": "", "file": pdf()},
    )
    assert response.status_code == 500
    assert not Document.objects.exists()


@pytest.mark.usefixtures("failing_storage")
def test_a_failing_upload_in_the_admin_leaves_no_document(client_of, office):
    client = client_of(office)
    client.raise_request_exception = False
    data = {"title": "Leitfaden", "description": "", **_inline_data()}
    data["versions-0-file"] = pdf("leitfaden.pdf")
    response = client.post("/admin/community/document/add/", data)
    assert response.status_code == 500
    assert not Document.objects.exists()


@pytest.mark.usefixtures("private_media")
def test_the_office_uploads_to_the_library_in_the_portal(client_of, office):
    response = client_of(office).post(
        "/intern/bibliothek/hochladen/",
        {"title": "Leitfaden", "description": "", "is_public": "on", "file": pdf()},
    )
    assert response.status_code == 302
    document = Document.objects.get(title="Leitfaden")
    assert document.is_public
    assert (document.working_group, document.project, document.event) == (None, None, None)
    assert document.current_version.uploaded_by == office


@pytest.mark.usefixtures("private_media")
def test_a_document_added_in_the_admin_with_two_files_gets_two_versions(client_of, office):
    data = {"title": "Leitfaden", "description": "", **_inline_data()}
    data["versions-TOTAL_FORMS"] = "2"
    data["versions-0-file"] = pdf("v1.pdf")
    data["versions-1-file"] = pdf("v2.pdf")
    response = client_of(office).post("/admin/community/document/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(title="Leitfaden")
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]


@pytest.mark.usefixtures("private_media")
def test_a_document_added_in_the_admin_without_a_file_is_saved_as_before(client_of, office):
    data = {"title": "Platzhalter", "description": "", **_inline_data()}
    response = client_of(office).post("/admin/community/document/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Document.objects.get(title="Platzhalter").versions.exists()
