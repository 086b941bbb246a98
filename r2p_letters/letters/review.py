"""Review of a letter: send for review, each lead and co-lead organization approves, back to draft."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from r2p_letters.lib.email_limits import EmailLimitReached
from r2p_letters.lib.errors import StatusError

from .forms import CoLeadForm
from .models import CoLeadInvitation, Letter
from .permissions import (
    can_edit,
    get_co_lead_invitation_for_user,
    get_letter_for_user,
    is_editor,
    organizations_user_approves_for,
)
from .services import (
    co_lead_invitation_accept,
    co_lead_invitation_decline,
    co_lead_invite,
    letter_approve,
    letter_return_to_draft,
    letter_submit_for_review,
)


def review_context(user, letter: Letter, role: str | None) -> dict:
    """What the review panel shows this user: who approved, and what the user may do."""
    approved = {a.organization_id: a for a in letter.approvals.select_related("approved_by")}
    return {
        "review_rows": [(o, approved.get(o.pk)) for o in letter.lead_organizations()],
        "can_submit": is_editor(role) and letter.status == Letter.Status.DRAFT,
        "approvable": [o for o in organizations_user_approves_for(user, letter) if o.pk not in approved]
        if letter.status == Letter.Status.IN_REVIEW
        else [],
        "can_return": is_editor(role) and letter.status in (Letter.Status.IN_REVIEW, Letter.Status.READY),
        "can_add_co_lead": is_editor(role) and letter.status == Letter.Status.DRAFT,
        # Invited organizations that have not accepted: named to the letter's members, with no part in it.
        "co_lead_invitations": letter.original_letter.co_lead_invitations.exclude(
            status=CoLeadInvitation.Status.ACCEPTED
        ).select_related("organization"),
    }


@login_required
@require_POST
def letter_review(request: HttpRequest, slug: str) -> HttpResponse:
    """Send for review, approve, or back to draft. From the composer (htmx) the answer is its review panel, with the
    letter's new status, and with its editors closed once the letter is ready; otherwise back to the letter's page."""
    letter, role = get_letter_for_user(request.user, slug)
    if not is_editor(role):
        raise PermissionDenied
    was_editable = can_edit(role, letter)
    notes = _review_act(request, letter, request.POST.get("action"))
    if request.htmx:
        letter, role = get_letter_for_user(request.user, slug)
        context = {**review_context(request.user, letter, role), "letter": letter, "review_notes": notes}
        context["editable"] = can_edit(role, letter)
        response = render(request, "letters/_review_answer.html", context)
        if context["editable"] and not was_editable:
            response["HX-Refresh"] = "true"  # a ready letter back to draft: its editors, closed, come back
        return response
    for level, text in notes:
        messages.add_message(request, level, text)
    return redirect(letter)


def _review_act(request: HttpRequest, letter: Letter, action: str | None) -> list[tuple[int, str]]:
    """Do what the review panel's button asks; what to tell the user, as (message level, text)."""
    try:
        if action == "submit":
            letter_submit_for_review(letter=letter, submitted_by=request.user)
            return [
                (
                    messages.SUCCESS,
                    _(
                        "The letter is in review: each lead and co-lead organization approves it. Their owners and "
                        "editors were told by email."
                    ),
                )
            ]
        if action == "approve":
            organization = next(
                (
                    o
                    for o in organizations_user_approves_for(request.user, letter)
                    if str(o.pk) == request.POST.get("organization")
                ),
                None,
            )
            if organization is None:
                raise PermissionDenied
            letter = letter_approve(letter=letter, organization=organization, user=request.user)
            notes = [(messages.SUCCESS, _("Approved on behalf of %(name)s.") % {"name": organization.name})]
            if letter.status == Letter.Status.READY:
                notes.append((messages.SUCCESS, _("Every organization approved: the letter is ready.")))
            return notes
        if action == "return":
            letter_return_to_draft(letter=letter)
            return [(messages.SUCCESS, _("The letter is a draft again."))]
        return [(messages.ERROR, _("Unknown action."))]
    except StatusError as error:
        return [(messages.ERROR, str(error))]
    except EmailLimitReached as error:
        return [(messages.ERROR, error.message)]


def _co_lead_page(request: HttpRequest, letter: Letter, form: CoLeadForm, *, status: int = 200) -> HttpResponse:
    taken = {letter.lead_organization_id, *(o.pk for o in letter.co_leads.all())}
    invited = set(
        letter.original_letter.co_lead_invitations.filter(status=CoLeadInvitation.Status.PENDING).values_list(
            "organization_id", flat=True
        )
    )
    rows = [(o, form.look_alikes.get(o.pk), o.pk in taken, o.pk in invited) for o in form.choices]
    context = {"letter": letter, "form": form, "rows": rows}
    return render(request, "letters/co_lead_choose.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def letter_co_lead_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Search the organizations (GET ``q``), then invite one of the matches by its button (POST its address)."""
    letter, role = get_letter_for_user(request.user, slug, edit=True)
    if request.method != "POST":
        form = CoLeadForm(request.GET if "q" in request.GET else None)
        # A search that finds nothing is an answer (the page says so), not bad input.
        answered = not form.is_bound or form.is_valid() or form.has_error("__all__", code="no_match")
        return _co_lead_page(request, letter, form, status=200 if answered else 400)
    form = CoLeadForm(request.POST)
    if not form.is_valid() or form.cleaned_data.get("organization") is None:
        return _co_lead_page(request, letter, form, status=400)
    organization = form.cleaned_data["organization"]
    try:
        co_lead_invite(letter=letter, organization=organization, invited_by=request.user)
    except (StatusError, EmailLimitReached) as error:
        messages.error(request, getattr(error, "message", None) or str(error))
        # Back to the same search, so that another organization can be chosen.
        search = urlencode({"q": form.cleaned_data["q"]})
        return redirect(f"{reverse('letters:co_lead_add', args=[letter.slug])}?{search}")
    messages.success(
        request,
        _(
            "%(name)s is invited to co-lead the letter. It co-leads once one of its owners "
            "or editors accepts; its owners were told by email."
        )
        % {"name": organization.name},
    )
    return redirect("letters:compose", letter.slug)


@login_required
@require_POST
def letter_co_lead_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An owner or editor of the invited organization (``slug``) accepts or declines to co-lead a letter."""
    invitation = get_co_lead_invitation_for_user(request.user, slug, pk)
    answer = request.POST.get("answer")
    name = invitation.organization.name
    try:
        if answer == "accept":
            invitation = co_lead_invitation_accept(invitation=invitation, user=request.user)
            messages.success(
                request,
                _("%(name)s co-leads “%(title)s”: its editors may edit it.")
                % {"name": name, "title": invitation.letter.title},
            )
            return redirect(invitation.letter)
        if answer == "decline":
            co_lead_invitation_decline(invitation=invitation, user=request.user)
            messages.success(
                request,
                _("Declined: %(name)s does not co-lead “%(title)s”.")
                % {"name": name, "title": invitation.letter.title},
            )
        else:
            messages.error(request, _("Unknown action."))
    except StatusError as error:
        messages.error(request, str(error))
    return redirect(invitation.organization)
