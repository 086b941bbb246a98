"""The one write path for API tokens (the token page and the admin)."""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import ApiToken, new_token, token_digest

# last_used_at is written at most this often per token: a busy client does not write on every request.
LAST_USED_EVERY = datetime.timedelta(minutes=5)


@transaction.atomic
def api_token_create(*, organization, name: str, user) -> tuple[ApiToken, str]:
    """A new token for ``organization``, and its text: shown once, then only its hash is kept."""
    text, prefix = new_token()
    token = ApiToken.objects.create(
        organization=organization, name=name, prefix=prefix, digest=token_digest(text), created_by=user
    )
    return token, text


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


def api_token_used(*, token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
