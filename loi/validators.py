"""Checks for uploaded signed agreements: by content, never by name."""

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader

logger = logging.getLogger(__name__)

MAX_SIGNED_PDF_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def validate_signed_pdf(upload: UploadedFile) -> None:
    """Accept only a readable, unencrypted PDF of at most 10 MB.

    The magic bytes alone are not enough (an HTML file may start with "%PDF"),
    so pypdf must also parse the document structure and find its pages.
    """
    if upload.size is not None and upload.size > MAX_SIGNED_PDF_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s.")
            % {"limit": filesizeformat(MAX_SIGNED_PDF_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
        upload.seek(0)
        raise ValidationError(_("This file is not a PDF document."), code="not_pdf")
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=True)
        if reader.is_encrypted:
            raise ValidationError(
                _(
                    "The PDF is encrypted or password-protected. "
                    "Please upload it without protection."
                ),
                code="encrypted",
            )
        page_count = len(reader.pages)
    except ValidationError:
        raise
    except Exception as error:  # PyPdfError, RecursionError, zlib.error, …
        # pypdf reads what anyone uploads; whatever it raises on a damaged or
        # hostile file (a reference chain too deep to follow, corrupt
        # streams) means the PDF cannot be read, never a server error.
        logger.info("Rejected an unreadable PDF upload: %s: %s", type(error).__name__, error)
        raise ValidationError(
            _("The PDF cannot be read; it may be damaged. Please export it again."), code="broken"
        ) from error
    finally:
        upload.seek(0)
    if page_count < 1:
        raise ValidationError(_("The PDF has no pages."), code="empty")


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in (
        upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b"")
    ):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
