"""Storage for files that must never be reachable by URL (signed agreements).

The location is read from settings.PRIVATE_MEDIA_ROOT on every access, so tests
can point it at a temporary directory; `url()` refuses, so no template can ever
link to a file directly. Files leave only through permission-checked views.
"""

import os
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


_private_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """Callable for FileField(storage=…), so migrations do not capture a path."""
    return _private_storage


def signed_pdf_path(instance, filename: str) -> str:
    """A generated name: nothing of the uploader's file name reaches the disk."""
    return str(Path("loi") / "signed" / f"{uuid4().hex}.pdf")


def template_document_path(instance, filename: str) -> str:
    suffix = Path(filename).suffix.lower()[:10] or ".pdf"
    return str(Path("loi") / "templates" / f"{uuid4().hex}{suffix}")
