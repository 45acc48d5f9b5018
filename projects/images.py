"""Checking uploaded project images by their content, not by their name (core/images.py)."""

from django.core.files.base import ContentFile

from core import images

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
FORMATS = images.FORMATS


def clean_image(upload) -> ContentFile:
    """A re-encoded copy without metadata of a JPEG, PNG or WebP of at most 5 MB and 25 MP."""
    return images.clean_image(upload, max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS)
