"""Import a draft: paste or upload a letter, review the section each block was given, then create the draft."""

import hashlib

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .draft_import import (
    BLOCK_SECTIONS,
    DraftBlock,
    draft_sections_give,
    draft_signatories,
    draft_structure,
    draft_text,
    draft_too_long,
)
from .forms import DraftReviewForm, DraftSignatoryFormSet, DraftSourceForm
from .models import LetterTemplate
from .permissions import organizations_user_drafts_for
from .services import letter_create_from_draft


def _choices(request: HttpRequest) -> dict:
    """The organizations the user drafts for, and the templates they may use (as the new letter page)."""
    organizations = organizations_user_drafts_for(request.user)
    templates = LetterTemplate.objects.filter(Q(is_builtin=True) | Q(organization__in=organizations))
    return {"organizations": organizations, "templates": templates}


def _signatory_text(blocks: list[DraftBlock]) -> str:
    """What the signatory rows were read from, as a digest (a browser posts a hidden field's line breaks as CRLF)."""
    text = "\n".join(b.text for b in blocks if b.section == "signatory")
    return hashlib.sha256(text.encode()).hexdigest()


def _rows_initial(blocks: list[DraftBlock], *, language: str, organization) -> list[dict]:
    rows = draft_signatories(blocks, language=language, organization=organization.name)
    return [
        {
            "organization": r.organization,
            "city": r.city,
            "country": r.country,
            "location": r.location,
            "person": r.person,
            "title": r.title,
            "line": r.line,
            "problem": r.problem,
        }
        for r in rows
    ]


def _review_page(request, form: DraftReviewForm, rows: DraftSignatoryFormSet, *, status: int = 200) -> HttpResponse:
    blocks = form.sectioned_blocks()
    return render(
        request,
        "letters/import_review.html",
        {
            "form": form,
            "rows": rows,
            "blocks": [(block, form[f"section_{i}"]) for i, block in enumerate(blocks)],
            "sections": BLOCK_SECTIONS,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter_import(request: HttpRequest) -> HttpResponse:
    """Paste or upload the letter; it is read into blocks, shown on the review page. Nothing is created yet."""
    choices = _choices(request)
    if not choices["organizations"].exists():
        return redirect("organizations:list")
    form = DraftSourceForm(request.POST or None, request.FILES or None, **choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        blocks = draft_sections_give(form.source)
        review = DraftReviewForm(
            initial={
                "organization": data["organization"].pk,
                "template": data["template"].pk,
                "language": data["language"],
                "blocks": [
                    {"text": b.text, "listed": b.listed, "numbered": b.numbered, "heading": b.heading} for b in blocks
                ],
                "footnotes": form.source.footnotes,
                "signatory_text": _signatory_text(blocks),
            },
            blocks=blocks,
            **choices,
        )
        rows = DraftSignatoryFormSet(
            initial=_rows_initial(blocks, language=data["language"], organization=data["organization"]),
            prefix="rows",
        )
        return _review_page(request, review, rows)
    return render(request, "letters/import.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def letter_import_review(request: HttpRequest) -> HttpResponse:
    """The review's buttons: back to the text, read the rows again after moving blocks, or create the draft."""
    choices = _choices(request)
    form = DraftReviewForm(request.POST, **choices)
    if not form.is_valid():
        # Hidden fields changed (an organization the user left, a damaged page): start again from the text.
        source = DraftSourceForm(initial={"text": draft_text(form.sectioned_blocks())}, **choices)
        return render(request, "letters/import.html", {"form": source, "restarted": True}, status=400)
    data = form.cleaned_data
    blocks = form.sectioned_blocks()
    if "back" in request.POST:
        source = DraftSourceForm(
            initial={
                "text": draft_text(blocks),
                "organization": data["organization"].pk,
                "template": data["template"].pk,
                "language": data["language"],
            },
            **choices,
        )
        return render(request, "letters/import.html", {"form": source})
    rows = DraftSignatoryFormSet(request.POST, prefix="rows")
    if _signatory_text(blocks) != data["signatory_text"]:
        # Blocks moved into or out of the signatories: their rows are read again.
        form = DraftReviewForm(
            {**request.POST.dict(), "signatory_text": _signatory_text(blocks)}, blocks=None, **choices
        )
        form.is_valid()
        rows = DraftSignatoryFormSet(
            initial=_rows_initial(blocks, language=data["language"], organization=data["organization"]), prefix="rows"
        )
        return _review_page(request, form, rows)
    if "create" not in request.POST:
        return _review_page(request, form, rows)
    if not rows.is_valid():
        return _review_page(request, form, rows, status=400)
    signatories = [r for r in rows.cleaned_data if r and not r.get("DELETE")]
    structure = draft_structure(
        blocks, footnotes=data["footnotes"], language=data["language"], organization=data["organization"].name
    )
    structure["signatories"] = signatories
    if data["title"].strip():
        structure["title"] = data["title"].strip()
    problems = draft_too_long(structure)
    if problems:
        form.add_error(None, problems)
        return _review_page(request, form, rows, status=400)
    letter = letter_create_from_draft(
        organization=data["organization"],
        template=data["template"],
        language=data["language"],
        draft=structure,
        author=request.user,
    )
    return redirect("letters:compose", letter.slug)
