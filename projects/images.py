"""Checking uploaded project images by their content, not by their name."""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def clean_image(upload) -> ContentFile:
    """Decode the upload with Pillow and return a re-encoded copy without metadata.

    Refuses anything that is not a JPEG, PNG or WebP image, files over 5 MB and
    images over 25 megapixels (checked from the header, before the pixels are
    decoded, so a decompression bomb never expands in memory).
    """
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The image is larger than 5 MB. Please upload a smaller file."), code="too_large"
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
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        _("The image has more than 25 megapixels. Please scale it down."),
                        code="too_many_pixels",
                    )
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise ValidationError(
            _("This file is not a readable JPEG, PNG or WebP image."), code="invalid"
        ) from exc

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
