"""The one storage for files that must never be served by URL.

Signed agreements (loi) and internal documents (community) live in
``storages["private"]`` (settings.STORAGES): on the local disk under
PRIVATE_MEDIA_ROOT by default, in the private S3-compatible bucket when
AWS_PRIVATE_STORAGE_BUCKET_NAME is set. Files leave only through the
permission-checked download views, which open them through the storage (never
by path), so both backends work the same.

FileFields use ``storage=private_storage``. Django calls that function once,
when the model class is built; it returns a proxy that looks up
``storages["private"]`` when it is first used (again after STORAGES changes),
so migrations reference one stable callable and the backend follows the
settings. The proxy refuses ``url()``: a private file has no public address,
not even a signed one.
"""

import os
from typing import cast

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

PRIVATE_STORAGE_ALIAS = "private"


class PrivateFileSystemStorage(FileSystemStorage):
    """The local backend of storages["private"]: PRIVATE_MEDIA_ROOT, no URL.

    Without an explicit ``location`` the directory is read from
    settings.PRIVATE_MEDIA_ROOT on every use, so a changed setting (tests,
    several environments) is honoured.
    """

    _location: str | None  # set by FileSystemStorage.__init__

    def __init__(self, location=None, **kwargs):
        kwargs["base_url"] = None
        super().__init__(location=location, **kwargs)

    @property
    def base_location(self):
        return str(self._location or settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


class PrivateStorage(LazyObject):
    """Proxy to storages["private"] that never hands out a URL."""

    _wrapped: Storage | object  # `empty` until first used

    def _setup(self):
        self._wrapped = storages[PRIVATE_STORAGE_ALIAS]

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


_private_storage = PrivateStorage()


def private_storage() -> Storage:
    """Callable for FileField(storage=…), so migrations reference this function."""
    return cast(Storage, _private_storage)  # the proxy passes everything on to the storage


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        _private_storage._wrapped = empty
