"""The organizers paste partners' addresses to invite them, and follow each invitation to signed or declined."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from r2p_letters.letters.models import Letter
from r2p_letters.signatures.models import SignOnInvitation
from r2p_letters.signatures.services import SignOnRules, letter_open_for_signatures, sign_on_close

from ..helpers.signing import link_in, sign, url

PASTED = """Amina Yusuf <amina@partner-one.example.org>, desk@partner-two.example.org;
contact@partner-three.example.org   DESK@partner-two.example.org
"""


def invite(client, sign_on, addresses: str, **kwargs):
    return client.post(url("invitations", sign_on), {"addresses": addresses}, **kwargs)


def statuses(sign_on) -> dict[str, str]:
    return dict(SignOnInvitation.objects.filter(sign_on=sign_on).values_list("email_key", "status"))


def test_it_invites_each_pasted_address_once_whatever_the_separators(as_, open_sign_on):
    page = invite(as_("editor"), open_sign_on, PASTED, follow=True)

    assert "3 partners invited." in page.text
    assert statuses(open_sign_on) == {
        "amina@partner-one.example.org": "invited",
        "desk@partner-two.example.org": "invited",
        "contact@partner-three.example.org": "invited",
    }
    assert "amina@partner-one.example.org" in page.text
    assert [(value, n) for value, _label, n in page.context["counts"]] == [
        ("invited", 3),
        ("opened", 0),
        ("signed", 0),
        ("declined", 0),
    ]


def test_an_address_already_invited_is_not_written_to_again(as_, open_sign_on):
    invite(as_("owner"), open_sign_on, "desk@partner-two.example.org")

    page = invite(as_("owner"), open_sign_on, PASTED, follow=True)

    assert "2 partners invited. 1 address was already invited" in page.text
    assert SignOnInvitation.objects.count() == 3


def test_more_than_500_addresses_at_once_are_refused_with_a_clear_message(as_, open_sign_on):
    pasted = "\n".join(f"partner{n}@example.org" for n in range(501))

    page = invite(as_("owner"), open_sign_on, pasted)

    assert page.status_code == 422
    assert "You pasted 501 addresses; at most 500 can be invited at a time." in page.text
    assert not SignOnInvitation.objects.exists()


def test_500_addresses_at_once_are_fine(as_, open_sign_on, settings):
    settings.EMAIL_RATE_PER_USER = "500/d"  # the paste's own limit, not the daily one, is tried here
    pasted = ", ".join(f"partner{n}@example.org" for n in range(500))

    page = invite(as_("owner"), open_sign_on, pasted, follow=True)

    assert "500 partners invited." in page.text
    assert SignOnInvitation.objects.count() == 500
    assert len(page.context["page"]) == 100  # a page of the table


@pytest.mark.parametrize(
    "pasted, message",
    [
        ("", "This field is required."),
        ("no addresses here, only words", "No email address was found in what you pasted."),
        ("ok@example.org, " + "x" * 300 + "@example.org", "This address is not valid"),
    ],
)
def test_a_paste_without_valid_addresses_is_refused(as_, open_sign_on, pasted, message):
    page = invite(as_("owner"), open_sign_on, pasted)

    assert page.status_code == 422
    assert message in page.text
    assert not SignOnInvitation.objects.exists()


def test_no_invitation_once_the_sign_on_closed(as_, open_sign_on):
    sign_on_close(sign_on=open_sign_on)

    page = invite(as_("owner"), open_sign_on, PASTED, follow=True)

    assert "The sign-on is closed" in page.text
    assert not SignOnInvitation.objects.exists()


def test_an_invitation_goes_from_invited_to_opened_to_signed(as_, open_sign_on):
    invite(as_("owner"), open_sign_on, "desk@partner-two.example.org")
    invitation = SignOnInvitation.objects.get()

    as_(None).get(reverse("signatures:invited", args=[invitation.token]))
    opened = SignOnInvitation.objects.get()
    assert opened.status == SignOnInvitation.Status.OPENED
    assert opened.opened_at is not None

    sign(open_sign_on, "Partner Two", email="Desk@Partner-Two.example.org", confirm=False)
    assert SignOnInvitation.objects.get().status == SignOnInvitation.Status.OPENED  # not before confirming
    sign(open_sign_on, "Partner Two", email="desk@partner-two.example.org")

    signed = SignOnInvitation.objects.get()
    assert signed.status == SignOnInvitation.Status.SIGNED
    assert signed.responded_at is not None
    page = as_("owner").get(url("invitations", open_sign_on))
    assert [(value, n) for value, _label, n in page.context["counts"]] == [
        ("invited", 0),
        ("opened", 0),
        ("signed", 1),
        ("declined", 0),
    ]
    assert 'data-status="signed">Signed<' in page.text


def test_an_invited_partner_declines(as_, open_sign_on):
    invite(as_("owner"), open_sign_on, PASTED)
    invitation = SignOnInvitation.objects.get(email_key="amina@partner-one.example.org")

    as_(None).post(reverse("signatures:invited", args=[invitation.token]))

    declined = SignOnInvitation.objects.get(pk=invitation.pk)
    assert declined.status == SignOnInvitation.Status.DECLINED
    assert declined.responded_at is not None
    page = as_("owner").get(url("invitations", open_sign_on))
    assert 'data-status="declined">Declined<' in page.text
    assert dict((value, n) for value, _label, n in page.context["counts"])["declined"] == 1


@pytest.mark.django_db(transaction=True)
def test_each_partner_gets_a_personal_link_by_email(as_, open_sign_on, run_worker):
    invite(as_("owner"), open_sign_on, "Amina Yusuf <amina@partner-one.example.org>")

    sent = [m for m in run_worker() if m.to == ["amina@partner-one.example.org"]]

    assert len(sent) == 1
    link = link_in(sent[0], "/sign/invitation/")
    assert link == SignOnInvitation.objects.get().get_absolute_url()


def test_only_organizers_see_and_send_invitations(as_, open_sign_on):
    assert as_("viewer").get(url("invitations", open_sign_on)).status_code == 403
    assert invite(as_("viewer"), open_sign_on, PASTED).status_code == 403
    assert as_("outsider").get(url("invitations", open_sign_on)).status_code == 404
    assert as_(None).get(url("invitations", open_sign_on)).status_code == 302
    assert not SignOnInvitation.objects.exists()


def test_a_second_paste_of_200_past_the_senders_limit_sends_nothing_and_keeps_the_paste(as_, open_sign_on):
    organizer = as_("owner")
    first = "\n".join(f"partner{n}@example.org" for n in range(200))
    second = "\n".join(f"other{n}@example.org" for n in range(200))
    assert "200 partners invited." in invite(organizer, open_sign_on, first, follow=True).text

    page = invite(organizer, open_sign_on, second)

    assert page.status_code == 429
    assert "You can send 100 more emails for now, and this would send 200. Nothing was sent" in page.text
    assert "try again in" in page.text
    assert "other199@example.org" in page.context["form"]["addresses"].value()
    assert SignOnInvitation.objects.count() == 200
    assert DBTaskResult.objects.filter(task_path="r2p_letters.lib.emails.deliver").count() == 200
    assert "100 partners invited." in invite(organizer, open_sign_on, "\n".join(second.split()[:100]), follow=True).text


def test_the_organizers_of_one_organization_share_its_limit(as_, open_sign_on, settings):
    settings.EMAIL_RATE_PER_ORGANIZATION = "250/d"
    invite(as_("owner"), open_sign_on, "\n".join(f"partner{n}@example.org" for n in range(200)))

    page = invite(as_("editor"), open_sign_on, "\n".join(f"other{n}@example.org" for n in range(100)))

    assert page.status_code == 429
    assert "Your organization can send 50 more emails for now, and this would send 100." in page.text
    assert SignOnInvitation.objects.count() == 200


def test_an_address_is_not_flooded_with_invitations_from_many_letters(
    as_, open_sign_on, make_letter, ngo, people, settings
):
    victim = "victim@example.org"
    for n in range(5):
        letter = make_letter(title=f"Letter {n}", slug=f"letter-{n}", status=Letter.Status.READY, lead_organization=ngo)
        sign_on = letter_open_for_signatures(
            letter=letter,
            user=people["owner"],
            rules=SignOnRules(
                deadline=timezone.now() + datetime.timedelta(days=7),
                time_zone="UTC",
                signers="organizations",
                moderated=False,
                list_public=True,
            ),
        )
        invite(as_("owner"), sign_on, victim)

    page = invite(as_("owner"), open_sign_on, f"{victim}, partner@example.org")

    assert page.status_code == 429
    assert f"Too many emails went to {victim} in a short time. Nothing was sent: remove this address" in page.text
    assert not SignOnInvitation.objects.filter(sign_on=open_sign_on).exists()
