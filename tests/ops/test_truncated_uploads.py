"""Truncated files are refused with a clear message wherever files are uploaded.

A file cut off in transfer (or on purpose) must not pass as a document, an
image or a signed agreement: project images (Pillow decodes them), documents
(PDF, office formats, images by content) and signed PDFs (pypdf, strict).
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from community.uploads import validate_upload
from loi.validators import validate_signed_pdf
from projects.images import clean_image
from tests.community.test_documents import docx_bytes


def _pdf() -> bytes:
    writer = PdfWriter()
    for _page in range(3):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _image(kind: str) -> bytes:
    buffer = io.BytesIO()
    # Noise, so the compressed data is long enough to cut in the middle.
    Image.effect_noise((300, 300), 64).convert("RGB").save(buffer, kind)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _weasyprint_loaded():
    """As in a process that has made an agreement PDF: WeasyPrint is imported.

    Importing it switches Pillow to accept truncated images process-wide;
    core/pdf.py switches that back, which these tests rely on.
    """
    from core.pdf import fonts_only_fetcher

    fonts_only_fetcher()


def _cut(content: bytes) -> bytes:
    return content[: len(content) // 2]


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "make"),
    [("bild.png", lambda: _image("PNG")), ("foto.jpg", lambda: _image("JPEG"))],
)
def test_a_truncated_project_image_is_refused(name, make):
    clean_image(_upload(name, make()))  # the whole file is fine
    with pytest.raises(ValidationError) as error:
        clean_image(_upload(name, _cut(make())))
    assert error.value.code == "invalid"


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("protokoll.pdf", _pdf),
        ("bericht.docx", lambda: docx_bytes(padding=20_000)),
        ("plan.png", lambda: _image("PNG")),
        ("foto.jpg", lambda: _image("JPEG")),
    ],
)
def test_a_truncated_document_is_refused(name, make):
    validate_upload(_upload(name, make()))  # the whole file is fine
    with pytest.raises(ValidationError) as error:
        validate_upload(_upload(name, _cut(make())))
    assert error.value.code == "file_type"


def test_a_truncated_signed_agreement_is_refused():
    validate_signed_pdf(_upload("unterzeichnet.pdf", _pdf()))  # the whole file is fine
    with pytest.raises(ValidationError) as error:
        validate_signed_pdf(_upload("unterzeichnet.pdf", _cut(_pdf())))
    assert error.value.code == "broken"


def test_a_document_image_of_too_many_pixels_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr("community.uploads.MAX_IMAGE_PIXELS", 300 * 300 - 1)
    with pytest.raises(ValidationError) as error:
        validate_upload(_upload("plan.png", _image("PNG")))
    assert error.value.code == "too_many_pixels"
