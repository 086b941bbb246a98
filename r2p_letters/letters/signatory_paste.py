"""Paste a list of signatories (or upload a spreadsheet): a preview table, then one click adds them all.

The list travels as one text field from the paste to the preview to the add, whatever its length: the page
is a table and one textarea, never a form per row. A row that cannot be read is marked in the table and
fixed in the textarea; the add only goes through for the very text that was previewed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from r2p_letters.lib.countries import country_name
from r2p_letters.lib.spreadsheets import SpreadsheetRefused, spreadsheet_rows
from r2p_letters.lib.text import name_key

from .permissions import get_letter_for_user
from .sections import SignatoryItemForm
from .services import SectionConflict, TooManySignatories, signatories_add
from .signatory_text import SignatoryRow, signatory_rows_parse

MAX_ROWS = 2000
MAX_CHARACTERS = 400_000


def text_digest(text: str) -> str:
    """What the add checks: that the list it adds is the one the preview showed."""
    return hashlib.sha256(text.encode()).hexdigest()


class SignatoryPasteForm(forms.Form):
    """The pasted list, or a spreadsheet, and the digest of the list last previewed."""

    text = forms.CharField(
        label=gettext_lazy("The list"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "One signatory per line: “Organization (City, Country)”, “Organization, City, Country”, an "
            "organization alone, “Name, Title, Organization”, or a name line then a title line; or columns "
            "copied from a spreadsheet."
        ),
    )
    upload = forms.FileField(label=gettext_lazy("Or a spreadsheet (.csv or .xlsx)"), required=False)
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text) > MAX_CHARACTERS:
            raise forms.ValidationError(
                _("The list is longer than %(count)s characters: add it in parts.") % {"count": MAX_CHARACTERS},
                code="too_long",
            )
        return text

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return ""
        try:
            rows = spreadsheet_rows(upload, max_rows=MAX_ROWS)
        except SpreadsheetRefused as error:
            raise forms.ValidationError(str(error), code="spreadsheet_refused") from error
        return "\n".join("\t".join(cell.replace("\t", " ") for cell in row) for row in rows)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        text = cleaned.get("upload") or cleaned.get("text") or ""
        count = sum(1 for line in text.splitlines() if line.strip())
        if not count:
            raise forms.ValidationError(_("Paste the list of signatories, or choose a file."), code="empty")
        if count > MAX_ROWS:
            raise forms.ValidationError(
                _("The list has %(count)s rows; at most %(max)s are added at once: add it in parts.")
                % {"count": count, "max": MAX_ROWS},
                code="too_many_rows",
            )
        cleaned["text"] = text
        return cleaned

    @property
    def is_previewed(self) -> bool:
        return self.cleaned_data["previewed"] == text_digest(self.cleaned_data["text"])


@dataclass
class PreviewRow:
    number: int
    row: SignatoryRow
    values: dict = field(default_factory=dict)  # what is saved: the checking form's cleaned data
    duplicate: str = ""  # why the row is left out, or ""

    @property
    def country_name(self) -> str:
        return country_name(self.row.country, get_language())


@dataclass
class PastePreview:
    rows: list[PreviewRow]

    @property
    def problems(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.row.problem]

    @property
    def duplicates(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.duplicate and not r.row.problem]

    @property
    def to_add(self) -> list[dict]:
        return [r.values for r in self.rows if not r.row.problem and not r.duplicate]


def paste_preview(
    rows: list[SignatoryRow],
    *,
    form_for: Callable[[SignatoryRow], forms.Form],
    keys_of: Callable[[SignatoryRow], Iterable[str]],
    taken: set[str],
) -> PastePreview:
    """Each row checked by the form that would save it (``form_for``), and flagged as a duplicate when one of
    its keys (``keys_of``) is ``taken`` already, or by an earlier row of the list."""
    seen: dict[str, int] = {}
    preview = []
    for number, row in enumerate(rows, start=1):
        checked = PreviewRow(number=number, row=row)
        if not row.problem:
            form = form_for(row)
            if form.is_valid():
                checked.values = form.cleaned_data
            else:
                row.problem = next(message for messages_ in form.errors.values() for message in messages_)
        for key in keys_of(row):
            if key in taken:
                checked.duplicate = _("Already on the letter.")
            elif key in seen:
                checked.duplicate = _("Already in this list (row %(number)s).") % {"number": seen[key]}
            seen.setdefault(key, number)
        preview.append(checked)
    return PastePreview(preview)


# The composer's signatories ------------------------------------------------------------------------------


def signatory_key(*, organization: str, person_name: str) -> str:
    """One signatory per folded name: an organization, or a person (of an organization) signing."""
    return f"{name_key(organization)}|{name_key(person_name)}"


def _letter_preview(letter, text: str) -> PastePreview:
    taken = {signatory_key(organization=s.organization, person_name=s.person_name) for s in letter.signatories.all()}

    def form_for(row: SignatoryRow) -> forms.Form:
        fields = ("organization", "person_name", "person_title", "city", "country", "location")
        return SignatoryItemForm({**{name: getattr(row, name) for name in fields}, "role": "cosigner"})

    return paste_preview(
        signatory_rows_parse(text, language=get_language()),
        form_for=form_for,
        keys_of=lambda row: [signatory_key(organization=row.organization, person_name=row.person_name)],
        taken=taken,
    )


def paste_refusal(preview: PastePreview) -> str:
    """Why the previewed list cannot be added as it is, or ""."""
    if preview.problems:
        return ngettext(
            "Nothing was added: fix the row marked (or remove it from the list), then preview again.",
            "Nothing was added: fix the %(count)s rows marked (or remove them from the list), then preview again.",
            len(preview.problems),
        ) % {"count": len(preview.problems)}
    if not preview.to_add:
        return _("Nothing to add: every row is already on the letter.")
    return ""


@dataclass
class PasteOutcome:
    form: SignatoryPasteForm
    preview: PastePreview | None = None
    status: int = 200
    added: bool = False


def paste_handled(
    request: HttpRequest,
    form: SignatoryPasteForm,
    *,
    preview_of: Callable[[dict], PastePreview],
    add: Callable[[PastePreview, dict], str],
) -> PasteOutcome:
    """What both paste pages do with a POST: preview the list; on "add", add exactly the list previewed, if
    every row can be (``add`` returns "" once added, else why not). After a preview the form shows the list
    as text (a spreadsheet's too) with its digest, so the add posts what was seen."""
    if request.method != "POST":
        return PasteOutcome(form)
    if not form.is_valid():
        return PasteOutcome(form, status=422)
    cleaned = form.cleaned_data
    outcome = PasteOutcome(form, preview_of(cleaned))
    if request.POST.get("action") == "add":
        refusal = paste_refusal(outcome.preview)
        if not form.is_previewed:
            messages.warning(request, _("The list changed since its preview: check the rows below, then add."))
        elif refusal:
            messages.error(request, refusal)
            outcome.status = 422
        elif not (refusal := add(outcome.preview, cleaned)):
            outcome.added = True
            return outcome
        else:
            messages.error(request, refusal)
            outcome.preview, outcome.status = preview_of(cleaned), 409
    carried = {name: value for name, value in cleaned.items() if name != "upload"}
    outcome.form = type(form)(initial={**carried, "previewed": text_digest(cleaned["text"])})
    return outcome


@login_required
@require_http_methods(["GET", "POST"])
def signatories_paste(request: HttpRequest, slug: str) -> HttpResponse:
    """The composer's signatories from a pasted list or a spreadsheet: preview, then add them all at once."""
    letter, _role = get_letter_for_user(request.user, slug, edit=True)
    if letter.original_id:  # a translation prints its original's signatories (see letter_section)
        return redirect("letters:compose_section", letter.slug, "signatories")

    def add(preview: PastePreview, _cleaned: dict) -> str:
        base_edit = request.POST.get("base_edit", "")
        try:
            signatories_add(
                letter=letter,
                rows=preview.to_add,
                base_edit=int(base_edit) if base_edit.isdigit() else -1,
                author=request.user,
            )
        except SectionConflict:
            return _("Someone changed the signatories a moment ago: check the preview again.")
        except TooManySignatories as error:
            return _("Nothing was added: a letter holds at most %(max)s signatories besides those who sign online.") % {
                "max": error.args[0]
            }
        return ""

    outcome = paste_handled(
        request,
        SignatoryPasteForm(request.POST or None, request.FILES or None),
        preview_of=lambda cleaned: _letter_preview(letter, cleaned["text"]),
        add=add,
    )
    if outcome.added:
        count = len(outcome.preview.to_add)
        messages.success(
            request, ngettext("%(count)s signatory added.", "%(count)s signatories added.", count) % {"count": count}
        )
        return redirect("letters:compose_section", letter.slug, "signatories")
    letter.refresh_from_db(fields=["section_edits"])
    return render(
        request,
        "letters/signatories_paste.html",
        {
            "letter": letter,
            "form": outcome.form,
            "preview": outcome.preview,
            "base_edit": letter.section_edits.get("signatories", 0),
        },
        status=outcome.status,
    )
