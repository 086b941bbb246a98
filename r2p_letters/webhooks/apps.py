from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "r2p_letters.webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        # The services import models, which are loaded only once the apps are ready.
        from r2p_letters.letters.hooks import on_letter_event  # noqa: PLC0415

        from .services import event_queue  # noqa: PLC0415

        # Every event a lower layer announces is queued for the endpoints that follow it (letters/hooks.py).
        on_letter_event(event_queue)
        checks.register(check_no_loopback_in_production, checks.Tags.security, deploy=True)


def check_no_loopback_in_production(app_configs, **kwargs):
    """Webhooks to loopback addresses are for tests and local development: never on a deployed site."""
    if not settings.WEBHOOKS_ALLOW_LOOPBACK:
        return []
    return [
        checks.Error(
            "WEBHOOKS_ALLOW_LOOPBACK is on: webhooks may be sent to this machine's own services.",
            hint="Unset WEBHOOKS_ALLOW_LOOPBACK; it is for tests and local development only.",
            id="webhooks.E001",
        )
    ]
