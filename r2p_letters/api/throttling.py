"""Rate limits, counted in the Django cache (Redis in production): per token, and per client address."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class ClientRateThrottle(SimpleRateThrottle):
    """Every request, per client address (RATELIMIT_IP_META_KEY, as the site's other limits)."""

    scope = "client"

    def get_cache_key(self, request, view):
        key = settings.RATELIMIT_IP_META_KEY
        ident = request.META.get(key, "") if key else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class TokenRateThrottle(SimpleRateThrottle):
    """Requests made with a token, per token."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
