"""The sections of a letter the composer edits one at a time.

Each section has fields on the letter itself and/or an ordered list of items (paragraphs, asks,
footnotes, signatories); the legal basis is read from the text (citations.py). A section knows how to
show itself as plain data (the content of a revision) and how to write new content back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from markupsafe import Markup

from r2p_letters.lib.countries import CountryChoiceField
from r2p_letters.lib.inputs import DatePicker
from r2p_letters.lib.plain_text import PlainCharField
from r2p_letters.printing.formatting import format_block, format_inline
from r2p_letters.printing.lines import ask_due

from .citations import letter_citations_sync
from .models import NAMELESS_SIGNATORY, Ask, Footnote, Letter, LetterTemplate, Paragraph, Signatory

MAX_ITEMS = 500
# A pasted list brings a thousand co-signers or more (issue 13): the signatories section holds more.
MAX_SIGNATORIES = 5000


class ParagraphItemForm(forms.Form):
    text = forms.CharField(label=_("Paragraph"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}))


class AskItemForm(forms.Form):
    text = forms.CharField(
        label=_("What the Council must do"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    by_when = forms.CharField(
        label=_("By when"),
        max_length=200,
        required=False,
        help_text=_("Printed in brackets as you write it, e.g. Within 30 days; a date alone is printed “by 30 June”."),
    )


class FootnoteItemForm(forms.Form):
    text = forms.CharField(label=_("Footnote"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class SignatoryItemForm(forms.ModelForm):
    # Checked here against the codes; left out of the model's own check, which would walk every country's name.
    country = CountryChoiceField(label=_("Country"), required=False)
    field_order = ["organization", "person_name", "person_title", "city", "country", "location", "role"]

    class Meta:
        model = Signatory
        fields = ["organization", "person_name", "person_title", "city", "location", "role"]
        # What prints as a signatory: no hidden direction characters, no look-alike alphabets in a word.
        field_classes = dict.fromkeys(
            ["organization", "person_name", "person_title", "city", "location"], PlainCharField
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organization") and not cleaned.get("person_name"):
            raise forms.ValidationError(NAMELESS_SIGNATORY, code="nameless_signatory")
        return cleaned

    def validate_constraints(self):
        # The model's one constraint (signatory_names_someone) is clean()'s check above: evaluating it again
        # for each row of a pasted list of a thousand would double the cost of checking it.
        pass


# Fields that choose how the letter prints, not what it says: a revision keeps them, a signed text does not
# (signers are not asked to confirm again because the asks became bullets).
PRINT_CHOICES = frozenset({"no_headline", "date_style", "asks_style", "signatories_heading", "print_references"})


class KeepsUnsentChoices(forms.ModelForm):
    """A print choice the page did not send (a page loaded before the choice existed) keeps the letter's value."""

    unsent_keeps: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.unsent_keeps:
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        for name in self.unsent_keeps:
            if not cleaned.get(name):
                cleaned[name] = getattr(self.instance, name)
        return cleaned


