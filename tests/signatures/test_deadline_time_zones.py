"""A sign-on's deadline shows in the time zone the organizers set it in, on every page and in the emails."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from r2p_letters.signatures.services import SignOnRules, letter_open_for_signatures

from ..helpers.signing import url

ZONES = ["America/New_York", "Asia/Seoul", "Europe/Paris", "Asia/Kolkata", "UTC"]


def next_week_at_six_pm(zone: str) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=7)
    return datetime.datetime.combine(day, datetime.time(18, 0), tzinfo=zoneinfo.ZoneInfo(zone))


def open_until(letter, people, deadline, zone):
    return letter_open_for_signatures(
        letter=letter,
        user=people["owner"],
        rules=SignOnRules(
            deadline=deadline, time_zone=zone, signers="organizations", moderated=False, list_public=True
        ),
    )


PAGES = [
    ("letter", lambda sign_on: sign_on.letter.get_absolute_url()),
    ("sign", lambda sign_on: url("sign", sign_on)),
    ("dashboard", lambda sign_on: url("dashboard", sign_on)),
    ("invitations", lambda sign_on: url("invitations", sign_on)),
]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(("page", "page_url"), PAGES, ids=[name for name, _ in PAGES])
def test_the_deadline_shows_at_the_hour_it_was_set_in_its_time_zone(
    as_, ready_letter, people, settings, zone, page, page_url
):
    settings.TIME_ZONE = "Pacific/Auckland"  # neither UTC nor the sign-on's zone: the page must not use it
    deadline = next_week_at_six_pm(zone)
    sign_on = open_until(ready_letter, people, deadline, zone)

    text = as_("owner").get(page_url(sign_on)).text

    assert f"{deadline:%-d} {deadline:%B} {deadline:%Y}, 18:00 ({zone})" in text


@pytest.mark.parametrize(("zone", "utc_hour"), [("America/New_York", "23:00"), ("Asia/Seoul", "09:00")])
def test_the_deadline_is_not_shown_at_its_hour_in_utc(as_, ready_letter, people, zone, utc_hour):
    sign_on = open_until(ready_letter, people, next_week_at_six_pm(zone), zone)

    text = as_(None).get(url("sign", sign_on)).text

    assert f"18:00 ({zone})" in text
    assert f"{utc_hour} ({zone})" not in text


def test_the_invitation_email_and_the_pages_name_the_same_hour(as_, ready_letter, people, run_worker):
    sign_on = open_until(ready_letter, people, next_week_at_six_pm("Asia/Seoul"), "Asia/Seoul")

    as_("owner").post(url("invitations", sign_on), {"addresses": "partner@example.net"})
    [invitation] = run_worker()

    assert "18:00, Asia/Seoul" in invitation.body
    assert "18:00 (Asia/Seoul)" in as_(None).get(url("sign", sign_on)).text
