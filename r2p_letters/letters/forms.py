"""Forms of the public letter pages."""

import json

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_countries import countries

from r2p_letters.lib.countries import CountryChoiceField
from r2p_letters.lib.inputs import DatePicker
from r2p_letters.lib.plain_text import PlainCharField
from r2p_letters.lib.un_symbols import un_symbol_normalize
from r2p_letters.organizations.models import Organization, look_alikes
from r2p_letters.printing.sandbox import LetterRenderError

from . import draft_import
from .hooks import open_letter_recipients
from .models import NAMELESS_SIGNATORY, LegalInstrument, Letter, LetterTemplate
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


class DraftingForm(forms.Form):
    """For which of the user's organizations, with which template and in which language a letter is drafted."""

    organization = forms.ModelChoiceField(label=_("On behalf of"), queryset=None)
    template = forms.ModelChoiceField(label=_("Letter template"), queryset=None)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LETTER_LANGUAGES)

    def __init__(self, data=None, *, organizations, templates, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["template"].queryset = templates
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()
        self.fields["template"].initial = self.initial.get("template") or LetterTemplate.objects.default()
        # A letter is in the language the drafter reads the site in, unless they say otherwise.
        current = translation.get_language() or settings.LANGUAGE_CODE
        if current in dict(settings.LETTER_LANGUAGES):
            self.fields["language"].initial = current

    def clean(self):
        cleaned = super().clean()
        template, organization = cleaned.get("template"), cleaned.get("organization")
        if template and organization and not template.is_builtin and template.organization_id != organization.pk:
            self.add_error("template", _("This template belongs to another organization."))
        return cleaned


class NewLetterForm(DraftingForm):
    """Start a blank letter for one of the user's organizations."""

    title = PlainCharField(label=_("Title"), max_length=300)
    field_order = ["organization", "template", "title", "language"]


class DraftSourceForm(DraftingForm):
    """A letter drafted elsewhere, pasted or uploaded, to be read into sections (nothing is created yet)."""

    text = forms.CharField(
        label=_("Paste the letter"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Everything from the title to the last signatory and the notes, as it is in your document."),
    )
    file = forms.FileField(
        label=_("Or upload it"),
        required=False,
        help_text=_("A Word (.docx), OpenDocument (.odt), Markdown (.md) or text (.txt) file, at most %(max)s MB.")
        % {"max": draft_import.MAX_UPLOAD_BYTES // 1_000_000},
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.odt,.md,.txt"}),
    )

    def __init__(self, data=None, files=None, **kwargs):
        super().__init__(data, files=files, **kwargs)
        self.source: draft_import.DraftSource | None = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > draft_import.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; a letter to import is at most %(max)s MB.")
                % {"size": f"{upload.size / 1_000_000:.1f}", "max": draft_import.MAX_UPLOAD_BYTES // 1_000_000},
                code="too_big",
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text", ""), cleaned.get("file")
        if "file" in self.errors:
            return cleaned
        try:
            if upload:
                self.source = draft_import.draft_source_read(name=upload.name, data=upload.read())
            elif text.strip():
                self.source = draft_import.draft_source_from_text(text)
            else:
                raise forms.ValidationError(_("Paste the letter, or upload it."), code="required")
        except draft_import.DraftImportError as error:
            raise forms.ValidationError(str(error), code="unreadable") from None
        if self.source is not None and not self.source.blocks:
            raise forms.ValidationError(_("We found no text in it."), code="empty")
        return cleaned


class DraftSignatoryForm(forms.Form):
    """One signatory row of the review page, as read from the source and fixed by the drafter."""

    organization = PlainCharField(label=_("Organization"), max_length=300, required=False)
    city = PlainCharField(label=_("City"), max_length=120, required=False)
    country = CountryChoiceField(label=_("Country"), required=False, choices=lambda: [("", "—"), *countries])
    location = PlainCharField(label=_("Place as printed"), max_length=200, required=False)
    person = PlainCharField(label=_("Person's name"), max_length=200, required=False)
    title = PlainCharField(label=_("Person's title"), max_length=200, required=False)
    line = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if name == "country" else "form-control form-control-sm"
            )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("organization") or cleaned.get("person")):
            raise forms.ValidationError(NAMELESS_SIGNATORY, code="nameless_signatory")
        return cleaned


DraftSignatoryFormSet = forms.formset_factory(
    DraftSignatoryForm,
    extra=0,
    can_delete=True,
    max_num=draft_import.MAX_REVIEW_SIGNATORIES,
    absolute_max=draft_import.MAX_REVIEW_SIGNATORIES,
    validate_max=True,
)


class DraftReviewForm(DraftingForm):
    """The review of an imported draft: the source's blocks (kept in the page, so that nothing is lost going back
    or on an error), a section for each, and its Word footnotes. The signatory rows are a formset beside it."""

    title = PlainCharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("Left empty, the letter takes the block given the section “Title”, or else the subject."),
    )
    blocks = forms.JSONField(widget=forms.HiddenInput)
    footnotes = forms.JSONField(widget=forms.HiddenInput, required=False)
    # A digest of the signatory lines the rows were read from: rows are read again when the drafter moves a block.
    signatory_text = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, data=None, *, blocks: list | None = None, **kwargs):
        super().__init__(data, **kwargs)
        for name in ("organization", "template", "language"):
            self.fields[name].widget = forms.HiddenInput()
        if data is not None:
            blocks = self._posted_blocks(data.get("blocks"))
        self.block_list: list[draft_import.DraftBlock] = blocks or []
        self.fields["title"].widget.attrs["class"] = "form-control"
        for i, block in enumerate(self.block_list):
            self.fields[f"section_{i}"] = forms.ChoiceField(
                label=_("Section of block %(number)s") % {"number": i + 1},
                choices=draft_import.BLOCK_SECTIONS,
                initial=block.section,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    @staticmethod
    def _posted_blocks(raw) -> list[draft_import.DraftBlock]:
        """The blocks the page carries; whatever is not a list of blocks is no block (the form is then invalid)."""
        try:
            data = json.loads(raw or "[]")
        except ValueError:
            return []
        if not isinstance(data, list) or len(data) > draft_import.MAX_LINES:
            return []
        return [
            draft_import.DraftBlock(
                text=item["text"],
                listed=bool(item.get("listed")),
                numbered=bool(item.get("numbered")),
                heading=bool(item.get("heading")),
            )
            for item in data
            if isinstance(item, dict) and isinstance(item.get("text"), str) and len(item["text"]) <= 20_000
        ]

    def clean_footnotes(self):
        notes = self.cleaned_data.get("footnotes") or []
        if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
            raise forms.ValidationError(_("The page was changed: import the letter again."), code="tampered")
        return notes

    def clean_blocks(self):
        if not self.block_list:
            raise forms.ValidationError(_("The page was changed: import the letter again."), code="tampered")
        return self.cleaned_data["blocks"]

    def sectioned_blocks(self) -> list[draft_import.DraftBlock]:
        """The blocks with the section the drafter chose for each (the one first given while not valid)."""
        for i, block in enumerate(self.block_list):
            chosen = self.data.get(f"section_{i}") if self.is_bound else None
            if chosen in draft_import.SECTION_NAMES:
                block.section = chosen
        # The title field shows, greyed, the title the blocks give.
        found = " — ".join(block.text for block in self.block_list if block.section == "title")
        self.fields["title"].widget.attrs["placeholder"] = found or _("No title found: type the letter's title")
        return self.block_list


class ReuseLetterForm(forms.Form):
    """Use a letter as the template of a new draft: a new letter, with its own title and subject."""

    organization = forms.ModelChoiceField(label=_("On behalf of"), queryset=None)
    title = PlainCharField(
        label=_("Title of the new letter"),
        max_length=300,
        help_text=_("It names the new letter's page and its downloads."),
    )
    concerned_country = CountryChoiceField(label=_("Country concerned"), required=False)
    concerned_region = forms.CharField(label=_("Region concerned"), max_length=120, required=False)

    def __init__(self, data=None, *, organizations):
        super().__init__(data)
        self.fields["organization"].queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()


class BaseEditForm(forms.Form):
    """How many saves of the section the editor's page started from (optimistic locking); for a letter open for
    signatures, the drafter's consent to email the ``recipients`` who signed it."""

    base_edit = forms.IntegerField(min_value=0, max_value=10**9, widget=forms.HiddenInput)

    def __init__(self, *args, recipients: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.recipients = recipients
        if recipients:
            self.fields["emails_confirmed"] = forms.BooleanField(
                label=ngettext_lazy(
                    "Save and email the %(count)s person who signed, asking them to confirm again",
                    "Save and email the %(count)s people who signed, asking them to confirm again",
                    "count",
                )
                % {"count": recipients},
                error_messages={"required": _("Saving emails the people who signed: tick the box to confirm.")},
            )


def section_forms(section, letter, data=None, *, recipients: int | None = None) -> tuple:
    """The forms of one composer section: its fields, its ordered items, and the save it starts from (and, for an
    open letter, the consent to email its ``recipients``: counted unless given)."""
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
    if recipients is None:
        recipients = open_letter_recipients(letter=letter)
    base = BaseEditForm(data, initial={"base_edit": letter.section_edits.get(section.name, 0)}, recipients=recipients)
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


def item_content(section, form) -> dict:
    """The cleaned content of a valid item form, shaped like an item of a revision."""
    return {name: form.cleaned_data[name] for name in section.item_form.base_fields}


class MoveForm(forms.Form):
    """Where an item goes: its place once moved (0 for the first)."""

    to = forms.IntegerField(min_value=0, max_value=10**6)


def section_post_data(section, content: dict, *, base_edit: int) -> dict:
    """The data a browser would post to save ``content`` (a revision's) in ``section``'s forms."""
    data = {"base_edit": base_edit}
    fields = content.get("fields", {})
    if section.fields_form:
        model = section.fields_form._meta.model
        for name in section.fields_form._meta.fields:
            # A revision saved before the field existed: the field as it was then, its default.
            value = fields[name] if name in fields else model._meta.get_field(name).get_default()
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
        widgets = {"adopted_on": DatePicker(), "summary": forms.Textarea(attrs={"rows": 2})}

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
    """Which organization to invite as co-lead: a search (``q``, by GET) over names, short names and cities lists
    the matches, the oldest first, with their place, address and date joined, look-alike names marked; the user
    invites one by its own button (``organization``, its address, by POST). The form never picks one for them.
    """

    MAX_CHOICES = 20

    q = forms.CharField(label=_("Search by name, short name or city"), max_length=200, required=False)
    organization = forms.SlugField(label=_("Organization"), max_length=80, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices: list[Organization] = []
        self.look_alikes: dict[int, Organization] = {}

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

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
        words = data.get("q", "")
        if not words:
            raise forms.ValidationError(_("Type a word of the organization's name, or its city."), code="required")
        self.choices = list(Organization.objects.matching(words)[: self.MAX_CHOICES])
        self.look_alikes = look_alikes(self.choices)
        if not self.choices:
            raise forms.ValidationError(
                _("No organization matches “%(words)s”. Try a word of its name, its short name or its city.")
                % {"words": words},
                code="no_match",
            )
        return data
