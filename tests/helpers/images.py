"""Images the tests upload or store, made with Pillow."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png(size=(600, 200), color=(29, 53, 87), name="logo.png") -> SimpleUploadedFile:
    """A real PNG of ``size`` in one ``color``, as a browser would upload it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def png_bytes(size=(120, 60), color=(29, 53, 87), **save) -> bytes:
    """A real PNG's bytes; ``save`` goes to Pillow (``dpi=(0.0254, 0.0254)`` claims one pixel per metre)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG", **save)
    return buffer.getvalue()
