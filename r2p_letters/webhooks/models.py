"""Webhooks: the HTTPS endpoints an organization registers, the events queued for them, and each try."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from r2p_letters.letters import hooks

EVENT_CHOICES = [
    (hooks.SIGNATURE_CONFIRMED, _("signature confirmed")),
    (hooks.SIGNATURE_WITHDRAWN, _("signature withdrawn")),
    (hooks.SIGN_ON_OPENED, _("sign-on opened")),
    (hooks.SIGN_ON_CLOSED, _("sign-on closed")),
    (hooks.LETTER_DELIVERED, _("letter delivered")),
]


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class Endpoint(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(_("address"), max_length=500, help_text=_("An https:// address that accepts POST requests."))
    events = models.JSONField(_("events"), default=list)
    # Kept as it is, not hashed: every delivery is signed with it (the owners may read it again).
    secret = models.CharField(max_length=80, default=new_secret, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("webhooks:detail", args=[self.organization.slug, self.pk])

    def event_labels(self) -> list[str]:
        labels = dict(EVENT_CHOICES)
        return [labels[event] for event in self.events if event in labels]


class Delivery(models.Model):
    """One event for one endpoint: queued with the write that caused it, tried until it is delivered or given up."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("given up")
        REFUSED = "refused", _("refused: not a public address")

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=EVENT_CHOICES)
    body = models.TextField()  # the exact JSON sent (and signed) on every try
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk}"


class Attempt(models.Model):
    """One try at a delivery: the answer's status code (none when no answer came) and how long it took."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.delivery_id}: {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
