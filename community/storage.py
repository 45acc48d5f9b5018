"""Storage for files that must never be served by URL (internal documents).

The files live under settings.PRIVATE_MEDIA_ROOT and leave only through the
permission-checked download view. The location is read from the settings on
every use, so a changed setting (tests, several environments) is honoured.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage() -> FileSystemStorage:
    return PrivateStorage()
