"""Writes on organizations: creating one, inviting, accepting, changing roles, leaving."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from r2p_letters.lib import emails
from r2p_letters.lib.email_limits import emails_reserve
from r2p_letters.lib.slugs import unique_slug

from .models import Invitation, Membership, Organization, Role


@transaction.atomic
def organization_create(*, user, **fields) -> Organization:
    """Create an organization whose first owner is ``user``."""
    organization = Organization(
        slug=unique_slug(Organization, fields["name"], fallback="organization", max_length=70), **fields
    )
    organization.search_key = organization.search_text()
    organization.save()
    Membership.objects.create(organization=organization, user=user, role=Role.OWNER)
    return organization


def organization_refresh(*, organization: Organization) -> None:
    """After a write to an organization (its page's form, the admin): what it is found by follows its texts."""
    organization.search_key = organization.search_text()
    Organization.objects.filter(pk=organization.pk).update(search_key=organization.search_key)


@transaction.atomic
def invitation_send(*, organization: Organization, email: str, role: str, invited_by) -> Invitation:
    """Invite ``email`` to join; a pending invitation to the same address is renewed, not doubled.

    Raises ``EmailLimitReached`` (nothing written) when the inviter, the organization or the address has had
    too many emails.
    """
    email = email.lower()
    if organization.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(_("%(email)s is already a member.") % {"email": email}, code="already_member")
    emails_reserve(user=invited_by, organization=organization, addresses=[email])
    invitation = organization.invitations.filter(email__iexact=email, accepted_at__isnull=True).first()
    if invitation is None:
        invitation = Invitation(organization=organization, email=email)
    invitation.role, invitation.invited_by = role, invited_by
    invitation.expires_at = Invitation._meta.get_field("expires_at").get_default()
    invitation.save()
    transaction.on_commit(lambda: emails.invitation(invitation.email, {"invitation": invitation}))
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Make ``user`` a member with the invited role. Only the invited address may accept."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(_("This invitation has expired or was already used."), code="expired")
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email},
            code="wrong_person",
        )
    membership, created = Membership.objects.get_or_create(
        organization=invitation.organization, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


def _refuse_if_last_owner(membership: Membership) -> None:
    """Checked against the database, with the organization's owners locked, not the object in hand."""
    owners = list(
        Membership.objects.select_for_update()
        .filter(organization_id=membership.organization_id, role=Role.OWNER)
        .values_list("pk", flat=True)
    )
    if owners == [membership.pk]:
        raise ValidationError(_("An organization needs an owner: make someone else an owner first."), code="last_owner")


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    if role != Role.OWNER:
        _refuse_if_last_owner(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Remove a member (or let one leave); the last owner cannot go."""
    _refuse_if_last_owner(membership)
    membership.delete()
