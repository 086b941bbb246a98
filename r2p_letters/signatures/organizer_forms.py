"""Forms of the organizers' side of a sign-on: filters, moderation, rules, late signatures, invitations."""

from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from r2p_letters.letters.models import Signatory, Visibility
from r2p_letters.letters.signatory_paste import PastePreview, SignatoryPasteForm, paste_preview
from r2p_letters.letters.signatory_text import SignatoryRow, signatory_rows_parse
from r2p_letters.lib.inputs import DatePicker
from r2p_letters.lib.plain_text import PlainCharField, validate_no_hidden_characters

from .forms import DeadlineFields, SignerFields
from .models import HOLDS_NAME, Signature, SignOn
from .services import email_key, emails_in, organization_key

INVITATIONS_PER_PASTE = 500
MAX_EMAIL_LENGTH = 254


class SignatureFilterForm(forms.Form):
    """Search and filters of the dashboard's list. Invalid values are dropped, never an error page."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "class": "form-control", "placeholder": _("Organization, name, email or city")}
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status"))] + list(Signature.Status.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    version = forms.TypedChoiceField(
        label=_("Version signed"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    awaiting = forms.BooleanField(
        label=_("Awaiting approval"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    late = forms.BooleanField(
        label=_("Late"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    undelivered = forms.BooleanField(
        label=_("Confirmation email not sent"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, data=None, *, version_numbers=()):
        super().__init__(data)
        self.fields["version"].choices = [("", _("Any version"))] + [
            (number, _("Version %(number)s") % {"number": number}) for number in version_numbers
        ]

    def filters(self) -> dict:
        """The valid filters only: a tampered value is ignored, the rest still applies."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "", False)}


class DisplayForm(forms.Form):
    display_name = PlainCharField(
        label=_("Name as printed"),
        max_length=300,
        required=False,
        help_text=_("Empty: the name as the signer typed it."),
    )
    display_place = PlainCharField(
        label=_("Place as printed"), max_length=200, required=False, help_text=_("Empty: city and country.")
    )


class MergeForm(forms.Form):
    """Fold a signature into another one of the same sign-on, chosen by its number."""

    into = forms.ModelChoiceField(
        label=_("Merge into signature number"),
        queryset=Signature.objects.none(),
        widget=forms.NumberInput(attrs={"min": 1}),
        error_messages={
            "invalid_choice": _("Give the number of another signature of this letter that was not itself merged."),
            "required": _("Give the number of the signature to keep."),
        },
    )

    def __init__(self, *args, signature: Signature, **kwargs):
        super().__init__(*args, **kwargs)
        # Only signatures of the same sign-on can be chosen, whatever number is posted.
        self.fields["into"].queryset = (
            Signature.objects.filter(sign_on_id=signature.sign_on_id)
            .exclude(pk=signature.pk)
            .exclude(status=Signature.Status.MERGED)
        )


def validate_notice_text(value: str) -> None:
    """Plain text over several lines: no hidden characters but line breaks and tabs."""
    validate_no_hidden_characters(value.replace("\r", "").replace("\n", "").replace("\t", ""))


