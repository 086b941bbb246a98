import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .models import Audience, CouncilOutcome, Decision, Delivery, MemberLogEntry
from .responses import ACCEPT, response_file_checked


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


def _not_in_the_future(day: datetime.date) -> datetime.date:
    if day > timezone.localdate() + datetime.timedelta(days=1):
        raise ValidationError(_("This date is in the future: record what happened once it has."), code="future")
    return day


class MemberLogEntryForm(forms.ModelForm):
    """What one member did with the letter: acknowledged it, met its signatories, answered (a note or a file)."""

    file = forms.FileField(
        label=_("The response's file"),
        required=False,
        help_text=_("A PDF, Word, OpenDocument, PNG, JPEG or text file, at most %(max)s KB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    class Meta:
        model = MemberLogEntry
        fields = ["country", "kind", "happened_on", "note"]
        widgets = {
            "happened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—")] + [(m.country.code, m.name) for m in members]
        self.fields["file"].help_text = self.fields["file"].help_text % {
            "max": settings.COUNCIL_RESPONSE_MAX_BYTES // 1024
        }
        self.checked_file = None
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name in ("country", "kind") else "form-control"

    def clean_happened_on(self):
        return _not_in_the_future(self.cleaned_data["happened_on"])

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.checked_file = response_file_checked(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("kind") == MemberLogEntry.Kind.RESPONSE
            and not (cleaned.get("note") or "").strip()
            and not cleaned.get("file")
            and "file" not in self.errors
        ):
            self.add_error("note", ValidationError(_("Write what the response said, or upload it."), code="empty"))
        if cleaned.get("file") and cleaned.get("kind") != MemberLogEntry.Kind.RESPONSE:
            self.add_error("file", ValidationError(_("Only a response comes with a file."), code="file_not_response"))
        return cleaned


class OutcomeForm(forms.ModelForm):
    """The resolution the Council adopted, its vote, and the calendar's decision it settles."""

    class Meta:
        model = CouncilOutcome
        fields = ["decision", "symbol", "adopted_on", "votes_for", "votes_against", "votes_abstaining", "summary"]
        widgets = {
            "adopted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "votes_for": forms.NumberInput(attrs={"min": 0, "max": 15}),
            "votes_against": forms.NumberInput(attrs={"min": 0, "max": 15}),
            "votes_abstaining": forms.NumberInput(attrs={"min": 0, "max": 15}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = Decision.objects.all()
        self.fields["decision"].label_from_instance = lambda d: f"{d.name}: {d.get_kind_display()} ({d.decides_on})"
        self.fields["decision"].empty_label = _("None")
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name == "decision" else "form-control"

    def clean_adopted_on(self):
        return _not_in_the_future(self.cleaned_data["adopted_on"])
