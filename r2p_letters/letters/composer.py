"""The composer: start a letter, reuse one, and edit it section by section beside its preview."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from r2p_letters.printing.sandbox import LetterRenderError
from r2p_letters.printing.views import as_letter_document

from .citations import instrument_kind_of, letter_cited_symbols
from .forms import (
    BaseEditForm,
    InstrumentSearchForm,
    MoveForm,
    NewInstrumentForm,
    NewLetterForm,
    ReuseLetterForm,
    item_content,
    section_content,
    section_forms,
    section_post_data,
)
from .hooks import open_letter_recipients
from .models import LegalInstrument, Letter, LetterTemplate, Revision
from .permissions import can_edit, get_letter_for_user, organizations_user_drafts_for
from .review import review_context
from .revisions import revision_diff
from .sections import ITEM_OPERATIONS, SECTIONS, Section, items_delete, items_insert, items_move, items_update
from .services import (
    ItemRefused,
    SectionConflict,
    letter_create,
    letter_create_from,
    letter_instrument_add,
    letter_preview_with,
    letter_section_items_edit,
    letter_section_save,
)


@dataclass
class ComposerState:
    """What the last in-place operation on a section left to show: an error or a conflict with the user's input
    kept, or a deleted item to undo."""

    spec: Section
    index: int | None = None
    operation: str = ""
    data: QueryDict | None = None
    errors: list[str] = field(default_factory=list)
    conflict: SectionConflict | None = None
    removed: list[dict] = field(default_factory=list)
    fields_form: object = None
    focus: int | None = None  # the item the editor's focus follows (a moved item's new place)

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.conflict)


def composer_section(letter, spec: Section, *, recipients: int, state: ComposerState | None = None) -> dict:
    """A section's in-place editor: each item as it prints and its form, a blank one to add, the section's fields;
    after a failed operation, the user's input in its place with the error or the conflict."""
    state = state or ComposerState(spec)
    edits = letter.section_edits.get(spec.name, 0)

    def base(key, *, retry=False):
        # After a conflict, the user's input carries the edit it conflicted with: saving again replaces theirs.
        number = state.conflict.edits if retry and state.conflict else edits
        return BaseEditForm(initial={"base_edit": number}, recipients=recipients, auto_id=f"id_{spec.name}_{key}_%s")

    kept = state.data if state.failed else None
    rows = []
    if spec.item_form:
        for index, item in enumerate(spec.items_of(letter)):
            data = spec.item_data(item)
            own = kept is not None and state.operation == "update" and state.index == index
            rows.append(
                {
                    "index": index,
                    "html": spec.item_html(data),
                    "form": spec.item_form(kept if own else None, initial=data, auto_id=f"id_{spec.name}_{index}_%s"),
                    "base": base(index, retry=own),
                    "failed": own,
                }
            )
        # A new item not saved, or a change to an item that is no longer there: the user's text in the blank form.
        own_new = kept is not None and (
            state.operation == "insert" or (state.operation == "update" and (state.index or 0) >= len(rows))
        )
        new_index = len(rows)
        if own_new and state.operation == "insert" and 0 <= (state.index or 0) < len(rows):
            new_index = state.index  # where they put it
        new = {
            "index": new_index,
            "form": spec.item_form(kept if own_new else None, auto_id=f"id_{spec.name}_new_%s"),
            "base": base("new", retry=own_new),
            "failed": own_new,
        }
    else:
        new = None
    fields_form = None
    if spec.fields_form:
        fields_form = state.fields_form or spec.fields_form(instance=letter, prefix="fields")
    return {
        "spec": spec,
        "edits": edits,
        "rows": rows,
        "new": new,
        "fields_form": fields_form,
        "fields_base": base("fields", retry=state.operation == "fields"),
        "undo_base": base("undo"),
        "state": state,
        "removed": state.removed[0] if state.removed else None,
        "removed_html": spec.item_html(state.removed[0]) if state.removed else "",
        "recipients": recipients,
        "explicit": bool(recipients),
        "count": len(rows),
    }


def _drafting_organizations(request: HttpRequest):
    organizations = organizations_user_drafts_for(request.user)
    if not organizations.exists():
        messages.info(request, _("To draft a letter, create an organization or ask to be invited to one."))
    return organizations


