"""Uploaded documents are accepted by their content, never by their name.

PDF is opened with pypdf, the office formats are zip containers checked for
their declared type (with a guard against zip bombs), images are opened with
Pillow. Anything else is refused.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_SIZE = 20 * 1024 * 1024
# A document that unpacks to more than this is treated as a zip bomb.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
# Images are decoded to check them; this bounds the memory that takes.
MAX_IMAGE_PIXELS = 50_000_000

ODF_TYPES = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
OOXML_TYPES = {
    "word/document.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
}


def _is_pdf(file) -> bool:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    file.seek(0)
    if file.read(5) != b"%PDF-":
        return False
    file.seek(0)
    try:
        _first_page = PdfReader(file, strict=False).pages[0]  # parses the page tree
    except (PyPdfError, ValueError, KeyError, IndexError, TypeError):
        return False
    return True


def _zip_type(file) -> str | None:
    file.seek(0)
    if not zipfile.is_zipfile(file):
        return None
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED:
                raise ValidationError(
                    _("The file unpacks to an implausible size and was refused."),
                    code="zip_bomb",
                )
            names = {info.filename for info in infos}
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return mimetype if mimetype in ODF_TYPES else None
            if "[Content_Types].xml" in names:
                content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                for part, mimetype in OOXML_TYPES.items():
                    if part in names and f"/{part}" in content_types:
                        return mimetype
    except (zipfile.BadZipFile, OSError, RuntimeError):
        return None
    return None


def _image_type(file) -> str | None:
    from PIL import Image, UnidentifiedImageError

    file.seek(0)
    try:
        with Image.open(file) as image:
            kind = image.format
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("The image has more than %(limit)s megapixels. Please scale it down."),
                    code="too_many_pixels",
                    params={"limit": MAX_IMAGE_PIXELS // 1_000_000},
                )
            # Decode every pixel: verify() does not read a JPEG's data, so a
            # truncated JPEG would pass it.
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return {"PNG": "image/png", "JPEG": "image/jpeg"}.get(kind)


def detect_type(file) -> str | None:
    """The content type of an allowed document, or None if it is not one."""
    try:
        if _is_pdf(file):
            return "application/pdf"
        return _zip_type(file) or _image_type(file)
    finally:
        file.seek(0)


def validate_upload(file) -> None:
    if file.size > MAX_SIZE:
        raise ValidationError(
            _("The file is %(size)s; at most %(limit)s are allowed."),
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(MAX_SIZE)},
        )
    if detect_type(file) is None:
        raise ValidationError(
            _(
                "This file type is not allowed. Upload a PDF, an OpenDocument or Microsoft "
                "Office document, or a PNG or JPEG image."
            ),
            code="file_type",
        )
