"""The one place that decides who may read and who may edit a letter."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from r2p_letters.organizations.models import ROLE_RANK, Membership, Organization, Role
from r2p_letters.organizations.permissions import get_organization_for_user

from .models import CoLeadInvitation, Letter

# A letter's text can change while it is drafted and reviewed, and while it is open for signatures
# (each save then makes a new version that its signatories confirm again); ready and closed letters
# are frozen.
EDITABLE_STATUSES = (Letter.Status.DRAFT, Letter.Status.IN_REVIEW, Letter.Status.OPEN)


def letter_role(user, letter: Letter) -> str | None:
    """The user's strongest role among the letter's lead and co-lead organizations, or None.

    ``co_leads`` holds only the organizations that accepted their invitation: an invited one has no role."""
    if not user.is_authenticated:
        return None
    roles = Membership.objects.filter(user=user, organization_id__in=letter.organization_ids()).values_list(
        "role", flat=True
    )
    return max(roles, key=ROLE_RANK.get, default=None)


def can_edit(role: str | None, letter: Letter) -> bool:
    return letter.status in EDITABLE_STATUSES and ROLE_RANK.get(role, 0) >= ROLE_RANK[Role.EDITOR]


def get_letter_for_user(user, slug: str, *, edit: bool = False, letters=None) -> tuple[Letter, str | None]:
    """The letter and the user's role in it.

    Drafts are 404 to everyone outside their organizations (a draft does not reveal it exists);
    members who may read but not edit get 403 when they try to edit. ``letters`` is the queryset to
    read from (by default with everything a render needs; pages that do not render pass less).
    """
    letters = Letter.objects.with_everything() if letters is None else letters
    letter = letters.filter(slug=slug).first()
    if letter is None:
        raise Http404
    role = letter_role(user, letter)
    readable = letter.is_public or role is not None or user.is_staff
    if not readable:
        raise Http404
    if edit and not can_edit(role, letter):
        raise PermissionDenied
    return letter, role


def organizations_user_drafts_for(user):
    """The organizations in which the user may start a letter (editor or owner)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(
        memberships__user=user, memberships__role__in=[Role.OWNER, Role.EDITOR]
    ).order_by("name")


def is_editor(role: str | None) -> bool:
    return ROLE_RANK.get(role, 0) >= ROLE_RANK[Role.EDITOR]


def can_manage_language_versions(role: str | None) -> bool:
    """Whether the user may add a version in another language, or mark which version is authoritative.

    A translation has the same organizations as its original, so the role is the same on every version;
    the new version is a draft, so the letter's own status does not matter.
    """
    return is_editor(role)


def organizations_user_approves_for(user, letter: Letter) -> list:
    """The letter's lead and co-lead organizations in which the user is an editor or owner."""
    if not user.is_authenticated:
        return []
    mine = set(
        Membership.objects.filter(user=user, role__in=[Role.OWNER, Role.EDITOR]).values_list(
            "organization_id", flat=True
        )
    )
    return [o for o in letter.lead_organizations() if o.pk in mine]


def signatures_public(sign_on) -> bool:
    """Whether everyone sees who signed online. The count always shows; while a sign-on with a private list
    runs, only the letter's organizations see the names."""
    return sign_on is None or sign_on.list_public or not sign_on.is_open


def get_letter_for_its_organizations(user, slug: str, *, edit: bool = False, letters=None) -> tuple[Letter, str]:
    """The letter and the user's role, for pages only its lead and co-lead organizations see (the delivery pack,
    the organizers' pages of a sign-on, which pass ``edit=True`` for every request).

    Everyone else gets 404 (the page does not reveal itself); viewers who try to change something get 403.
    Editors prepare and record a delivery whatever the letter's status: delivering does not change its text.
    """
    letters = Letter.objects.all() if letters is None else letters
    letter = letters.filter(slug=slug).first()
    if letter is None:
        raise Http404
    role = letter_role(user, letter)
    if role is None:
        raise Http404
    if edit and not is_editor(role):
        raise PermissionDenied
    return letter, role


def is_of_the_lead(user, letter: Letter) -> bool:
    """Whether the user is a member of the letter's lead organization (a letter without one: its organizers are
    all of the lead). Co-lead organizations' members see only the signers who chose to share their name."""
    if not letter.lead_organization_id:
        return True
    return Membership.objects.filter(user=user, organization_id=letter.lead_organization_id).exists()


def get_co_lead_invitation_for_user(user, organization_slug: str, pk: int) -> CoLeadInvitation:
    """An invitation to co-lead a letter, for an owner or editor of the invited organization to answer.

    Everyone outside that organization gets 404 (the inviting letter's own members too: they cannot accept
    on its behalf); its viewers get 403.
    """
    organization, _membership = get_organization_for_user(user, organization_slug, at_least=Role.EDITOR)
    invitation = (
        CoLeadInvitation.objects.select_related("organization").filter(pk=pk, organization=organization).first()
    )
    if invitation is None:
        raise Http404
    return invitation


def co_lead_requests_for(organization: Organization, membership: Membership) -> list[CoLeadInvitation]:
    """The invitations to co-lead a letter that ``organization`` has not answered, for members who may answer."""
    if not is_editor(membership.role):
        return []
    return list(
        CoLeadInvitation.objects.filter(
            organization=organization, status=CoLeadInvitation.Status.PENDING
        ).select_related("letter__lead_organization", "invited_by")
    )
