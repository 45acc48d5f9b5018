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

Stored names are bounded and plain (`safe_file_name()`): the proxy passes
every name a FileField generates through it, so an uploader's 280-character
name with umlauts becomes a short ASCII name that every file system and
bucket accepts (a name the disk refuses would fail the upload after its
database row was written).
"""

import os
import posixpath
import re
import unicodedata
from typing import cast

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

PRIVATE_STORAGE_ALIAS = "private"

# Characters of a stored name's stem (and its extension's), after transliteration.
MAX_FILE_NAME = 100
MAX_EXTENSION = 10
_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
_NOT_PLAIN = re.compile(r"[^A-Za-z0-9_.-]+")


def _plain(text: str) -> str:
    """ASCII letters, digits, "_", "." and "-" only; everything else becomes "-"."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_GERMAN))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    return _NOT_PLAIN.sub("-", ascii_text)


def safe_file_name(name: str, *, extension: str | None = None) -> str:
    """A bounded, transliterated name: "Protokoll März (final).PDF" → "Protokoll-Maerz-final.pdf".

    At most MAX_FILE_NAME characters, ASCII letters, digits, "-", "_" and one
    "." before the extension; no directory part. `extension` (without the
    dot) replaces the name's own, e.g. the one of the type the content check
    found. A name with nothing left becomes "datei".
    """
    base = posixpath.basename(name.replace("\\", "/"))
    stem, dot, own_extension = base.rpartition(".")
    if not dot:
        stem, own_extension = base, ""
    chosen = extension if extension is not None else own_extension
    suffix = _plain(chosen).replace(".", "").strip("-_").lower()[:MAX_EXTENSION]
    stem = _plain(stem).replace(".", "-")
    stem = re.sub(r"-{2,}", "-", stem).strip("-_") or "datei"
    room = MAX_FILE_NAME - (len(suffix) + 1 if suffix else 0)
    stem = stem[:room].rstrip("-_") or "datei"
    return f"{stem}.{suffix}" if suffix else stem


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

    def generate_filename(self, filename):
        """The backend's name for `filename`, its last part made safe (`safe_file_name`)."""
        directory, base = posixpath.split(filename.replace("\\", "/"))
        return self._wrapped_storage().generate_filename(
            posixpath.join(directory, safe_file_name(base))
        )

    def _wrapped_storage(self) -> Storage:
        if self._wrapped is empty:
            self._setup()
        return cast(Storage, self._wrapped)


_private_storage = PrivateStorage()


def private_storage() -> Storage:
    """Callable for FileField(storage=…), so migrations reference this function."""
    return cast(Storage, _private_storage)  # the proxy passes everything on to the storage


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        _private_storage._wrapped = empty
