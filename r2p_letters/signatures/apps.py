from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "r2p_letters.signatures"
    verbose_name = _("Sign-ons")

    def ready(self):
        # The services import models, which are loaded only once the apps are ready.
        from r2p_letters.letters.hooks import on_open_letter_recipients, on_open_letter_text_changed  # noqa: PLC0415

        from .services import reconfirmations_count, signed_text_record  # noqa: PLC0415

        checks.register(check_shared_rate_limits, checks.Tags.caches, deploy=True)
        # A change to the text of an open letter makes a new signed text (letters/hooks.py).
        on_open_letter_text_changed(signed_text_record)
        on_open_letter_recipients(reconfirmations_count)


def check_shared_rate_limits(app_configs, **kwargs):
    """With several server processes, rate limits need a cache they share."""
    if settings.REDIS_URL:
        return []
    return [
        checks.Warning(
            "Sign-on rate limits are counted in each process's memory.",
            hint="Set REDIS_URL so that every server process counts against the same limits.",
            id="signatures.W001",
        )
    ]
