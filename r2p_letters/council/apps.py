from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "r2p_letters.council"
    verbose_name = _("Security Council")
