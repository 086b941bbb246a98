"""How a letter is laid out in print. The layouts the DOCX export writes (where the title and the date stand):
each letter template names one (its HTML says the same for the page and the PDF), and a house style copied from
a built-in keeps it. And the choices each letter makes: its asks numbered or bulleted, its English date's order."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Layout(models.TextChoices):
    OPEN_LETTER = "open_letter", _("Open letter: the title and its issuer, then the date")
    FORMAL_LETTER = "formal_letter", _("Formal letter: the date, the addressee, then the title as a subject line")


class AsksStyle(models.TextChoices):
    NUMBERED = "numbered", _("Numbered: 1., 2., 3.")
    BULLETED = "bulleted", _("Bulleted: •")


class DateStyle(models.TextChoices):
    """The order of an English date; the other languages write theirs as their locale does ("17 avril 2020")."""

    DAY_MONTH_YEAR = "day_month_year", _("17 April 2020 (the United Nations' style)")
    MONTH_DAY_YEAR = "month_day_year", _("April 17, 2020 (the United States' style)")
