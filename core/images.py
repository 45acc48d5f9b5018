"""Uploaded images, checked by their content and stored as a fresh copy.

Project images and partner logos go through `clean_image()`: Pillow decodes
the upload (a truncated file or a decompression bomb is refused with the
form's message, never a server error) and the pixels are encoded again into
a new file under a random name, so no metadata (EXIF with GPS, ICC, XMP,
text chunks) and nothing of the uploader's file name is stored.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def clean_image(
    upload, *, max_bytes: int, max_pixels: int, max_side: int | None = None
) -> ContentFile:
    """Decode the upload with Pillow and return a re-encoded copy without metadata.

    Refuses anything that is not a JPEG, PNG or WebP image, files over
    `max_bytes`, images over `max_pixels` pixels or wider or higher than
    `max_side` (both checked from the header, before the pixels are decoded,
    so a decompression bomb never expands in memory).
    """
    if upload.size > max_bytes:
        raise ValidationError(
            _("The image is larger than %(limit)s MB. Please upload a smaller file."),
            code="too_large",
            params={"limit": max_bytes // (1024 * 1024)},
        )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                image_format = probe.format
                width, height = probe.size
                if image_format not in FORMATS:
                    raise ValidationError(
                        _("Only JPEG, PNG and WebP images are accepted."), code="format"
                    )
                if width * height > max_pixels:
                    raise ValidationError(
                        _("The image has more than %(limit)s megapixels. Please scale it down."),
                        code="too_many_pixels",
                        params={"limit": max_pixels // 1_000_000},
                    )
                if max_side is not None and max(width, height) > max_side:
                    raise ValidationError(
                        _("The image may be at most %(pixels)s pixels wide and high."),
                        code="too_wide",
                        params={"pixels": max_side},
                    )
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as opened:
                opened.load()
                image: Image.Image = ImageOps.exif_transpose(opened)
    except ValidationError:
        raise
    except Exception as exc:
        # UnidentifiedImageError, OSError (truncated), DecompressionBombError, or
        # whatever else a decoder raises on a hostile file.
        raise ValidationError(
            _("This file is not a readable JPEG, PNG or WebP image."), code="invalid"
        ) from exc
    finally:
        upload.seek(0)

    if image_format == "JPEG":
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    # A fresh image from the raw pixels carries no EXIF, ICC, XMP or text chunks.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    output = io.BytesIO()
    options = {"quality": 85} if image_format in ("JPEG", "WEBP") else {"optimize": True}
    clean.save(output, format=image_format, **options)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{FORMATS[image_format]}")
