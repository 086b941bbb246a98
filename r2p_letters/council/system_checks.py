"""The start-up check that the Council's calendar was checked against its sources in the last six months."""

from django.core import checks
from django.db import DatabaseError
from django.db.models import Max
from django.utils import timezone


def check_calendar_fresh(app_configs, databases=None, **kwargs):
    """council.W001: the newest "checked on" of the calendar is more than six months old (run with the database:
    ``migrate``, ``check --database default``)."""
    from .calendar import STALE_AFTER  # noqa: PLC0415
    from .models import Decision  # noqa: PLC0415

    if not databases:
        return []
    try:
        checked = Decision.objects.aggregate(latest=Max("checked_on"))["latest"]
    except DatabaseError:  # not migrated yet
        return []
    if checked is not None and timezone.localdate() - checked <= STALE_AFTER:
        return []
    return [
        checks.Warning(
            "The Security Council's calendar was last checked on %s, more than six months ago." % (checked or "no day"),
            hint="Check each decision against its source (the Secretariat's mandate tables, the resolutions) and "
            "update it in the admin (Council decisions), or r2p_letters/council/data/decisions.csv.",
            id="council.W001",
        )
    ]
