from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "r2p_letters.signatures"
    verbose_name = _("Sign-ons")
