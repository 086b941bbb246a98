from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "r2p_letters.api"
    verbose_name = _("Public API")
