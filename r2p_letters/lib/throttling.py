"""What every rate limit shares: who the client is, how a counted value is kept secret, how long to wait."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.timesince import timeuntil


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the header a trusted proxy sets (``RATELIMIT_IP_META_KEY``)."""
    return request.META.get(settings.RATELIMIT_IP_META_KEY or "REMOTE_ADDR", "") or "unknown"


def keyed_hash(kind: str, value: str) -> str:
    """A keyed hash of an address or an id: counters in the cache name no one to whoever reads the cache."""
    return hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def wait_text(seconds: int) -> str:
    """How long to wait, in words in the current language ("14 minutes", "2 hours, 5 minutes")."""
    now = timezone.now()
    return timeuntil(now + timedelta(seconds=max(60, seconds)), now)
