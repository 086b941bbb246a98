import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .models import Audience, Delivery


class PackChoiceForm(forms.Form):
    """Which month's Council the pack goes to, and to whom in each member state."""

    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Give the month as year and month, e.g. 2026-03.")},
    )
    audience = forms.ChoiceField(label=_("Addressed to"), choices=Audience.choices)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month.year not in self.years:
            raise ValidationError(
                _(
                    "We do not know the Security Council's members in %(month)s: choose a month from %(first)s to "
                    "%(last)s."
                ),
                code="unknown_month",
                params={
                    "month": formats.date_format(month, "YEAR_MONTH_FORMAT"),
                    "first": self.years[0] if self.years else "",
                    "last": self.years[-1] if self.years else "",
                },
            )
        return month


class AddresseeForm(forms.Form):
    """One member state's addressee in this letter; empty fields take the defaults shown as placeholders."""

    country = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    salutation = forms.CharField(label=_("Salutation"), max_length=200, required=False)

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def clean_country(self):
        code = self.cleaned_data["country"]
        if code not in self.allowed:
            raise ValidationError(_("This country does not sit on the Council that year."), code="not_member")
        return code

    def clean(self):
        cleaned = super().clean()
        for field in ("name", "title", "salutation"):
            value = cleaned.get(field, "")
            if "\n" in value or "\r" in value:
                self.add_error(field, ValidationError(_("One line only."), code="one_line"))
        return cleaned


class BaseAddresseeFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        countries = [f.cleaned_data.get("country") for f in self.forms]
        if len(set(countries)) != len(countries):
            raise ValidationError(_("Each member state appears once."), code="duplicate")


AddresseeFormSet = forms.formset_factory(
    AddresseeForm, formset=BaseAddresseeFormSet, extra=0, max_num=15, absolute_max=15, validate_max=True
)


class DeliveryForm(forms.ModelForm):
    class Meta:
        model = Delivery
        fields = ["delivered_on", "recipients", "country", "means"]
        widgets = {"delivered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—")] + [(m.country.code, m.name) for m in members]
        for name, field in self.fields.items():  # Bootstrap's look, as the rest of the page
            field.widget.attrs["class"] = "form-select" if name != "delivered_on" else "form-control"

    def clean_delivered_on(self):
        day = self.cleaned_data["delivered_on"]
        if day > timezone.localdate() + datetime.timedelta(days=1):
            raise ValidationError(_("A delivery is recorded once made: this date is in the future."), code="future")
        return day

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("recipients") == Delivery.Recipients.MEMBER and not cleaned.get("country"):
            self.add_error("country", ValidationError(_("Choose the member state."), code="no_country"))
        return cleaned
