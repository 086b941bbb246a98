"""Invited partners who neither signed nor declined get one reminder before the deadline."""

import datetime

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from r2p_letters.signatures.models import SignOn, SignOnInvitation
from r2p_letters.signatures.services import emails_in, invitation_decline, invitations_send


def test_it_reads_addresses_pasted_in_any_form():
    pasted = "Amina <amina@ngo.example>, bob@ngo.example; carol@ngo.example\nAMINA@ngo.example. not-an-email"

    assert emails_in(pasted) == ["amina@ngo.example", "bob@ngo.example", "carol@ngo.example"]


def test_the_reminder_goes_once_to_those_who_did_not_answer(open_sign_on, people, run_worker):
    invitations_send(sign_on=open_sign_on, addresses=["a@ngo.example", "b@ngo.example"], user=people["owner"])
    invitation_decline(invitation=SignOnInvitation.objects.get(email="b@ngo.example"))
    assert len(run_worker()) == 2  # the two invitations
    SignOn.objects.filter(pk=open_sign_on.pk).update(deadline=timezone.now() + datetime.timedelta(hours=2))
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())

    sent = run_worker()[2:]

    assert [m.to for m in sent] == [["a@ngo.example"]]
    assert "closes soon" in sent[0].subject
    assert SignOnInvitation.objects.get(email="a@ngo.example").reminded_at is not None


def test_inviting_the_same_address_twice_sends_one_invitation(open_sign_on, people, run_worker):
    first = invitations_send(sign_on=open_sign_on, addresses=["a@ngo.example"], user=people["owner"])
    second = invitations_send(sign_on=open_sign_on, addresses=["A@ngo.example"], user=people["owner"])

    assert (first, second) == ((1, 0), (0, 1))
    assert len(run_worker()) == 1
