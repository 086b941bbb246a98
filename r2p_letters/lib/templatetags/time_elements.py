"""The machine-readable value of a ``<time datetime="…">``: the one way templates write it."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def datetime_attr(value) -> str:
    """A date as 2026-06-30; a moment to the second in the current time zone, 2026-06-30T18:00:00-04:00 (HTML
    allows at most three digits of a fraction of a second: Django's "c" writes six)."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