class ErasureForm(forms.Form):
    """An erasure request an organizer received by other means (an email, a letter, a call)."""

    note = forms.CharField(
        label=_("How the request came"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[validate_notice_text],
        help_text=_("For example: “email to our office, 3 March”. Kept in the record of erasures."),
    )


class SignOnSettingsForm(DeadlineFields):
    """The rules of a running or closed sign-on; the deadline only while it runs (after, it reopens)."""

    order = forms.ChoiceField(label=_("Order of signatories (lead signatories first)"), choices=SignOn.Order.choices)
    count_earlier_versions = forms.BooleanField(
        label=_("Count signatures of earlier versions"),
        required=False,
        help_text=_("Off: a signatory of an earlier version shows only once they confirm the current text."),
    )
    moderated = forms.BooleanField(label=_("Approve each signature before it shows"), required=False)
    list_public = forms.BooleanField(label=_("Show the list of signatories while the sign-on runs"), required=False)
    privacy_notice = forms.CharField(
        label=_("Your organization's privacy notice (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_notice_text],
        help_text=SignOn._meta.get_field("privacy_notice").help_text,
    )

    field_order = [
        "order",
        "count_earlier_versions",
        "moderated",
        "list_public",
        "privacy_notice",
        "deadline_date",
        "deadline_time",
        "time_zone",
    ]
    RULES = ("order", "count_earlier_versions", "moderated", "list_public", "privacy_notice")

    def __init__(self, data=None, *, sign_on: SignOn):
        self.sign_on = sign_on
        deadline = sign_on.local_deadline
        self.current_deadline = deadline.replace(second=0, microsecond=0)
        initial = {name: getattr(sign_on, name) for name in self.RULES}
        initial.update(
            deadline_date=deadline.date(),
            deadline_time=deadline.time().replace(second=0, microsecond=0),
            time_zone=sign_on.time_zone,
        )
        super().__init__(data, initial=initial)
        if not sign_on.is_open:
            for name in ("deadline_date", "deadline_time", "time_zone"):
                del self.fields[name]

    def changes(self) -> dict:
        """What to change: the rules, and the deadline when it moved (to the minute, as the form shows it)."""
        changes = {name: self.cleaned_data[name] for name in self.RULES}
        deadline = self.cleaned_data.get("deadline")
        if deadline and (deadline != self.current_deadline or self.cleaned_data["time_zone"] != self.sign_on.time_zone):
            changes.update(deadline=deadline, time_zone=self.cleaned_data["time_zone"])
        return changes


class ReopenForm(DeadlineFields):
    """A new deadline for a closed sign-on."""

    def __init__(self, data=None, *, sign_on: SignOn):
        super().__init__(data, initial={"time_zone": sign_on.time_zone}, prefix="reopen")
        self.fields["deadline_date"].label = _("Reopen until: date")


class LateSignatureForm(SignerFields):
    """A signature the organizers add by hand after the sign-on closed (an email that came too late)."""

    email = forms.EmailField(
        label=_("Signer's email"),
        max_length=254,
        validators=[validate_no_hidden_characters],
        help_text=_("Never printed; one signature per email address."),
    )
    signed_on = forms.DateField(label=_("Date signed"), widget=DatePicker())

    field_order = [
        "kind",
        "organization",
        "city",
        "country",
        "person_name",
        "person_title",
        "email",
        "show_name",
        "visibility",
        "signed_on",
    ]
    # The organizers vouch for a signature they add: no box for the signer to tick.
    signer_confirms_authority = False

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "late")
        super().__init__(*args, **kwargs)
        del self.fields["authorized"]
        # As the signer asked (public unless they said otherwise): a list pasted gives none.
        self.fields["visibility"].required = False
        self.fields["visibility"].initial = Visibility.PUBLIC
        self.fields["visibility"].label = _("Who may see the signer's name")
        self.fields["visibility"].help_text = ""
        self.fields["kind"].label = _("Signing as")
        self.fields["person_name"].label = _("Signer's name")
        self.fields["person_title"].label = _("Signer's title")
        self.fields["show_name"].choices = [
            ("no", _("Only the organization")),
            ("yes", _("The signer's name and title, with the organization")),
        ]
        self.fields["show_name"].help_text = ""
        self.fields["signed_on"].initial = timezone.localdate()

    def clean_signed_on(self):
        return _signed_on_checked(self.cleaned_data["signed_on"])

    def clean_visibility(self):
        return self.cleaned_data["visibility"] or Visibility.PUBLIC


def _signed_on_checked(signed_on):
    if signed_on > timezone.localdate():
        raise forms.ValidationError(_("The date signed cannot be in the future."), code="signed_in_future")
    return signed_on


class LateSignaturesPasteForm(SignatoryPasteForm):
    """Late signatures from a pasted list or a spreadsheet, all signed on one date."""

    signed_on = forms.DateField(label=_("Date signed"), widget=DatePicker())

    field_order = ["signed_on", "text", "upload", "previewed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate()
        self.fields["text"].help_text = _(
            "One signature per line, with the signer's name and email address: “Name, Title, Organization "
            "(City, Country) email”, or columns copied from a spreadsheet (organization, city, country, name, "
            "title, email)."
        )

    def clean_signed_on(self):
        return _signed_on_checked(self.cleaned_data["signed_on"])


def late_paste_preview(sign_on: SignOn, text: str, *, signed_on) -> PastePreview:
    """Each row of the list checked as the late signature form checks one signature; the organizations and
    emails that sign the letter already, or twice in the list, flagged."""
    existing = sign_on.signatures.filter(status__in=HOLDS_NAME).values_list("organization_key", "email_key")
    taken = {f"email:{email}" for _key, email in existing} | {f"organization:{key}" for key, _email in existing if key}
    entered = sign_on.letter.signatories.exclude(source=Signatory.Source.ONLINE).exclude(organization="")
    taken |= {f"organization:{organization_key(s.organization)}" for s in entered}

    def form_for(row: SignatoryRow) -> forms.Form:
        kind = Signature.Kind.ORGANIZATION if row.organization else Signature.Kind.INDIVIDUAL
        fields = ("organization", "city", "country", "person_name", "person_title", "email")
        data = {f"late-{name}": getattr(row, name) for name in fields}
        show_name = "no" if row.organization else "yes"  # an individual's name is all that prints
        data.update({"late-kind": kind, "late-show_name": show_name, "late-signed_on": signed_on.isoformat()})
        return LateSignatureForm(data, sign_on=sign_on)

    def keys_of(row: SignatoryRow) -> list[str]:
        keys = [f"email:{email_key(row.email)}"] if row.email else []
        return keys + ([f"organization:{organization_key(row.organization)}"] if row.organization else [])

    return paste_preview(
        signatory_rows_parse(text, language=get_language()), form_for=form_for, keys_of=keys_of, taken=taken
    )


class InvitationsForm(forms.Form):
    addresses = forms.CharField(
        label=_("Email addresses of partners to invite"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": _("name@partner.org, A Name <another@ngo.org>; …")}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addresses"].help_text = _(
            "Paste them as they come: separated by commas, semicolons, spaces or lines, with or without names. "
            "At most %(limit)s at a time. Each address is invited once."
        ) % {"limit": INVITATIONS_PER_PASTE}

    def clean_addresses(self) -> list[str]:
        addresses = emails_in(self.cleaned_data["addresses"])
        if not addresses:
            raise forms.ValidationError(_("No email address was found in what you pasted."), code="no_address")
        if len(addresses) > INVITATIONS_PER_PASTE:
            raise forms.ValidationError(
                _(
                    "You pasted %(count)s addresses; at most %(limit)s can be invited at a time. Invite the first "
                    "%(limit)s, then paste the rest."
                ),
                code="too_many",
                params={"count": len(addresses), "limit": INVITATIONS_PER_PASTE},
            )
        invalid = []
        for address in addresses:
            try:
                validate_email(address)
            except forms.ValidationError:
                invalid.append(address)
            else:
                if len(address) > MAX_EMAIL_LENGTH:
                    invalid.append(address[:40] + "…")
        if invalid:
            raise forms.ValidationError(
                ngettext(
                    "This address is not valid: %(addresses)s. Correct or remove it.",
                    "These addresses are not valid: %(addresses)s. Correct or remove them.",
                    len(invalid),
                ),
                code="invalid_address",
                params={"addresses": ", ".join(invalid[:10])},
            )
        return addresses
