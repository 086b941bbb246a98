"""Bearer tokens: ``Authorization: Bearer r2p_<prefix>_<secret>``."""

import hmac

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import ApiToken, token_digest
from .services import api_token_used


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != "bearer":
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("The Authorization header reads “Bearer <token>”."))
        text = header[1]
        parts = text.split("_")
        token = None
        if len(parts) >= 3 and parts[0] == "r2p":
            token = ApiToken.objects.select_related("organization").filter(prefix=parts[1]).first()
        if token is None or not hmac.compare_digest(token.digest, token_digest(text)):
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        if not token.is_active:
            raise exceptions.AuthenticationFailed(_("This token was revoked."))
        api_token_used(token=token)
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class TokenScheme(OpenApiAuthenticationExtension):
    """The schema names the token scheme, so the docs' "Authorize" button takes a token."""

    target_class = "r2p_letters.api.authentication.TokenAuthentication"
    name = "organizationToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "An organization's token: r2p_…"}
