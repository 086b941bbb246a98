from rest_framework.permissions import BasePermission

from .models import ApiToken


class HasOrganizationToken(BasePermission):
    """A valid token of an organization (the view then reads only that organization's data)."""

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiToken)