class HeaderForm(KeepsUnsentChoices):
    unsent_keeps = ("date_style",)

    class Meta:
        model = Letter
        fields = [
            "title",
            "no_headline",
            "language",
            "template",
            "issued_by",
            "place",
            "date",
            "date_line",
            "date_style",
            "addressee",
            "salutation",
            "subject",
        ]
        field_classes = {"title": PlainCharField, "issued_by": PlainCharField}
        widgets = {
            "date": DatePicker(),
            "addressee": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built-in templates and the lead organization's own house styles, no one else's.
        self.fields["template"].queryset = LetterTemplate.objects.usable_by(self.instance.lead_organization)

    def clean_language(self):
        language = self.cleaned_data["language"]
        # Parallel versions: one version per language among a letter and its translations.
        if self.instance.language_versions().exclude(pk=self.instance.pk).filter(language=language).exists():
            raise forms.ValidationError(_("Another version of this letter is in that language."), code="language_taken")
        return language


class SituationForm(forms.ModelForm):
    class Meta:
        model = Letter
        fields = ["concerned_country", "concerned_region"]


class AsksForm(KeepsUnsentChoices):
    unsent_keeps = ("asks_style",)

    class Meta:
        model = Letter
        fields = ["asks_style"]
        widgets = {"asks_style": forms.RadioSelect}


class ClosingForm(forms.ModelForm):
    class Meta:
        model = Letter
        fields = ["valediction", "print_references"]


class SignatoriesForm(forms.ModelForm):
    class Meta:
        model = Letter
        fields = ["signatories_heading"]
        field_classes = {"signatories_heading": PlainCharField}


@dataclass(frozen=True)
class Section:
    name: str
    label: str
    fields_form: type[forms.ModelForm] | None = None
    item_form: type[forms.Form] | None = None
    help: str = ""
    item_label: str = ""
    extra: dict = field(default_factory=dict)
    max_items: int = MAX_ITEMS

    # -- reading ------------------------------------------------------------------------------
    def items_of(self, letter: Letter) -> list:
        kind = self.extra.get("paragraphs")
        if kind:
            return [p for p in letter.paragraphs.all() if p.section == kind]
        items = list(getattr(letter, self.extra["related"]).all())
        if self.extra["related"] == "signatories":
            # Signatures collected online are managed by the sign-on, not typed in the composer.
            items = [s for s in items if s.source != Signatory.Source.ONLINE]
        return items

    def item_data(self, item) -> dict:
        data = {name: getattr(item, name) for name in self.item_form.base_fields}
        if "country" in data:
            data["country"] = item.country.code if item.country else ""
        return data

    def snapshot(self, letter: Letter, *, words_only: bool = False) -> dict:
        """The section's content as plain data: what a revision stores; ``words_only`` leaves out the
        PRINT_CHOICES (what a signed text stores)."""
        content = {}
        if self.fields_form:
            names = [n for n in self.fields_form._meta.fields if not (words_only and n in PRINT_CHOICES)]
            if names:
                content["fields"] = {name: _plain(getattr(letter, name)) for name in names}
        if self.item_form:
            content["items"] = [self.item_data(item) for item in self.items_of(letter)]
        return content

    # -- writing ------------------------------------------------------------------------------
    def apply(self, letter: Letter, content: dict) -> None:
        """Write ``content`` (shaped like a snapshot, values cleaned) into the letter."""
        if self.fields_form and "fields" in content:  # content written without its fields keeps them
            for name, value in content["fields"].items():
                setattr(letter, name, value)
            letter.save()
        if self.item_form and "items" in content:  # and content written without its items keeps them
            self._replace_items(letter, content["items"])
        if self.cites:
            letter_citations_sync(letter=letter)

    def _replace_items(self, letter: Letter, items: list[dict]) -> None:
        kind = self.extra.get("paragraphs")
        if kind:
            letter.paragraphs.filter(section=kind).delete()
            Paragraph.objects.bulk_create(
                Paragraph(letter=letter, section=kind, position=i, text=item["text"]) for i, item in enumerate(items)
            )
            return
        model = {"asks": Ask, "footnotes": Footnote, "signatories": Signatory}[self.extra["related"]]
        existing = getattr(letter, self.extra["related"]).all()
        if model is Signatory:
            existing = existing.exclude(source=Signatory.Source.ONLINE)
        existing.delete()
        model.objects.bulk_create(model(letter=letter, position=i, **item) for i, item in enumerate(items))

    def item_html(self, item: dict) -> Markup:
        """An item (shaped like a snapshot's) formatted as the letter prints it, for the composer."""
        kind = self.extra.get("related")
        if kind == "signatories":
            return escape(Signatory(**item).display_line)
        if kind == "asks":
            due = ask_due(item.get("by_when") or "")
            return format_inline(item["text"]) + (Markup(' <span class="by-when">(%s)</span>') % due if due else "")
        if kind == "footnotes":
            return format_inline(item["text"])
        return format_block(item["text"])

    @property
    def cites(self) -> bool:
        """Whether the section's text may cite instruments (its paragraphs or asks)."""
        return bool(self.extra.get("paragraphs")) or self.extra.get("related") == "asks"


# -- item operations: current items -> new items (IndexError, ValueError for an item that is not there) ----------
def _at(items: list, index: int, *, end: bool = False) -> int:
    if not 0 <= index < len(items) + end:
        raise IndexError(_("This item is no longer there: the section changed since the page was loaded."))
    return index


def items_update(index: int, item: dict) -> Callable[[list], list]:
    """Replace the item at ``index``."""
    return lambda items: items[: _at(items, index)] + [item] + items[index + 1 :]


def items_insert(index: int, item: dict) -> Callable[[list], list]:
    """Insert ``item`` so that it is at ``index`` (0 for the first, len for the last); undoing a delete too."""
    return lambda items: items[: _at(items, index, end=True)] + [item] + items[index:]


ITEM_OPERATIONS = ("update", "insert", "delete", "move")


def items_delete(index: int, *, removed: list | None = None) -> Callable[[list], list]:
    """Remove the item at ``index`` (appended to ``removed``, for its undo)."""

    def delete(items: list) -> list:
        if removed is not None:
            removed.append(items[_at(items, index)])
        return items[: _at(items, index)] + items[index + 1 :]

    return delete


def items_move(index: int, to: int) -> Callable[[list], list]:
    """Move the item at ``index`` to ``to`` (its index once moved)."""

    def move(items: list) -> list:
        moved = items.pop(_at(items, index))
        items.insert(_at(items, to, end=True), moved)
        return items

    return move


def _plain(value):
    """A field value as JSON-friendly data."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "code"):  # a country
        return value.code or ""
    if hasattr(value, "pk"):
        return value.pk
    return value


SECTIONS = {
    section.name: section
    for section in [
        Section(
            "header",
            _("Heading"),
            fields_form=HeaderForm,
            help=_("Title and whether it prints, language, template, date and place, addressee, salutation, subject."),
        ),
        Section(
            "opening",
            _("Opening"),
            item_form=ParagraphItemForm,
            item_label=_("paragraph"),
            help=_("Why you write: the purpose of the letter."),
            extra={"paragraphs": "opening"},
        ),
        Section(
            "situation",
            _("Situation"),
            fields_form=SituationForm,
            item_form=ParagraphItemForm,
            item_label=_("paragraph"),
            help=_("Facts, figures, quotes with their sources."),
            extra={"paragraphs": "situation"},
        ),
        # The legal basis is what the text cites: this page lists it and adds to the catalogue what it lacks.
        Section(
            "legal_basis",
            _("Legal basis"),
            help=_(
                "The Charter, resolutions and treaties the letter cites. Write a symbol where a sentence cites it, "
                "“resolution 1718 (2006)” or “S/RES/1718 (2006)”: its note prints at the foot of that page. "
                "To cite without naming it, or with a pinpoint, write [^S/RES/1674 (2006), para. 4]."
            ),
        ),
        Section(
            "asks",
            _("Asks"),
            fields_form=AsksForm,
            item_form=AskItemForm,
            item_label=_("ask"),
            help=_("What the Council must do, and by when, in order."),
            extra={"related": "asks"},
        ),
        Section(
            "closing",
            _("Closing"),
            fields_form=ClosingForm,
            item_form=ParagraphItemForm,
            item_label=_("paragraph"),
            help=_("The last paragraphs and the valediction."),
            extra={"paragraphs": "closing"},
        ),
        Section(
            "footnotes",
            _("Footnotes"),
            item_form=FootnoteItemForm,
            item_label=_("footnote"),
            help=_(
                "Sources and remarks. Write [^1] in any paragraph or ask to call the first footnote there: "
                "the PDF prints it at the foot of that page."
            ),
            extra={"related": "footnotes"},
        ),
        Section(
            "signatories",
            _("Lead signatories"),
            fields_form=SignatoriesForm,
            item_form=SignatoryItemForm,
            item_label=_("signatory"),
            help=_("Organizations, or persons with their titles, who sign as drafters."),
            extra={"related": "signatories"},
            max_items=MAX_SIGNATORIES,
        ),
    ]
}
