from django.apps import AppConfig
from django.core.checks import register
from django.utils.translation import gettext_lazy as _

from .checks import check_letter_fonts


class PrintingConfig(AppConfig):
    """What turns a letter into a document: the template sandbox, HTML, PDF, DOCX, text and JSON."""

    name = "r2p_letters.printing"
    verbose_name = _("Printing")

    def ready(self):
        # `manage.py check --tag fonts`; runs with every other check at start-up too.
        register(check_letter_fonts, "fonts")