@login_required
@require_http_methods(["GET", "POST"])
def letter_new(request: HttpRequest) -> HttpResponse:
    organizations = _drafting_organizations(request)
    if not organizations.exists():
        return redirect("organizations:list")
    templates = LetterTemplate.objects.filter(Q(is_builtin=True) | Q(organization__in=organizations))
    form = NewLetterForm(request.POST or None, organizations=organizations, templates=templates)
    if request.method == "POST" and form.is_valid():
        letter = letter_create(author=request.user, **form.cleaned_data)
        return redirect("letters:compose", letter.slug)
    return render(request, "letters/new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def letter_reuse(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Use as template": a new draft with the letter's structure and text, without its signatories."""
    source, _role = get_letter_for_user(request.user, slug)
    organizations = _drafting_organizations(request)
    if not organizations.exists():
        return redirect("organizations:list")
    form = ReuseLetterForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        letter = letter_create_from(source=source, author=request.user, **form.cleaned_data)
        messages.success(
            request, _("A new draft, made from “%(title)s”. Its signatories were left out.") % {"title": source.title}
        )
        return redirect("letters:compose", letter.slug)
    return render(request, "letters/reuse.html", {"form": form, "source": source})


@login_required
@require_safe
def letter_compose(request: HttpRequest, slug: str) -> HttpResponse:
    """The whole letter, section by section, each item edited in place (composer.js), beside its preview."""
    letter, role = get_letter_for_user(request.user, slug, edit=True)
    return _compose_page(request, Letter.objects.with_everything().get(pk=letter.pk), role)


def _compose_page(request: HttpRequest, letter, role, *, state: ComposerState | None = None, status: int = 200):
    recipients = open_letter_recipients(letter=letter)
    return render(
        request,
        "letters/compose.html",
        {
            **review_context(request.user, letter, role),
            "letter": letter,
            "editors": [
                composer_section(
                    letter, spec, recipients=recipients, state=state if state and state.spec == spec else None
                )
                for spec in SECTIONS.values()
                if spec.name != "legal_basis" and not (spec.name == "signatories" and letter.original_id)
            ],
            "recipients": recipients,
            "role": role,
            **_citations_context(letter),
            "nav_sections": SECTIONS.values(),
        },
        status=status,
    )


def _editable_section(request: HttpRequest, slug: str, section: str):
    """The letter (its editor's) and a section the composer edits in place, or 404."""
    spec = SECTIONS.get(section)
    letter, role = get_letter_for_user(request.user, slug, edit=True)
    if spec is None or spec.name == "legal_basis" or (spec.name == "signatories" and letter.original_id):
        raise Http404
    return letter, role, spec


def _composer_answer(request: HttpRequest, letter, role, state: ComposerState, status: int = 200) -> HttpResponse:
    """htmx: the section's editor, fresh; without JavaScript: back to the composer, or it again with the error."""
    if request.htmx:
        letter = Letter.objects.with_everything().get(pk=letter.pk)
        editor = composer_section(letter, state.spec, recipients=open_letter_recipients(letter=letter), state=state)
        return render(request, "letters/_compose_section.html", {"editor": editor, "letter": letter}, status=status)
    if status == 200:
        return redirect(reverse("letters:compose", args=[letter.slug]) + f"#editor-{state.spec.name}")
    return _compose_page(request, Letter.objects.with_everything().get(pk=letter.pk), role, state=state, status=status)


@login_required
@require_safe
def letter_section_editor(request: HttpRequest, slug: str, section: str) -> HttpResponse:
    """One section's in-place editor as saved now (htmx: "Take theirs" after a conflict)."""
    letter, role, spec = _editable_section(request, slug, section)
    return _composer_answer(request, letter, role, ComposerState(spec))


@login_required
@require_POST
def letter_section_item(request: HttpRequest, slug: str, section: str, index: int, operation: str) -> HttpResponse:
    """Update, insert (at ``index``; an undone delete too), delete or move (to the posted ``to``) one item of a
    section, through the section's one write path; answers the section's editor."""
    letter, role, spec = _editable_section(request, slug, section)
    if spec.item_form is None or operation not in ITEM_OPERATIONS:
        raise Http404
    state = ComposerState(spec, index=index, operation=operation, data=request.POST)
    base = BaseEditForm(request.POST, recipients=open_letter_recipients(letter=letter))
    item = spec.item_form(request.POST) if operation in ("update", "insert") else None
    move = MoveForm(request.POST) if operation == "move" else None
    if not all(f.is_valid() for f in (base, item, move) if f is not None):
        state.errors = [e for f in (base, item, move) if f is not None for e in _form_errors(f)]
        return _composer_answer(request, letter, role, state, status=400)
    removed: list[dict] = []
    edit = {
        "update": lambda: items_update(index, item_content(spec, item)),
        "insert": lambda: items_insert(index, item_content(spec, item)),
        "delete": lambda: items_delete(index, removed=removed),
        "move": lambda: items_move(index, move.cleaned_data["to"]),
    }[operation]()
    try:
        letter_section_items_edit(
            letter=letter,
            section=spec.name,
            edit=edit,
            base_edit=base.cleaned_data["base_edit"],
            author=request.user,
            coalesce=operation == "update",
        )
    except SectionConflict as conflict:
        state.conflict = conflict
        return _composer_answer(request, letter, role, state, status=409)
    except ItemRefused as error:
        state.errors = [str(error)]
        return _composer_answer(request, letter, role, state, status=400)
    focus = move.cleaned_data["to"] if move else index
    done = ComposerState(spec, index=index, operation=operation, removed=removed, focus=focus)
    return _composer_answer(request, letter, role, done)


@login_required
@require_POST
def letter_section_fields(request: HttpRequest, slug: str, section: str) -> HttpResponse:
    """Save the fields of a section (the heading's, the valediction…) from the in-place editor."""
    letter, role, spec = _editable_section(request, slug, section)
    if spec.fields_form is None:
        raise Http404
    state = ComposerState(spec, operation="fields", data=request.POST)
    fields_form = spec.fields_form(request.POST, instance=letter, prefix="fields")
    base = BaseEditForm(request.POST, recipients=open_letter_recipients(letter=letter))
    if not (fields_form.is_valid() & base.is_valid()):
        state.errors = _form_errors(base) + _form_errors(fields_form)
        state.fields_form = fields_form
        return _composer_answer(request, letter, role, state, status=400)
    try:
        letter_section_save(
            letter=letter,
            section=spec.name,
            content=section_content(spec, fields_form, None),
            base_edit=base.cleaned_data["base_edit"],
            author=request.user,
            coalesce=True,
        )
    except SectionConflict as conflict:
        state.conflict = conflict
        state.fields_form = fields_form
        return _composer_answer(request, letter, role, state, status=409)
    return _composer_answer(request, letter, role, ComposerState(spec, operation="fields"))


def _form_errors(form) -> list[str]:
    """The form's errors, each with the label of its field."""
    return [
        f"{form.fields[name].label}: {message}" if name in form.fields else str(message)
        for name, errors in form.errors.items()
        for message in errors
    ]


@login_required
@require_http_methods(["GET", "POST"])
def letter_section(request: HttpRequest, slug: str, section: str) -> HttpResponse:
    if section not in SECTIONS:
        raise Http404
    letter, _role = get_letter_for_user(request.user, slug, edit=True)
    if section == "signatories" and letter.original_id:
        # Parallel versions: a translation prints its original's signatories; they are managed there.
        messages.info(
            request,
            _(
                "This version is a translation: it prints the signatories of the original letter, "
                "“%(title)s”. Add or change them there."
            )
            % {"title": letter.original.title},
        )
        return redirect("letters:compose", letter.slug)
    spec = SECTIONS[section]
    data = request.POST if request.method == "POST" else None
    fields_form, items, base = section_forms(spec, letter, data)
    conflict = None
    if request.method == "POST":
        forms_valid = [f.is_valid() for f in (fields_form, items, base) if f is not None]
        if all(forms_valid):
            try:
                letter_section_save(
                    letter=letter,
                    section=section,
                    content=section_content(spec, fields_form, items),
                    base_edit=base.cleaned_data["base_edit"],
                    author=request.user,
                )
            except SectionConflict as error:
                conflict = error
                # Saving again now replaces their text with this one, knowingly.
                base = BaseEditForm({"base_edit": error.edits}, recipients=base.recipients)
                base.is_valid()
            else:
                messages.success(request, _("%(section)s saved.") % {"section": spec.label})
                return redirect(reverse("letters:compose_section", args=[letter.slug, section]))
        else:
            messages.error(request, _("Nothing was saved: please correct the fields marked below. Your text is kept."))
    return render(
        request,
        "letters/section.html",
        {
            **(_catalogue_context(request, letter) if section == "legal_basis" else {}),
            "conflict_fields": conflict.content.get("fields", {}) if conflict else {},
            "conflict_items": conflict.content.get("items", []) if conflict else [],
            "letter": letter,
            "section": spec,
            "nav_sections": SECTIONS.values(),
            "fields_form": fields_form,
            "items": items,
            "base_edit": base,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


def _revision_or_none(letter, value: str | None):
    if not value or not value.isdigit():
        return None
    return letter.revisions.select_related("author").filter(pk=int(value)).first()


@login_required
@require_safe
def letter_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Every save, newest first; pick two revisions of a section to see what changed."""
    letter, role = get_letter_for_user(request.user, slug)
    if role is None:
        raise Http404
    revisions = letter.revisions.select_related("author")
    section = request.GET.get("section")
    if section in SECTIONS:
        revisions = revisions.filter(section=section)
    old, new = _revision_or_none(letter, request.GET.get("a")), _revision_or_none(letter, request.GET.get("b"))
    diff = None
    if old and new:
        if old.section != new.section:
            messages.error(request, _("Compare two revisions of the same section."))
        else:
            if old.number > new.number:
                old, new = new, old
            diff = revision_diff(old.section, old.content, new.content)
    return render(
        request,
        "letters/history.html",
        {
            "letter": letter,
            "revisions": revisions[:200],
            "sections": SECTIONS,
            "section": section,
            "old": old,
            "new": new,
            "diff": diff,
            "can_restore": can_edit(role, letter),
            "nav_sections": SECTIONS.values(),
        },
    )


@login_required
@require_POST
def letter_revision_restore(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Make an earlier revision the current text of its section (itself a new revision)."""
    letter, _role = get_letter_for_user(request.user, slug, edit=True)
    revision = get_object_or_404(Revision, letter=letter, pk=pk)
    spec = SECTIONS[revision.section]
    data = section_post_data(spec, revision.content, base_edit=letter.section_edits.get(spec.name, 0))
    fields_form, items, base = section_forms(spec, letter, data, recipients=0)
    if not all(f.is_valid() for f in (fields_form, items, base) if f is not None):
        messages.error(
            request,
            _(
                "This revision cannot be restored as it is (the catalogue or a template it uses "
                "has changed). Copy its text by hand."
            ),
        )
        return redirect("letters:history", letter.slug)
    try:
        letter_section_save(
            letter=letter,
            section=spec.name,
            content=section_content(spec, fields_form, items),
            base_edit=base.cleaned_data["base_edit"],
            author=request.user,
        )
    except SectionConflict:
        messages.error(request, _("Someone saved this section a moment ago; look at the history again."))
        return redirect("letters:history", letter.slug)
    messages.success(
        request, _("%(section)s restored to version %(version)s.") % {"section": spec.label, "version": revision.number}
    )
    return redirect("letters:compose_section", letter.slug, spec.name)


@login_required
@require_POST
@as_letter_document
def letter_section_preview(request: HttpRequest, slug: str, section: str) -> HttpResponse:
    """The letter with this section's unsaved form content, for the preview beside the form."""
    if section not in SECTIONS:
        raise Http404
    letter, _role = get_letter_for_user(request.user, slug, edit=True)
    spec = SECTIONS[section]
    fields_form, items, _base = section_forms(spec, letter, request.POST, recipients=0)
    if not all(f.is_valid() for f in (fields_form, items) if f is not None):
        return render(request, "letters/preview_waiting.html", status=200)
    try:
        html = letter_preview_with(letter=letter, section=section, content=section_content(spec, fields_form, items))
    except LetterRenderError as error:
        return render(request, "letters/preview_waiting.html", {"error": error})
    return HttpResponse(html, content_type="text/html; charset=utf-8")


def _catalogue_context(request: HttpRequest, letter, new_instrument_form=None) -> dict:
    search = InstrumentSearchForm(request.GET or None)
    words = search.cleaned_data["q"] if search.is_valid() else ""
    return {
        "search_form": search,
        "found": LegalInstrument.search(words)[:20] if words else [],
        "searched": bool(words),
        "new_instrument_form": new_instrument_form or NewInstrumentForm(),
        **_citations_context(letter),
    }


def _citations_context(letter) -> dict:
    """The instruments the letter's text cites, and those of its symbols the catalogue lacks (to add)."""
    cited = letter_cited_symbols(letter)
    return {
        "cited": [c for c in cited if c.instrument is not None],
        "uncatalogued": [(c, instrument_kind_of(c.symbol)) for c in cited if c.instrument is None],
    }


@login_required
@require_POST
def instrument_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Add an instrument the catalogue lacks (unverified until a coordinator checks it): the letter's text that
    cites it prints its note."""
    letter, _role = get_letter_for_user(request.user, slug, edit=True)
    form = NewInstrumentForm(request.POST)
    if form.is_valid():
        instrument = letter_instrument_add(letter=letter, author=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("%(symbol)s is in the catalogue (unverified): the letter cites it with its note.")
            % {"symbol": instrument.symbol},
        )
        return redirect("letters:compose_section", letter.slug, "legal_basis")
    spec = SECTIONS["legal_basis"]
    fields_form, items, base = section_forms(spec, letter)
    messages.error(request, _("The instrument was not added: please correct the fields marked below."))
    return render(
        request,
        "letters/section.html",
        {
            **_catalogue_context(request, letter, new_instrument_form=form),
            "letter": letter,
            "section": spec,
            "nav_sections": SECTIONS.values(),
            "fields_form": fields_form,
            "items": items,
            "base_edit": base,
            "conflict": None,
            "conflict_fields": {},
            "conflict_items": [],
        },
    )
