from django import forms
from django.utils.translation import gettext_lazy as _

from r2p_letters.lib.plain_text import validate_no_hidden_characters


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        validators=[validate_no_hidden_characters],
        help_text=_("What will use it, e.g. “Our CRM”. The token is shown once, when it is created."),
    )
