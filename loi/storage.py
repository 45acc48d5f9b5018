"""Upload names for the letter of intent's private files.

The storage itself is the portal's one private storage (regiohub.storage,
storages["private"]); `private_storage` and `PrivateStorage` stay importable
here because the initial migration references them.
"""

from pathlib import Path
from uuid import uuid4

from django.core.files.storage import Storage

from regiohub import storage as _portal_storage
from regiohub.storage import PrivateStorage

__all__ = ["PrivateStorage", "private_storage", "signed_pdf_path", "template_document_path"]


def private_storage() -> Storage:
    """Referenced by migration 0001; the models use regiohub.storage.private_storage."""
    return _portal_storage.private_storage()


def signed_pdf_path(instance, filename: str) -> str:
    """A generated name: nothing of the uploader's file name reaches the disk."""
    return str(Path("loi") / "signed" / f"{uuid4().hex}.pdf")


def template_document_path(instance, filename: str) -> str:
    suffix = Path(filename).suffix.lower()[:10] or ".pdf"
    return str(Path("loi") / "templates" / f"{uuid4().hex}{suffix}")
