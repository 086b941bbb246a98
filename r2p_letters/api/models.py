"""Tokens an organization's owner creates for the API: shown once, kept only as a hash."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# A token reads "r2p_<prefix>_<secret>": the prefix finds the row, the SHA-256 of the whole token proves it.
PREFIX_LENGTH = 8


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A new token and its prefix. 256 bits of randomness: a plain hash is enough (nothing to brute-force)."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    return f"r2p_{prefix}_{secrets.token_urlsafe(32)}", prefix


class ApiToken(models.Model):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("What uses it, e.g. “Our CRM”."))
    prefix = models.CharField(max_length=PREFIX_LENGTH, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} (r2p_{self.prefix}_…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
