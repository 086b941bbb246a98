"""The organizers' side of a sign-on: open it, follow and moderate the signatures, export, invite, close."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from r2p_letters.letters.models import Letter
from r2p_letters.letters.permissions import get_letter_for_user, is_editor
from r2p_letters.letters.services import StatusError

from .forms import OpenSignOnForm
from .services import SignOnRules, letter_open_for_signatures


def _letter_for_organizer(request: HttpRequest, slug: str) -> Letter:
    """The letter, if the user is an editor or owner of one of its lead or co-lead organizations."""
    from django.core.exceptions import PermissionDenied

    letter, role = get_letter_for_user(request.user, slug)
    if not is_editor(role):
        raise PermissionDenied
    return letter


@login_required
@require_http_methods(["GET", "POST"])
def sign_on_open(request: HttpRequest, slug: str) -> HttpResponse:
    letter = _letter_for_organizer(request, slug)
    form = OpenSignOnForm(request.POST or None)
    status = 200
    if letter.status != Letter.Status.READY:
        messages.error(request, _("Only a ready letter (approved by every lead organization) can be opened for "
                                  "signatures."))
        return redirect(letter)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            rules = SignOnRules(deadline=data["deadline"], time_zone=data["time_zone"], signers=data["signers"],
                                moderated=data["moderated"], list_public=data["list_public"], order=data["order"])
            try:
                letter_open_for_signatures(letter=letter, rules=rules, user=request.user)
            except StatusError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The letter is open for signatures: its text is frozen as version 1."))
                return redirect(letter)
        status = 422
    return render(request, "signatures/open.html", {"letter": letter, "form": form}, status=status)
