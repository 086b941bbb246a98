"""Partners invited to sign a letter that aims at a Council decision are reminded before the close the decision
suggests (its date less five working days in New York) when that comes before the sign-on's own deadline."""

import datetime

import pytest
from django.utils import timezone

from r2p_letters.council.calendar import letter_aim_set, sign_on_close_suggested, sign_on_deadline_for
from r2p_letters.council.models import Decision
from r2p_letters.letters.models import Letter
from r2p_letters.signatures.models import SignOn
from r2p_letters.signatures.services import (
    REMINDER_BEFORE,
    SignOnRules,
    invitations_send,
    letter_open_for_signatures,
    reminder_due,
)

from ..factories import AskFactory, ParagraphFactory


def decision_in(days: int) -> Decision:
    today = timezone.localdate()
    return Decision.objects.create(
        kind=Decision.Kind.MANDATE,
        name=f"MINUTEST{days}",
        decides_on=today + datetime.timedelta(days=days),
        source="https://press.un.org/en/test",
        checked_on=today,
    )


@pytest.fixture
def open_for_a_month(make_letter, ngo, people):
    letter = make_letter(title="Protect civilians", slug="protect", status=Letter.Status.READY, lead_organization=ngo)
    ParagraphFactory(letter=letter, section="situation", position=0, text="Civilians are besieged.")
    AskFactory(letter=letter, position=0, text="Demand an end to the siege.")
    return letter_open_for_signatures(
        letter=letter,
        user=people["owner"],
        rules=SignOnRules(
            deadline=timezone.now() + datetime.timedelta(days=30),
            time_zone="America/New_York",
            signers="organizations",
            moderated=False,
            list_public=True,
        ),
    )


def test_the_reminder_comes_48_hours_before_the_close_the_decision_suggests(open_for_a_month):
    decision = decision_in(12)
    letter_aim_set(letter=open_for_a_month.letter, decision=decision)
    sign_on = SignOn.objects.select_related("letter").get(pk=open_for_a_month.pk)

    close = sign_on_close_suggested(letter=sign_on.letter)

    assert close.date() == sign_on_deadline_for(decision.decides_on) + datetime.timedelta(days=1)
    assert reminder_due(sign_on) == close - REMINDER_BEFORE
    assert reminder_due(sign_on) < sign_on.deadline - REMINDER_BEFORE


def test_a_letter_aiming_at_no_decision_is_reminded_before_its_own_deadline(open_for_a_month):
    sign_on = SignOn.objects.select_related("letter").get(pk=open_for_a_month.pk)

    assert reminder_due(sign_on) == sign_on.deadline - REMINDER_BEFORE


def test_a_decision_after_the_sign_on_leaves_the_reminder_at_the_deadline(open_for_a_month):
    letter_aim_set(letter=open_for_a_month.letter, decision=decision_in(60))
    sign_on = SignOn.objects.select_related("letter").get(pk=open_for_a_month.pk)

    assert reminder_due(sign_on) == sign_on.deadline - REMINDER_BEFORE


def test_aiming_an_open_letter_at_a_close_decision_reminds_the_invited_at_once(open_for_a_month, people, run_worker):
    invitations_send(sign_on=open_for_a_month, addresses=["a@ngo.example"], user=people["owner"])
    assert len(run_worker()) == 1  # the invitation; the reminder waits for the deadline, a month away

    letter_aim_set(letter=open_for_a_month.letter, decision=decision_in(3))
    sent = run_worker()[1:]

    assert [m.to for m in sent] == [["a@ngo.example"]]
    assert "closes soon" in sent[0].subject


def test_aiming_an_open_letter_at_a_distant_decision_sends_no_reminder_yet(open_for_a_month, people, run_worker):
    invitations_send(sign_on=open_for_a_month, addresses=["a@ngo.example"], user=people["owner"])
    run_worker()

    letter_aim_set(letter=open_for_a_month.letter, decision=decision_in(25))

    assert len(run_worker()) == 1
