"""Storage for files that must never be served by URL (internal documents).

The files live under settings.PRIVATE_MEDIA_ROOT and leave only through the
permission-checked download view. A callable, so tests can point the setting
at a temporary directory.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
