"""The suggested close of a sign-on skips the UN Headquarters holidays the calendar knows, as it skips weekends."""

import datetime

from django.urls import reverse
from django.utils import timezone

from r2p_letters.council.calendar import sign_on_deadline_for
from r2p_letters.council.models import Decision, Holiday


def holiday(day: datetime.date) -> Holiday:
    return Holiday.objects.create(day=day, name="Test holiday", source="https://ask.un.org/", checked_on=day)


def test_a_holiday_among_the_five_working_days_moves_the_close_one_day_earlier(db):
    # Friday 18 December 2026: five working days before it is Friday 11 December, or Thursday 10 with a holiday.
    assert sign_on_deadline_for(datetime.date(2026, 12, 18)) == datetime.date(2026, 12, 11)
    holiday(datetime.date(2026, 12, 15))

    assert sign_on_deadline_for(datetime.date(2026, 12, 18)) == datetime.date(2026, 12, 10)


def test_a_holiday_outside_the_five_days_or_on_a_weekend_changes_nothing(db):
    holiday(datetime.date(2026, 12, 1))
    holiday(datetime.date(2026, 12, 12))  # a Saturday

    assert sign_on_deadline_for(datetime.date(2026, 12, 18)) == datetime.date(2026, 12, 11)


def test_the_shipped_holidays_are_those_of_the_circulars_found_with_their_source(db):
    days = dict(Holiday.objects.values_list("day", "name"))

    assert days[datetime.date(2020, 4, 10)] == "Good Friday"
    assert days[datetime.date(2024, 6, 17)] == "Eid al-Adha"
    assert all(h.source.startswith("https://") for h in Holiday.objects.all())
    assert not Holiday.objects.filter(day__year=2026).exists()  # no page gave the circular of 2026


def test_the_calendar_shows_the_close_moved_by_a_holiday(client, db):
    today = timezone.localdate()
    decides_on = today + datetime.timedelta(days=40)
    Decision.objects.create(
        kind=Decision.Kind.MANDATE,
        name="MINUSTEST",
        decides_on=decides_on,
        source="https://press.un.org/en/test",
        checked_on=today,
    )
    before = sign_on_deadline_for(decides_on)
    holiday(before)  # a working day counted among the five

    page = client.get(reverse("calendar:page")).content.decode()

    after = sign_on_deadline_for(decides_on)
    assert after < before
    assert f"sign-ons close by {after.day} {after:%B %Y}" in page
