"""Kept for the initial migration: the portal's one private storage lives in
regiohub.storage (storages["private"]; local disk or private S3 bucket)."""

from django.core.files.storage import Storage

from regiohub import storage as _portal_storage
from regiohub.storage import PrivateStorage

__all__ = ["PrivateStorage", "private_storage"]


def private_storage() -> Storage:
    """Referenced by migration 0001; the models use regiohub.storage.private_storage."""
    return _portal_storage.private_storage()
