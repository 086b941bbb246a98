"""Forms of the public letter pages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import Letter


class LibraryFilterForm(forms.Form):
    """Search and filters of the library. Invalid values are dropped, never an error page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "placeholder": _("Words in any section")}))
    country = forms.ChoiceField(label=_("Country concerned"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Any status"))] + [c for c in Letter.Status.choices if c[0] != Letter.Status.DRAFT],
    )

    def __init__(self, data=None, *, country_codes=(), years=()):
        super().__init__(data)
        self.fields["country"].choices = [("", _("Any country"))] + [
            (code, countries.name(code)) for code in country_codes
        ]
        self.fields["year"].choices = [("", _("Any year"))] + [(y, y) for y in years]

    def filters(self) -> dict:
        """The valid filters only: a tampered value is ignored, the rest still applies."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
