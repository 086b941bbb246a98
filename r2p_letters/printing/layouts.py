"""The layouts the DOCX export writes: where the title and the date stand. Each letter template names one
(its HTML says the same for the page and the PDF), and a house style copied from a built-in keeps it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Layout(models.TextChoices):
    OPEN_LETTER = "open_letter", _("Open letter: the title and its issuer, then the date")
    FORMAL_LETTER = "formal_letter", _("Formal letter: the date, the addressee, then the title as a subject line")
