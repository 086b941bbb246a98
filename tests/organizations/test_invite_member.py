"""An owner invites a colleague by email; the colleague accepts from the link."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from r2p_letters.organizations.models import Invitation, Membership, Role


@pytest.fixture
def invite(as_, ngo, mailoutbox, django_capture_on_commit_callbacks):
    def send(email, role="editor", by="owner"):
        with django_capture_on_commit_callbacks(execute=True):
            return as_(by).post(
                reverse("organizations:invite", args=[ngo.slug]), {"email": email, "role": role}, follow=True
            )

    return send


def link_in(message) -> str:
    return re.search(r"http://[^\s]+(/invitations/[^\s/]+/)", message.body).group(1)


def test_the_invited_colleague_accepts_and_joins_with_the_role(invite, as_, ngo, people, mailoutbox):
    invite("outsider@example.org", role="viewer")
    link = link_in(mailoutbox[0])

    assert "Join Global Centre for R2P" in mailoutbox[0].subject
    as_("outsider").get(link)
    assert not ngo.memberships.filter(user=people["outsider"]).exists()  # opening the link is not accepting

    response = as_("outsider").post(link)
    assert response.status_code == 302
    assert ngo.memberships.get(user=people["outsider"]).role == Role.VIEWER
    assert as_("outsider").get(link).status_code == 200
    assert "already used" in as_("outsider").get(link).content.decode()


def test_someone_else_cannot_use_the_invitation(invite, as_, ngo, people, mailoutbox):
    invite("colleague@example.org")

    response = as_("outsider").post(link_in(mailoutbox[0]), follow=True)

    assert "was sent to colleague@example.org" in response.content.decode()
    assert not ngo.memberships.filter(user=people["outsider"]).exists()


def test_an_expired_invitation_is_refused(invite, as_, ngo, people, mailoutbox):
    invite("outsider@example.org")
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    as_("outsider").post(link_in(mailoutbox[0]))

    assert not ngo.memberships.filter(user=people["outsider"]).exists()


def test_inviting_the_same_address_twice_renews_one_invitation(invite, ngo, mailoutbox):
    invite("colleague@example.org")
    invite("COLLEAGUE@example.org", role="viewer")

    invitation = ngo.invitations.get()
    assert invitation.role == Role.VIEWER
    assert len(mailoutbox) == 2


def test_inviting_a_member_is_refused_politely(invite, ngo, mailoutbox):
    response = invite("editor@example.org")

    assert not ngo.invitations.exists()
    assert "editor@example.org is already a member." in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("editor", 403), ("viewer", 403), ("outsider", 404)])
def test_only_owners_invite(invite, ngo, who, status):
    assert invite("someone@example.org", by=who).status_code == status
    assert not ngo.invitations.exists()


def test_an_anonymous_visitor_is_asked_to_log_in_first(invite, as_, mailoutbox):
    invite("colleague@example.org")

    page = as_(None).get(link_in(mailoutbox[0]))

    assert "log in or create an account with colleague@example.org" in page.content.decode()
    assert as_(None).get("/invitations/not-a-token/").status_code == 404


def test_an_owner_past_the_limit_is_told_and_the_invitation_kept_on_the_form(invite, ngo, mailoutbox, settings):
    settings.EMAIL_RATE_PER_USER = "3/d"
    for n in range(3):
        invite(f"colleague{n}@example.org")

    page = invite("colleague3@example.org", role="viewer")

    assert page.status_code == 429
    assert "You have sent as many emails as you can for now. Nothing was sent: please try again in" in page.text
    assert 'value="colleague3@example.org"' in page.text
    assert '<option value="viewer" selected>' in page.text
    assert len(mailoutbox) == 3
    assert not ngo.invitations.filter(email="colleague3@example.org").exists()


def test_renewing_an_invitation_again_and_again_does_not_flood_the_address(invite, ngo, mailoutbox):
    for _ in range(5):
        invite("colleague@example.org")

    page = invite("colleague@example.org")

    assert page.status_code == 429
    assert "Too many emails went to colleague@example.org in a short time" in page.text
    assert len(mailoutbox) == 5


def test_an_organization_past_its_limit_sends_nothing_more(invite, ngo, people, mailoutbox, settings):
    settings.EMAIL_RATE_PER_ORGANIZATION = "2/d"
    Membership.objects.filter(organization=ngo, user=people["editor"]).update(role=Role.OWNER)
    invite("colleague0@example.org")
    invite("colleague1@example.org", by="editor")

    page = invite("colleague2@example.org", by="editor")

    assert "Your organization has sent as many emails as it can for now" in page.text
    assert len(mailoutbox) == 2
