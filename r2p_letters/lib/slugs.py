"""Readable, unique addresses for things people create."""

import secrets

from django.utils.text import slugify


def unique_slug(model, text: str, *, fallback: str, max_length: int = 90, reserved: frozenset = frozenset()) -> str:
    """``text`` slugified; when taken (or reserved), a short random suffix makes it unique."""
    base = slugify(text)[:max_length] or fallback
    slug = base
    while slug in reserved or model.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug
