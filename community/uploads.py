"""Uploaded documents are accepted by their content, never by their name.

PDF is opened with pypdf, the office formats are zip containers checked for
their declared type (with a guard against zip bombs), images are opened with
Pillow. Anything else is refused.

The parsers read what anyone may upload, so whatever they raise on a damaged
or hostile file (pypdf on a chain of references too deep to follow, zlib on
corrupt deflate data, Pillow on a truncated image) means "not a document we
accept": the upload is refused with the form's message, never a server error.
"""

import logging
import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

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

# The extension of each accepted type: stored files and downloads are named by
# what the content check found, not by what the uploader called the file.
EXTENSIONS = {
    "application/pdf": "pdf",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "image/png": "png",
    "image/jpeg": "jpg",
}


def extension_for(content_type: str) -> str:
    """The file extension of a detected type ("bin" for anything else)."""
    return EXTENSIONS.get(content_type, "bin")


def _is_pdf(file) -> bool:
    from pypdf import PdfReader

    file.seek(0)
    if file.read(5) != b"%PDF-":
        return False
    file.seek(0)
    try:
        _first_page = PdfReader(file, strict=False).pages[0]  # parses the page tree
    except Exception as error:  # any parser failure: not a readable PDF
        logger.info("Refused an unreadable PDF upload: %s: %s", type(error).__name__, error)
        return False
    return True


def _declared_zip_type(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """The office type a zip container says it is (ODF's mimetype, OOXML's content types)."""
    if "mimetype" in names:
        mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
        return mimetype if mimetype in ODF_TYPES else None
    if "[Content_Types].xml" in names:
        content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
        for part, mimetype in OOXML_TYPES.items():
            if part in names and f"/{part}" in content_types:
                return mimetype
    return None


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
            declared = _declared_zip_type(archive, names)
            # Unpack every member once (bounded by the sizes checked above): a
            # document with corrupt compressed data is not one we accept.
            if declared is None or archive.testzip() is not None:
                return None
            return declared
    except ValidationError:
        raise
    except Exception as error:  # zlib.error, BadZipFile, …: not a document
        logger.info("Refused an unreadable zip upload: %s: %s", type(error).__name__, error)
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
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    except Exception as error:  # any decoder failure: not a readable image
        logger.info("Refused an unreadable image upload: %s: %s", type(error).__name__, error)
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
