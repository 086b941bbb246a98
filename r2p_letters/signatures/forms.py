"""Forms of the sign-on: signing, correcting a signature, and the organizers' rules."""

import zoneinfo
from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from r2p_letters.letters.models import Visibility
from r2p_letters.lib.inputs import DatePicker, TimePicker
from r2p_letters.lib.plain_text import PlainCharField, validate_no_hidden_characters

from .models import Signature, SigningNotice, SignOn


class SignerFields(forms.Form):
    """Who signs: shared by the sign form, the correction form and the organizers' late signature."""

    kind = forms.ChoiceField(
        label=_("I sign"),
        choices=Signature.Kind.choices,
        widget=forms.RadioSelect,
        initial=Signature.Kind.ORGANIZATION,
    )
    organization = PlainCharField(
        label=_("Organization"),
        max_length=300,
        required=False,
        help_text=_(
            "Its full name, as it should print. In a personal capacity it is optional, and printed “for "
            "identification only”."
        ),
    )
    authorized = forms.BooleanField(label=_("I am authorized to sign for this organization"), required=False)
    city = PlainCharField(label=_("City"), max_length=120, required=False)
    # The model field's form field: its country names follow the language of each request.
    country = Signature._meta.get_field("country").formfield(label=_("Country"), required=False)
    person_name = PlainCharField(label=_("Your name"), max_length=200)
    person_title = PlainCharField(
        label=_("Your title"), max_length=200, required=False, help_text=_("e.g. Executive Director")
    )
    show_name = forms.TypedChoiceField(
        label=_("What prints on the letter"),
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        choices=[("no", _("Only my organization")), ("yes", _("My name and title, with my organization"))],
        initial="no",
        help_text=_("For an organization. In a personal capacity, your name prints."),
    )
    # No choice made for the signer: the safest first, each saying who reads the name.
    visibility = forms.ChoiceField(
        label=_("Who may see the name you sign with"),
        widget=forms.RadioSelect,
        choices=[
            (Visibility.COUNTED, _("No one: count my signature, never name me (safest)")),
            (Visibility.COUNCIL, _("Only the Security Council: named in the copy delivered to it, not in public")),
            (Visibility.PUBLIC, _("Everyone: named on the letter's public page and in its PDF")),
        ],
        error_messages={"required": _("Choose who may see the name you sign with.")},
        help_text=_("The organizers of the letter always see who signed."),
    )
    # The organizers' own forms leave these checks to the organizers.
    signer_confirms_authority = True

    def __init__(self, *args, sign_on: SignOn | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sign_on = sign_on
        if sign_on and sign_on.signers != SignOn.Signers.BOTH:
            only = (
                Signature.Kind.ORGANIZATION
                if sign_on.signers == SignOn.Signers.ORGANIZATIONS
                else Signature.Kind.INDIVIDUAL
            )
            self.fields["kind"].choices = [c for c in Signature.Kind.choices if c[0] == only]
            self.fields["kind"].initial = only

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Signature.Kind.ORGANIZATION:
            # A field refused for another reason already says so: one message each.
            if not cleaned.get("organization") and "organization" not in self.errors:
                self.add_error(
                    "organization",
                    forms.ValidationError(
                        _("Give the name of the organization that signs."), code="organization_required"
                    ),
                )
            if not cleaned.get("country") and "country" not in self.errors:
                self.add_error(
                    "country",
                    forms.ValidationError(
                        _("Choose the country where the organization is based."), code="country_required"
                    ),
                )
            if self.signer_confirms_authority and not cleaned.get("authorized"):
                self.add_error(
                    "authorized",
                    forms.ValidationError(
                        _(
                            "Only a person authorized to sign for the organization may sign for it. Otherwise, "
                            "sign in a personal capacity."
                        ),
                        code="not_authorized",
                    ),
                )
        if self.sign_on and kind and not self.sign_on.accepts(kind):
            self.add_error(
                "kind",
                forms.ValidationError(_("This letter is not open to that kind of signer."), code="kind_not_accepted"),
            )
        return cleaned


class SignForm(SignerFields):
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        validators=[validate_no_hidden_characters],
        help_text=_("We send you a link to confirm your signature. It is never printed."),
    )
    may_contact = forms.BooleanField(
        label=_("The lead organization may write to me later about what came of this letter"), required=False
    )
    # Asked only when the letter has co-lead organizations; its label names them. Unticked, their organizers see
    # that someone signed, never who.
    share_with_co_leads = forms.BooleanField(required=False)
    # Its label is the notice of the current version in the signer's language (SigningNotice), kept with
    # the signature.
    consent = forms.BooleanField(
        label=_(
            "I agree that R2P Letters stores these details to show my signature on this letter and to "
            "write to me about it. I can withdraw my signature at any time."
        ),
        error_messages={"required": _("We can only record your signature with your consent.")},
    )
    # A field people never see (hidden by CSS and from screen readers): robots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    # Who may see the name comes first after the capacity: a signer at risk decides before typing a name.
    field_order = [
        "kind",
        "visibility",
        "organization",
        "authorized",
        "city",
        "country",
        "person_name",
        "person_title",
        "show_name",
        "email",
        "may_contact",
        "share_with_co_leads",
        "consent",
        "website",
    ]

    def __init__(self, *args, language: str = "en", **kwargs):
        super().__init__(*args, **kwargs)
        co_leads = self._co_leads()
        if co_leads:
            self.fields["share_with_co_leads"].label = _(
                "The co-leading organizations may also see my name and email: %(names)s"
            ) % {"names": ", ".join(co_leads)}
        else:
            del self.fields["share_with_co_leads"]
        self.notice = SigningNotice.current(language)
        if self.notice is not None:
            self.fields["consent"].label = self.notice.text

    def clean(self):
        cleaned = super().clean()
        cleaned["notice"] = self.notice  # the notice this signer was shown, recorded with the signature
        return cleaned

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def _co_leads(self) -> list[str]:
        letter = self.sign_on.letter.original_letter if self.sign_on else None
        if letter is None:
            return []
        return [o.name for o in letter.co_leads.all() if o.pk != letter.lead_organization_id]


