from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "r2p_letters.letters"
    verbose_name = _("Letters")

    def ready(self):
        from django.core.checks import register

        from .checks import check_letter_fonts

        # `manage.py check --tag fonts`; runs with every other check at start-up too.
        register(check_letter_fonts, "fonts")
