"""Forms of the public letter pages."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from r2p_letters.lib.plain_text import PlainCharField
from r2p_letters.lib.un_symbols import un_symbol_normalize
from r2p_letters.organizations.models import Organization
from r2p_letters.printing.sandbox import LetterRenderError

from .models import LegalInstrument, Letter, LetterTemplate
from .services import letter_template_check


class LibraryFilterForm(forms.Form):
    """Search and filters of the library. Invalid values are dropped, never an error page."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Words in any section")}),
    )
    country = forms.ChoiceField(label=_("Country concerned"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
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


class NewLetterForm(forms.Form):
    """Start a blank letter for one of the user's organizations."""

    organization = forms.ModelChoiceField(label=_("On behalf of"), queryset=None)
    template = forms.ModelChoiceField(label=_("Letter template"), queryset=None)
    title = PlainCharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LETTER_LANGUAGES)

    def __init__(self, data=None, *, organizations, templates):
        super().__init__(data)
        self.fields["organization"].queryset = organizations
        self.fields["template"].queryset = templates
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()

    def clean(self):
        cleaned = super().clean()
        template, organization = cleaned.get("template"), cleaned.get("organization")
        if template and organization and not template.is_builtin and template.organization_id != organization.pk:
            self.add_error("template", _("This template belongs to another organization."))
        return cleaned


class ReuseLetterForm(forms.Form):
    """Use a letter as the template of a new draft."""

    organization = forms.ModelChoiceField(label=_("On behalf of"), queryset=None)

    def __init__(self, data=None, *, organizations):
        super().__init__(data)
        self.fields["organization"].queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()


class BaseEditForm(forms.Form):
    """How many saves of the section the editor's page started from (optimistic locking)."""

    base_edit = forms.IntegerField(min_value=0, max_value=10**9, widget=forms.HiddenInput)


def section_forms(section, letter, data=None) -> tuple:
    """The forms of one composer section: its fields, its ordered items, and the save it starts from."""
    fields_form = section.fields_form(data, instance=letter, prefix="fields") if section.fields_form else None
    items = None
    if section.item_form:
        formset_class = forms.formset_factory(
            section.item_form,
            extra=1,
            can_order=True,
            can_delete=True,
            max_num=section.max_items,
            validate_max=True,
            absolute_max=section.max_items,
        )
        # Bound forms stand on what was posted: the items may have changed since the page was loaded.
        initial = None if data is not None else [section.item_data(i) for i in section.items_of(letter)]
        items = formset_class(data, initial=initial, prefix="items")
    base = BaseEditForm(data, initial={"base_edit": letter.section_edits.get(section.name, 0)})
    return fields_form, items, base


def section_content(section, fields_form, items) -> dict:
    """The cleaned content of valid section forms, shaped like a revision."""
    content = {}
    if fields_form is not None:
        content["fields"] = {name: fields_form.cleaned_data[name] for name in section.fields_form._meta.fields}
    if items is not None:
        names = list(section.item_form.base_fields)
        content["items"] = [{name: form.cleaned_data[name] for name in names} for form in items.ordered_forms]
    return content


def section_post_data(section, content: dict, *, base_edit: int) -> dict:
    """The data a browser would post to save ``content`` (a revision's) in ``section``'s forms."""
    data = {"base_edit": base_edit}
    for name, value in content.get("fields", {}).items():
        data[f"fields-{name}"] = "" if value is None else value
    if section.item_form:
        items = content.get("items", [])
        data.update(
            {
                "items-TOTAL_FORMS": len(items),
                "items-INITIAL_FORMS": len(items),
                "items-MIN_NUM_FORMS": 0,
                "items-MAX_NUM_FORMS": section.max_items,
            }
        )
        for i, item in enumerate(items):
            data[f"items-{i}-ORDER"] = i + 1
            for name, value in item.items():
                data[f"items-{i}-{name}"] = "" if value is None else value
    return data


class InstrumentSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the catalogue"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Symbol or words, e.g. 1674 or civilians")}),
    )


class NewInstrumentForm(forms.ModelForm):
    class Meta:
        model = LegalInstrument
        fields = ["kind", "symbol", "title", "adopted_on", "summary", "url"]
        widgets = {"adopted_on": forms.DateInput(attrs={"type": "date"}), "summary": forms.Textarea(attrs={"rows": 2})}

    def clean_symbol(self):
        # One way to write each symbol: "S/RES/2811(2025)" is the catalogue's "S/RES/2811 (2025)".
        return un_symbol_normalize(self.cleaned_data["symbol"])


class LetterTemplateForm(forms.ModelForm):
    """An organization's own letter template: Jinja2 HTML and print CSS, checked before it is saved."""

    class Meta:
        model = LetterTemplate
        fields = ["name", "description", "html", "css"]
        widgets = {
            "html": forms.Textarea(attrs={"rows": 24, "class": "font-monospace", "spellcheck": "false"}),
            "css": forms.Textarea(attrs={"rows": 16, "class": "font-monospace", "spellcheck": "false"}),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("html") is not None:
            try:
                letter_template_check(html=cleaned["html"], css=cleaned.get("css", ""))
            except LetterRenderError as error:
                self.add_error("html", forms.ValidationError(error.describe(), code="template_error"))
        return cleaned


class CoLeadForm(forms.Form):
    """Which organization to invite as co-lead: by its address (slug), or by a name only one organization has.

    Names are not unique: when several organizations answer to the name, or one does only once case is ignored,
    the form lists them (name, place, address) and the user chooses; it never picks one for them.
    """

    MAX_CHOICES = 50

    name = forms.CharField(label=_("Its full name or its address on R2P Letters"), max_length=200, required=False)
    organization = forms.SlugField(label=_("Organization"), max_length=80, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices: list[Organization] = []

    def clean_organization(self):
        slug = self.cleaned_data["organization"]
        if not slug:
            return None
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            raise forms.ValidationError(
                _("No organization has the address “%(slug)s”.") % {"slug": slug}, code="unknown_address"
            )
        return organization

    def clean(self):
        data = super().clean()
        if data.get("organization") or self.errors:
            return data
        name = " ".join(data.get("name", "").split())
        if not name:
            raise forms.ValidationError(_("Type the organization's full name."), code="required")
        # The oldest first: an organization copying another's name usually comes later.
        self.choices = list(
            Organization.objects.filter(Q(name__iexact=name) | Q(slug=name)).order_by("created_at", "pk")[
                : self.MAX_CHOICES
            ]
        )
        exact = [o for o in self.choices if name in (o.name, o.slug)]
        if len(self.choices) == 1 and exact:
            data["organization"] = exact[0]
        elif not self.choices:
            raise forms.ValidationError(
                _(
                    "No organization is named “%(name)s”. Type its full name as it appears on R2P Letters, "
                    "or its address."
                )
                % {"name": name},
                code="unknown_name",
            )
        else:
            raise forms.ValidationError(
                _(
                    "Choose the organization you mean: the name “%(name)s” does not tell which one it is. Check its "
                    "place and its address with the organization."
                )
                % {"name": name},
                code="choose",
            )
        return data