class CorrectForm(SignerFields):
    pass


class ResendForm(forms.Form):
    email = forms.EmailField(label=_("Your email"), max_length=254)

    def __init__(self, *args, **kwargs):
        # It shares the sign page with the sign form: ids of its own, the same field name.
        kwargs.setdefault("auto_id", "id_resend_%s")
        super().__init__(*args, **kwargs)


def time_zone_choices() -> list[tuple[str, str]]:
    return [
        (name, name.replace("_", " "))
        for name in sorted(zoneinfo.available_timezones())
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))
    ] + [("UTC", "UTC")]


class DeadlineFields(forms.Form):
    deadline_date = forms.DateField(label=_("Deadline: date"), widget=DatePicker())
    deadline_time = forms.TimeField(label=_("Time"), initial="18:00", widget=TimePicker())
    time_zone = forms.ChoiceField(label=_("Time zone"), initial="America/New_York")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("deadline_date") and cleaned.get("deadline_time") and cleaned.get("time_zone"):
            deadline = datetime.combine(
                cleaned["deadline_date"], cleaned["deadline_time"], tzinfo=zoneinfo.ZoneInfo(cleaned["time_zone"])
            )
            if deadline <= timezone.now():
                self.add_error(
                    "deadline_date",
                    forms.ValidationError(_("The deadline must be in the future."), code="deadline_past"),
                )
            cleaned["deadline"] = deadline
        return cleaned


class OpenSignOnForm(DeadlineFields):
    signers = forms.ChoiceField(
        label=_("Who may sign"), choices=SignOn.Signers.choices, initial=SignOn.Signers.ORGANIZATIONS
    )
    moderated = forms.BooleanField(label=_("Approve each signature before it shows"), required=False)
    list_public = forms.BooleanField(
        label=_("Show the list of signatories while the sign-on runs"), required=False, initial=True
    )
    order = forms.ChoiceField(
        label=_("Order of signatories (lead signatories first)"),
        choices=SignOn.Order.choices,
        initial=SignOn.Order.ALPHABETICAL,
    )
