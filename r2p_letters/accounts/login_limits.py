"""Failed log-ins, counted per account and per client address with django-ratelimit.

The site's log-in form and the administration's both check these limits before they look at a password,
so a guesser who has used up the attempts learns nothing more, even from the right password.
"""

from django.conf import settings
from django_ratelimit.core import get_usage

from r2p_letters.lib.throttling import client_address, keyed_hash


def _limits(request, email: str) -> list[tuple[str, object, str]]:
    account = keyed_hash("login-account", email.strip().lower())
    client = keyed_hash("login-client", client_address(request))
    return [
        ("login-account", lambda group, request: account, settings.LOGIN_RATE_PER_ACCOUNT),
        ("login-client", lambda group, request: client, settings.LOGIN_RATE_PER_CLIENT),
    ]


def login_wait(request, email: str) -> int | None:
    """Seconds before ``email`` may try to log in again from this client; None when it may try now."""
    waits = []
    for group, key, rate in _limits(request, email):
        usage = get_usage(request, group=group, key=key, rate=rate, increment=False)
        if usage and usage["count"] >= usage["limit"]:
            waits.append(usage["time_left"])
    return max(waits) if waits else None


def login_failed(request, email: str) -> None:
    """Count a wrong password against the account and the client address."""
    for group, key, rate in _limits(request, email):
        get_usage(request, group=group, key=key, rate=rate, increment=True)
