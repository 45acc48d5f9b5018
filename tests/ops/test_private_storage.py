"""One private storage (storages["private"]) for signed agreements and internal documents.

Local disk under PRIVATE_MEDIA_ROOT by default, the private S3 bucket when the
environment names one; never a URL; downloads open files through the storage.
"""

import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.migrations.loader import MigrationLoader

from community import services as community_services
from community.models import Document, DocumentVersion
from core.storage import PrivateFileSystemStorage, private_storage
from loi import services as loi_services
from loi.models import Accession, Agreement
from tests.community.factories import WorkingGroupFactory, WorkingGroupMemberFactory
from tests.loi.factories import AccessionFactory, AgreementFactory, pdf_bytes
from tests.ops.test_deploy_check import production_env, run

# Files only in memory, like an object store: nothing that opens by path finds them.
IN_MEMORY = {"BACKEND": "django.core.files.storage.InMemoryStorage"}


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def s3_like(settings):
    """A storage without a local path, like S3: anything that opens by path fails."""
    settings.STORAGES = {**settings.STORAGES, "private": IN_MEMORY}


def all_private_fields():
    return [
        Accession._meta.get_field("signed_pdf"),
        Agreement._meta.get_field("template_document"),
        DocumentVersion._meta.get_field("file"),
    ]


def test_every_private_file_field_uses_the_one_private_storage():
    for field in all_private_fields():
        assert field.storage is private_storage()
        assert field.deconstruct()[3]["storage"] is private_storage


def test_the_migrations_name_the_one_private_storage():
    """The migration state (what makemigrations compares with) knows the same storage."""
    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    for field in all_private_fields():
        model = field.model._meta
        state_field = state.models[model.app_label, model.model_name].fields[field.name]
        assert state_field.deconstruct()[3]["storage"] is private_storage


@pytest.mark.django_db
def test_uploads_land_in_the_private_media_root_by_default(settings, member_a, partner_a):
    accession = AccessionFactory(agreement=AgreementFactory(), partner=partner_a)
    accession.signed_pdf.save("x.pdf", ContentFile(pdf_bytes()), save=True)
    group = WorkingGroupFactory()
    WorkingGroupMemberFactory(group=group, user=member_a)
    document = Document.objects.create(title="Protokoll", working_group=group)
    version = community_services.add_version(
        document=document, file=SimpleUploadedFile("v1.pdf", pdf_bytes()), acting_user=member_a
    )
    root = settings.PRIVATE_MEDIA_ROOT.resolve()
    for fieldfile in (accession.signed_pdf, version.file):
        assert isinstance(private_storage()._wrapped, PrivateFileSystemStorage)
        path = (settings.PRIVATE_MEDIA_ROOT / fieldfile.name).resolve()
        assert path.is_file()
        assert path.is_relative_to(root)
        assert not path.is_relative_to(settings.MEDIA_ROOT.resolve())


@pytest.mark.django_db
def test_a_private_file_has_no_public_url(partner_a):
    accession = AccessionFactory(agreement=AgreementFactory(), partner=partner_a)
    accession.signed_pdf.save("x.pdf", ContentFile(pdf_bytes()), save=True)
    with pytest.raises(ValueError, match="no URL"):
        _ = accession.signed_pdf.url
    with pytest.raises(ValueError):
        private_storage()._wrapped.url(accession.signed_pdf.name)


@pytest.mark.django_db
def test_a_changed_storages_setting_is_followed(s3_like, partner_a):
    accession = AccessionFactory(agreement=AgreementFactory(), partner=partner_a)
    accession.signed_pdf.save("x.pdf", ContentFile(b"%PDF-1.7 x"), save=True)
    assert type(private_storage()._wrapped).__name__ == "InMemoryStorage"
    assert private_storage().exists(accession.signed_pdf.name)
    with pytest.raises(ValueError, match="no URL"):
        _ = accession.signed_pdf.url


@pytest.mark.django_db
def test_signed_pdf_downloads_from_a_storage_without_local_paths(
    s3_like, client_of, office, member_a, partner_a
):
    accession = AccessionFactory(agreement=AgreementFactory(), partner=partner_a)
    content = pdf_bytes()
    loi_services.record_signature(
        acting_user=office,
        accession=accession,
        signatory_name="Dr. Beispiel",
        signatory_function="Bürgermeisterin",
        signed_on=None,
        signed_pdf=SimpleUploadedFile("s.pdf", content),
    )
    accession.refresh_from_db()
    assert not Path(accession.signed_pdf.path).exists()
    for user in (member_a, office):
        response = client_of(user).get(
            f"/intern/absichtserklaerung/{partner_a.slug}/unterzeichnet.pdf"
        )
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_internal_document_downloads_from_a_storage_without_local_paths(
    s3_like, client_of, member_a
):
    group = WorkingGroupFactory()
    WorkingGroupMemberFactory(group=group, user=member_a)
    document = Document.objects.create(title="Protokoll", working_group=group)
    content = pdf_bytes()
    community_services.add_version(
        document=document, file=SimpleUploadedFile("v1.pdf", content), acting_user=member_a
    )
    assert not Path(document.current_version.file.path).exists()
    response = client_of(member_a).get(f"/dokumente/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"


SHOW_PRIVATE = """
import json, os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regiohub.settings")
django.setup()
from community.models import DocumentVersion
from loi.models import Accession, Agreement
from core.storage import private_storage
fields = [Accession._meta.get_field("signed_pdf"), Agreement._meta.get_field("template_document"),
          DocumentVersion._meta.get_field("file")]
storage = private_storage()
try:
    Accession(signed_pdf="loi/signed/x.pdf").signed_pdf.url
    url = "exposed"
except ValueError:
    url = "refused"
print(json.dumps({
    "backend": type(storage._wrapped).__name__,
    "bucket": storage.bucket_name,
    "acl": storage.default_acl,
    "same": all(field.storage is storage for field in fields),
    "url": url,
}))
"""


def test_with_the_s3_settings_private_files_go_to_the_private_bucket():
    result = run(
        ["-c", SHOW_PRIVATE],
        production_env(
            AWS_STORAGE_BUCKET_NAME="regiohub-public",
            AWS_PRIVATE_STORAGE_BUCKET_NAME="regiohub-private",
            AWS_S3_ENDPOINT_URL="https://s3.example.de",
        ),
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown == {
        "backend": "S3Storage",
        "bucket": "regiohub-private",
        "acl": "private",
        "same": True,
        "url": "refused",
    }
