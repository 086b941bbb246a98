"""Forms of the sign-on: signing, correcting a signature, and the organizers' rules."""

import unicodedata
import zoneinfo
from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Signature, SignOn

# Letters of these scripts look alike; a name that mixes them inside one word is a homoglyph trick
# ("Аmnesty" with a Cyrillic А), never a real organization's spelling.
LOOKALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def _script(ch: str) -> str | None:
    name = unicodedata.name(ch, "")
    return next((script for script in LOOKALIKE_SCRIPTS if name.startswith(script)), None)


# Invisible characters that right-to-left and other scripts need: joiners and direction marks.
ALLOWED_FORMAT_CHARACTERS = "\u200c\u200d\u200e\u200f\u061c"


def has_invisible_characters(value: str) -> bool:
    """Control, private-use, direction-override and other format characters, and U+FFFD (undecodable input)."""
    return any(ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Cn")
                                   and ch not in ALLOWED_FORMAT_CHARACTERS) for ch in value)


def check_plain_text(value: str) -> str:
    """Refuse control characters and words that mix look-alike alphabets; fold to NFC."""
    value = unicodedata.normalize("NFC", value)
    if has_invisible_characters(value):
        raise forms.ValidationError(_("Remove the invisible or control characters from this field."),
                                    code="control_characters")
    for word in value.split():
        scripts = {_script(ch) for ch in word if ch.isalpha()} - {None}
        if len(scripts) > 1:
            raise forms.ValidationError(
                _("“%(word)s” mixes letters of different alphabets that look alike (for example a Cyrillic "
                  "“а” among Latin letters). Please type it again in one alphabet."),
                code="mixed_scripts", params={"word": word})
    return value


class PlainCharField(forms.CharField):
    """A one-line text field that refuses control characters and look-alike alphabet tricks."""

    def clean(self, value):
        value = super().clean(value)
        return check_plain_text(value) if value else value


class SignerFields(forms.Form):
    """Who signs: shared by the sign form, the correction form and the organizers' late signature."""

    kind = forms.ChoiceField(label=_("I sign as"), choices=Signature.Kind.choices, widget=forms.RadioSelect,
                             initial=Signature.Kind.ORGANIZATION)
    organization = PlainCharField(label=_("Organization"), max_length=300, required=False,
                                  help_text=_("Its full name, as it should print."))
    city = PlainCharField(label=_("City"), max_length=120, required=False)
    # The model field's form field: its country names follow the language of each request.
    country = Signature._meta.get_field("country").formfield(label=_("Country"), required=False)
    person_name = PlainCharField(label=_("Your name"), max_length=200)
    person_title = PlainCharField(label=_("Your title"), max_length=200, required=False,
                                  help_text=_("e.g. Executive Director"))
    show_name = forms.TypedChoiceField(
        label=_("What prints on the letter"), widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("no", _("Only my organization")), ("yes", _("My name and title, with my organization"))],
        initial="no",
        help_text=_("If signing publicly puts you at risk, print only your organization."),
    )

    def __init__(self, *args, sign_on: SignOn | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sign_on = sign_on
        if sign_on and sign_on.signers != SignOn.Signers.BOTH:
            only = (Signature.Kind.ORGANIZATION if sign_on.signers == SignOn.Signers.ORGANIZATIONS
                    else Signature.Kind.INDIVIDUAL)
            self.fields["kind"].choices = [c for c in Signature.Kind.choices if c[0] == only]
            self.fields["kind"].initial = only

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Signature.Kind.ORGANIZATION:
            # A field refused for another reason already says so: one message each.
            if not cleaned.get("organization") and "organization" not in self.errors:
                self.add_error("organization", forms.ValidationError(
                    _("Give the name of the organization that signs."), code="organization_required"))
            if not cleaned.get("country") and "country" not in self.errors:
                self.add_error("country", forms.ValidationError(
                    _("Choose the country where the organization is based."), code="country_required"))
        if kind == Signature.Kind.INDIVIDUAL and cleaned.get("show_name") is False and not cleaned.get("organization"):
            self.add_error("organization", forms.ValidationError(
                _("To print only an organization instead of your name, give that organization."),
                code="organization_required"))
        if self.sign_on and kind and not self.sign_on.accepts(kind):
            self.add_error("kind", forms.ValidationError(_("This letter is not open to that kind of signer."),
                                                         code="kind_not_accepted"))
        return cleaned


class SignForm(SignerFields):
    email = forms.EmailField(label=_("Your email"), max_length=254,
                             help_text=_("We send you a link to confirm your signature. It is never printed."))
    consent = forms.BooleanField(
        label=_("I agree that R2P Letters stores these details to show my signature on this letter and to "
                "write to me about it. I can withdraw my signature at any time."),
        error_messages={"required": _("We can only record your signature with your consent.")},
    )
    # A field people never see (hidden by CSS and from screen readers): robots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    field_order = ["kind", "organization", "city", "country", "person_name", "person_title", "email", "show_name",
                   "consent", "website"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        if has_invisible_characters(email):
            raise forms.ValidationError(_("Remove the invisible or control characters from this field."),
                                        code="control_characters")
        return email

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class CorrectForm(SignerFields):
    pass


class ResendForm(forms.Form):
    email = forms.EmailField(label=_("Your email"), max_length=254)


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
            if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))] + [("UTC", "UTC")]


class DeadlineFields(forms.Form):
    deadline_date = forms.DateField(label=_("Deadline: date"), widget=forms.DateInput(attrs={"type": "date"}))
    deadline_time = forms.TimeField(label=_("Time"), initial="18:00", widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.ChoiceField(label=_("Time zone"), initial="America/New_York")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("deadline_date") and cleaned.get("deadline_time") and cleaned.get("time_zone"):
            deadline = datetime.combine(cleaned["deadline_date"], cleaned["deadline_time"],
                                        tzinfo=zoneinfo.ZoneInfo(cleaned["time_zone"]))
            if deadline <= timezone.now():
                self.add_error("deadline_date", forms.ValidationError(_("The deadline must be in the future."),
                                                                      code="deadline_past"))
            cleaned["deadline"] = deadline
        return cleaned


class OpenSignOnForm(DeadlineFields):
    signers = forms.ChoiceField(label=_("Who may sign"), choices=SignOn.Signers.choices,
                                initial=SignOn.Signers.ORGANIZATIONS)
    moderated = forms.BooleanField(label=_("Approve each signature before it shows"), required=False)
    list_public = forms.BooleanField(label=_("Show the list of signatories while the sign-on runs"), required=False,
                                     initial=True)
    order = forms.ChoiceField(label=_("Order of signatories (lead signatories first)"),
                              choices=SignOn.Order.choices, initial=SignOn.Order.ALPHABETICAL)
