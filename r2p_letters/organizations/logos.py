"""Logos: checked by Pillow, then stored as the image Pillow decoded, never as the bytes that came in.

Re-encoding drops whatever else the upload held (a PDF or HTML riding in a chunk or after the image, EXIF,
a physical size claim such as a PNG pHYs of one pixel per metre), turns the image upright, and names the file
after the format Pillow found, whatever the uploaded name said. The logo view serves it as that format too.
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# The formats a logo may have, and the extension each is stored under.
LOGO_EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}
# How each is written again: lossy formats at a quality that keeps a logo's edges clean.
_SAVE_OPTIONS = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}}

NOT_AN_IMAGE = _("The logo must be a PNG, JPEG, WebP or GIF image.")
_UNREADABLE = (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError)


def _too_big(size: int) -> ValidationError:
    return ValidationError(
        _("The logo is %(size)s KB; the limit is %(max)s KB.")
        % {"size": size // 1024, "max": settings.LOGO_MAX_BYTES // 1024},
        code="logo_too_big",
    )


def logo_normalized(upload) -> ContentFile:
    """The uploaded logo decoded and encoded again in the format Pillow found, named with its extension.

    Raises ValidationError when it is too big, not an image, or of another format.
    """
    if upload.size > settings.LOGO_MAX_BYTES:
        raise _too_big(upload.size)
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image_format, (width, height) = image.format, image.size
            if image_format not in LOGO_EXTENSIONS:
                raise ValidationError(NOT_AN_IMAGE, code="logo_format")
            if max(width, height) > settings.LOGO_MAX_PIXELS:
                raise ValidationError(
                    _("The logo is %(width)s×%(height)s pixels; at most %(max)s pixels a side, please.")
                    % {"width": width, "height": height, "max": settings.LOGO_MAX_PIXELS},
                    code="logo_too_large",
                )
            image.load()
            upright = ImageOps.exif_transpose(image)
            if image_format == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
                upright = upright.convert("RGB")
            encoded = io.BytesIO()
            # Only the colour profile is carried over; the rest of the metadata is dropped on purpose.
            upright.save(
                encoded, image_format, icc_profile=image.info.get("icc_profile"), **_SAVE_OPTIONS.get(image_format, {})
            )
    except _UNREADABLE:
        raise ValidationError(NOT_AN_IMAGE, code="logo_not_image") from None
    finally:
        upload.seek(0)
    if encoded.tell() > settings.LOGO_MAX_BYTES:
        raise _too_big(encoded.tell())
    return ContentFile(encoded.getvalue(), name=f"logo.{LOGO_EXTENSIONS[image_format]}")


def logo_content_type(logo) -> str | None:
    """The logo's media type as Pillow reads the stored file (not its name), or None if it is no logo format."""
    try:
        with logo.open("rb") as f, Image.open(f) as image:
            return Image.MIME[image.format] if image.format in LOGO_EXTENSIONS else None
    except _UNREADABLE:
        return None
