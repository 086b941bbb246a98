"""The one place that decides what a person may do in an organization."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import ROLE_RANK, Membership, Organization, Role


def membership_for(user, organization: Organization) -> Membership | None:
    if not user.is_authenticated:
        return None
    return organization.memberships.filter(user=user).first()


def get_organization_for_user(user, slug: str, *, at_least: str = Role.VIEWER) -> tuple[Organization, Membership]:
    """The organization and the user's membership. Outsiders get 404; members below ``at_least`` get 403."""
    organization = Organization.objects.filter(slug=slug).first()
    membership = membership_for(user, organization) if organization else None
    if membership is None:
        raise Http404
    if ROLE_RANK[membership.role] < ROLE_RANK[at_least]:
        raise PermissionDenied
    return organization, membership
