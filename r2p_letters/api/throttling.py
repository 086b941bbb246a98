"""Rate limits per client address and per token: django-ratelimit's counters in the Django cache (Redis in
production), one atomic increment per request, as the site's other limits. (DRF's own throttles keep a list of
every request's time in the cache entry: it grows with the limit, and is read and written whole each request.)"""

from django.conf import settings
from django_ratelimit.core import get_usage
from rest_framework.throttling import BaseThrottle

from r2p_letters.lib.throttling import client_address, keyed_hash

from .models import ApiToken


class _CountedThrottle(BaseThrottle):
    group = ""
    rate_setting = ""

    def ident(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view):
        ident = self.ident(request)
        if ident is None:
            return True
        usage = get_usage(
            request._request,
            group=self.group,
            key=lambda _group, _request: keyed_hash(self.group, ident),
            rate=getattr(settings, self.rate_setting),
            increment=True,
        )
        self.time_left = usage["time_left"] if usage else 0
        return not (usage and usage["should_limit"])

    def wait(self):
        return max(1, self.time_left)


class ClientRateThrottle(_CountedThrottle):
    """Every API request, per client address (RATELIMIT_IP_META_KEY, as the site's other limits)."""

    group = "api-client"
    rate_setting = "API_RATE_PER_CLIENT"

    def ident(self, request):
        return client_address(request)


class TokenRateThrottle(_CountedThrottle):
    """Requests made with a token, per token."""

    group = "api-token"
    rate_setting = "API_RATE_PER_TOKEN"

    def ident(self, request):
        return str(request.auth.pk) if isinstance(request.auth, ApiToken) else None
