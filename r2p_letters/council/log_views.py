"""What came of a letter: each Council member's log (sent, acknowledged, meeting held, response) and the Council's
outcome. For the letter's organizations only; editors and owners write."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from r2p_letters.letters.models import Letter
from r2p_letters.letters.permissions import get_letter_for_its_organizations, is_editor
from r2p_letters.lib.errors import StatusError

from .calendar import letter_aim_of
from .forms import MemberLogEntryForm, OutcomeForm, PackChoiceForm
from .models import CouncilOutcome, MemberLogEntry
from .services import member_log_entry_delete, member_log_record, member_logs, members_in, outcome_of, outcome_record
from .views import _choice_form


def _outcome_url(letter: Letter, choice: PackChoiceForm, name: str = "outcome", **kwargs) -> str:
    query = urlencode({"month": choice.data["month"], "audience": choice.data["audience"]})
    return f"{reverse(f'council:{name}', kwargs={'slug': letter.slug, **kwargs})}?{query}"


def _render(
    request: HttpRequest, letter: Letter, role: str, *, entry_form=None, outcome_form=None, status: int = 200
) -> HttpResponse:
    choice = _choice_form(request, letter)
    context = {"letter": letter, "role": role, "can_record": is_editor(role), "choice": choice}
    outcome = outcome_of(letter)
    context["outcome"] = outcome
    if choice.is_valid():
        members = members_in(choice.cleaned_data["month"].year)
        context.update(
            {
                "month": choice.cleaned_data["month"],
                "logs": member_logs(letter, members=members),
                "entry_form": entry_form
                or MemberLogEntryForm(members=members, initial={"happened_on": timezone.localdate()}),
                "entry_url": _outcome_url(letter, choice, "log_entry_add"),
                "outcome_url": _outcome_url(letter, choice, "outcome_save"),
                "page_url": _outcome_url(letter, choice),
                "pack_url": _outcome_url(letter, choice, "pack"),
            }
        )
    context["outcome_form"] = outcome_form or OutcomeForm(
        instance=outcome or CouncilOutcome(letter=letter, decision=letter_aim_of(letter))
    )
    return render(request, "council/outcome.html", context, status=status if choice.is_valid() else 400)


@login_required
@require_safe
def outcome_page(request: HttpRequest, slug: str) -> HttpResponse:
    letter, role = get_letter_for_its_organizations(request.user, slug)
    return _render(request, letter, role)


@login_required
@require_POST
def log_entry_add(request: HttpRequest, slug: str) -> HttpResponse:
    letter, role = get_letter_for_its_organizations(request.user, slug, edit=True)
    choice = _choice_form(request, letter)
    if not choice.is_valid():
        return _render(request, letter, role)
    form = MemberLogEntryForm(request.POST, request.FILES, members=members_in(choice.cleaned_data["month"].year))
    if form.is_valid():
        data = form.cleaned_data
        try:
            member_log_record(
                letter=letter,
                user=request.user,
                country=data["country"],
                kind=data["kind"],
                happened_on=data["happened_on"],
                note=data["note"],
                file=form.checked_file,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Recorded in the delivery log."))
            return redirect(_outcome_url(letter, choice))
    messages.error(request, _("Nothing was recorded: see the messages below."))
    return _render(request, letter, role, entry_form=form, status=400)


def _entry_of(letter: Letter, pk: int) -> MemberLogEntry:
    return get_object_or_404(MemberLogEntry, pk=pk, letter=letter)


@login_required
@require_POST
def log_entry_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    letter, _role = get_letter_for_its_organizations(request.user, slug, edit=True)
    member_log_entry_delete(entry=_entry_of(letter, pk))
    messages.success(request, _("The entry is removed from the delivery log."))
    return redirect(_outcome_url(letter, _choice_form(request, letter)))


@login_required
@require_safe
def response_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """A member's response as uploaded, to the letter's organizations only, always as an attachment."""
    letter, _role = get_letter_for_its_organizations(request.user, slug)
    entry = _entry_of(letter, pk)
    if not entry.file:
        raise Http404
    try:
        handle = entry.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=entry.file_name, content_type=entry.file_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def outcome_save(request: HttpRequest, slug: str) -> HttpResponse:
    letter, role = get_letter_for_its_organizations(request.user, slug, edit=True)
    outcome = outcome_of(letter) or CouncilOutcome(letter=letter)
    form = OutcomeForm(request.POST, instance=outcome)
    if form.is_valid():
        try:
            outcome_record(letter=letter, user=request.user, **form.cleaned_data)
        except StatusError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The Council's outcome is recorded."))
            return redirect(_outcome_url(letter, _choice_form(request, letter)))
    messages.error(request, _("The outcome was not recorded: see the messages below."))
    return _render(request, letter, role, outcome_form=form, status=400)
