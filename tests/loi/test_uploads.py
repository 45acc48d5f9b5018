"""The signed PDF is checked by content: only readable, unencrypted PDFs of at most 10 MB."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .factories import pdf_bytes

pytestmark = pytest.mark.django_db


def _post(client, accession, content: bytes, name: str = "beschluss.pdf"):
    return client.post(
        f"/intern/absichtserklaerung/{accession.partner.slug}/unterzeichnung/",
        {
            "signatory_name": "Wehlan",
            "signatory_function": "Landrätin",
            "signed_on": "2024-05-06",
            "signed_pdf": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "not a PDF"),
        (b"%PDF-1.7\n<html><body><script>alert(1)</script></body></html>\n", "cannot be read"),
        (pdf_bytes(encrypt=True), "encrypted"),
        (b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024), "larger than"),
    ],
    ids=["executable-renamed", "html-starting-with-pdf-magic", "encrypted", "oversized"],
)
def test_bad_files_are_refused(client_of, admin_a, accession_a, settings, content, message):
    response = _post(client_of(admin_a), accession_a, content, name="vertrag.pdf")
    assert response.status_code == 200
    assert message in response.content.decode()
    accession_a.refresh_from_db()
    assert not accession_a.signed_pdf
    assert accession_a.signatory_name == ""
    assert not (settings.PRIVATE_MEDIA_ROOT / "loi" / "signed").exists() or not any(
        (settings.PRIVATE_MEDIA_ROOT / "loi" / "signed").iterdir()
    )


def test_a_real_pdf_is_stored_under_a_generated_name_with_its_hash(client_of, admin_a, accession_a):
    content = pdf_bytes()
    response = _post(client_of(admin_a), accession_a, content, name="../../etc/passwd.pdf")
    assert response.status_code == 302
    accession_a.refresh_from_db()
    assert accession_a.signed_pdf.name.startswith("loi/signed/")
    assert "passwd" not in accession_a.signed_pdf.name
    assert accession_a.signed_pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert accession_a.signatory_function == "Landrätin"
    page = client_of(admin_a).get(accession_a.get_absolute_url()).content.decode()
    assert accession_a.signed_pdf_sha256 in page


def test_the_form_keeps_what_was_typed_when_the_file_is_refused(client_of, admin_a, accession_a):
    response = _post(client_of(admin_a), accession_a, b"not a pdf at all")
    body = response.content.decode()
    assert 'value="Wehlan"' in body
    assert 'aria-describedby="id_signed_pdf-hint id_signed_pdf-error"' in body
