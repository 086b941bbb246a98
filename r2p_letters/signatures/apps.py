from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "r2p_letters.signatures"
    verbose_name = _("Sign-ons")

    def ready(self):
        checks.register(check_shared_rate_limits, checks.Tags.caches, deploy=True)


def check_shared_rate_limits(app_configs, **kwargs):
    """With several server processes, rate limits need a cache they share."""
    if settings.REDIS_URL:
        return []
    return [checks.Warning(
        "Sign-on rate limits are counted in each process's memory.",
        hint="Set REDIS_URL so that every server process counts against the same limits.",
        id="signatures.W001",
    )]
