"""A letter aimed at a Council decision is checked against it: the decision is still to come, and the sign-on
closes in time to deliver."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from r2p_letters.council.calendar import letter_aim_set, sign_on_deadline_for
from r2p_letters.council.models import Decision
from r2p_letters.letters.checks import letter_checks
from r2p_letters.letters.models import Letter
from r2p_letters.signatures.models import SignOn


@pytest.fixture
def decision(db):
    today = timezone.localdate()
    return Decision.objects.create(
        kind="mandate", name="MINUSTEST", decides_on=today + datetime.timedelta(days=40),
        source="https://press.un.org/en/test", checked_on=today,
    )  # fmt: skip


@pytest.fixture
def letter(make_letter, ngo, decision):
    letter = make_letter(status=Letter.Status.DRAFT, lead_organization=ngo, concerned_country="")
    letter_aim_set(letter=letter, decision=decision)
    return letter


def codes(letter) -> list[str]:
    return [f.code for f in letter_checks(Letter.objects.with_everything().get(pk=letter.pk))]


def open_until(letter, day: datetime.date) -> None:
    Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.OPEN)
    deadline = datetime.datetime.combine(day, datetime.time(18), tzinfo=datetime.UTC)
    SignOn.objects.create(letter=letter, deadline=deadline, time_zone="UTC")


def test_a_decision_to_come_with_no_sign_on_raises_nothing(letter):
    assert codes(letter) == []


def test_a_decision_already_past_is_an_error(letter, decision):
    Decision.objects.filter(pk=decision.pk).update(decides_on=timezone.localdate() - datetime.timedelta(days=2))

    assert codes(letter) == ["decision-past"]
    Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.PUBLISHED)
    assert codes(letter) == []


def test_a_sign_on_that_closes_after_the_decision_is_an_error(letter, decision):
    open_until(letter, decision.decides_on + datetime.timedelta(days=1))

    assert codes(letter) == ["sign-on-after-decision"]


def test_a_sign_on_that_closes_too_close_to_the_decision_is_a_warning(letter, decision):
    open_until(letter, decision.decides_on - datetime.timedelta(days=1))

    assert codes(letter) == ["sign-on-deadline-tight"]


def test_a_sign_on_that_closes_by_the_suggested_day_raises_nothing(letter, decision):
    open_until(letter, sign_on_deadline_for(decision.decides_on))

    assert codes(letter) == []


def test_the_open_for_signatures_page_suggests_the_deadline(as_, letter, decision):
    Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.READY)

    page = as_("editor").get(reverse("signatures:open", args=[letter.slug])).content.decode()

    day = sign_on_deadline_for(decision.decides_on)
    assert f"Suggested sign-on deadline: {day.day} {day:%B %Y}" in page
