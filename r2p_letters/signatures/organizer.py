"""The organizers' side of a sign-on: open it, follow and moderate the signatures, export, invite, close."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from r2p_letters.letters.models import Letter
from r2p_letters.letters.permissions import get_letter_for_its_organizations, is_of_the_lead
from r2p_letters.letters.signatory_paste import paste_handled
from r2p_letters.lib.email_limits import EmailLimitReached
from r2p_letters.lib.errors import StatusError

from .forms import OpenSignOnForm
from .models import Erasure, Signature, SignOn
from .moderation import (
    error_summary,
    export_csv,
    invitation_counts,
    printed_line,
    sign_on_reopen_until,
    signature_counts,
    signatures_matching,
    signed_texts_with_changes,
    undelivered_count,
)
from .organizer_forms import (
    DisplayForm,
    ErasureForm,
    InvitationsForm,
    LateSignatureForm,
    LateSignaturesPasteForm,
    MergeForm,
    ReopenForm,
    SignatureFilterForm,
    SignOnSettingsForm,
    late_paste_preview,
)
from .services import (
    DuplicateSignature,
    SignOnRules,
    confirmations_resend,
    email_key,
    invitations_send,
    last_delivered_on,
    letter_open_for_signatures,
    sign_on_close,
    sign_on_update,
    signature_add_late,
    signature_approve,
    signature_erase,
    signature_merge,
    signature_reject,
    signature_set_display,
    signature_set_lead,
    signatures_add_late,
)

SIGNATURES_PER_PAGE = 20  # compact rows: a page of them is about 3,000 px high on a phone
INVITATIONS_PER_PAGE = 100


def _letter_for_organizer(request: HttpRequest, slug: str) -> Letter:
    """The letter, if the user is an editor or owner of one of its lead or co-lead organizations.

    Outsiders get 404 (the organizers' pages do not reveal themselves), members below editor 403.
    """
    letter, _role = get_letter_for_its_organizations(
        request.user, slug, edit=True, letters=Letter.objects.select_related("sign_on__current_text")
    )
    return letter


def _sign_on_for_organizer(request: HttpRequest, slug: str) -> tuple[Letter, SignOn]:
    letter = _letter_for_organizer(request, slug)
    sign_on = getattr(letter, "sign_on", None)
    if sign_on is None:
        raise Http404
    return letter, sign_on


def _back_to_dashboard(request: HttpRequest, letter: Letter) -> HttpResponse:
    """Back to the dashboard, on the page and with the filters the organizer was using."""
    to = request.POST.get("next", "")
    if to and url_has_allowed_host_and_scheme(
        to, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(to)
    return redirect("signatures:dashboard", letter.slug)


@login_required
@require_http_methods(["GET", "POST"])
def sign_on_open(request: HttpRequest, slug: str) -> HttpResponse:
    letter = _letter_for_organizer(request, slug)
    form = OpenSignOnForm(request.POST or None)
    status = 200
    if letter.status != Letter.Status.READY:
        messages.error(
            request, _("Only a ready letter (approved by every lead organization) can be opened for signatures.")
        )
        return redirect(letter)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            rules = SignOnRules(
                deadline=data["deadline"],
                time_zone=data["time_zone"],
                signers=data["signers"],
                moderated=data["moderated"],
                list_public=data["list_public"],
                order=data["order"],
            )
            try:
                letter_open_for_signatures(letter=letter, rules=rules, user=request.user)
            except StatusError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The letter is open for signatures: its text is frozen as version 1."))
                return redirect(letter)
        status = 422
    return render(request, "signatures/open.html", {"letter": letter, "form": form}, status=status)


# -- the dashboard ----------------------------------------------------------------------------------


def _dashboard_page(
    request: HttpRequest, letter: Letter, sign_on: SignOn, *, status: int = 200, **forms
) -> HttpResponse:
    """The dashboard, with any form the organizer just posted kept (and its errors shown)."""
    dashboard_url = reverse("signatures:dashboard", args=[letter.slug])
    version_numbers = list(letter.signed_texts.order_by("number").values_list("number", flat=True))
    filter_form = SignatureFilterForm(request.GET or None, version_numbers=version_numbers)
    filters = filter_form.filters() if request.GET else {}
    lead = is_of_the_lead(request.user, letter)
    page = Paginator(signatures_matching(sign_on, filters, lead=lead), SIGNATURES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = list(page)
    for signature in rows:
        # A co-lead organization's organizer sees that someone signed, never who, unless the signer shared it.
        signature.withheld = not signature.is_shared_with(lead=lead)
        signature.line = "" if signature.withheld else printed_line(signature)
        signature.label = f"#{signature.pk}" if signature.withheld else signature.printed_name
        signature.email_error = error_summary(signature.email_error) if signature.undelivered else ""
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "signatures/dashboard.html",
        {
            "letter": letter,
            "sign_on": sign_on,
            "counts": signature_counts(sign_on),
            "status_choices": Signature.Status.choices,
            "filter_form": filter_form,
            "filtered": bool(filters),
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "undelivered": undelivered_count(sign_on),
            "contact_erasure_at": sign_on.local_contact_erasure_at(last_delivered_on(sign_on)),
            "erasures": sign_on.erasures.select_related("recorded_by")[:20],
            "retention_days": settings.CONTACT_RETENTION_DAYS,
            # Re-shown after a refused POST, the page's links and forms still lead back to the dashboard.
            "dashboard_url": dashboard_url,
            "here": request.get_full_path() if request.method == "GET" else dashboard_url,
            "settings_form": forms.get("settings_form") or SignOnSettingsForm(sign_on=sign_on),
            "reopen_form": forms.get("reopen_form") or ReopenForm(sign_on=sign_on),
            "late_form": forms.get("late_form") or LateSignatureForm(sign_on=sign_on),
        },
        status=status,
    )


@login_required
@require_safe
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    letter, sign_on = _sign_on_for_organizer(request, slug)
    return _dashboard_page(request, letter, sign_on)


@login_required
@require_POST
def signature_action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Approve, reject, reword, mark as lead, merge or send again the confirmation of one signature of this
    letter's sign-on."""
    letter, sign_on = _sign_on_for_organizer(request, slug)
    # Looked up within this sign-on: a number from another letter is simply not found.
    signature = get_object_or_404(Signature, pk=pk, sign_on=sign_on)
    action = request.POST.get("action", "")
    if action == "resend":
        return _resend(request, letter, sign_on, signature)
    try:
        done = _act(request, action, signature, lead=is_of_the_lead(request.user, letter))
    except StatusError as error:
        messages.error(request, str(error))
    else:
        if done:
            messages.success(request, done)
    return _back_to_dashboard(request, letter)


def _act(request: HttpRequest, action: str, signature: Signature, *, lead: bool) -> str | None:
    """Do ``action``; the message to show when it is done, None when it was refused (and said why). A co-lead
    organization's organizer (``lead`` False) is told a signature's number, not who signed, unless the signer
    shared it; and cannot reword the printed line of such a signature (it would show the name)."""

    def name_of(of: Signature) -> str:
        return of.printed_name if of.is_shared_with(lead=lead) else _("signature %(number)s") % {"number": of.pk}

    name = name_of(signature)
    if action == "display" and not signature.is_shared_with(lead=lead):
        raise StatusError(_("This signer did not share their name with the co-leading organizations."))
    if action == "approve":
        signature_approve(signature=signature)
        return _("%(name)s is approved.") % {"name": name}
    if action == "reject":
        if signature.status not in (Signature.Status.PENDING, Signature.Status.CONFIRMED):
            raise StatusError(_("Only a signature awaiting confirmation or confirmed can be rejected."))
        signature_reject(signature=signature)
        return _("%(name)s is rejected: it does not show on the letter.") % {"name": name}
    if action in ("lead", "unlead"):
        signature_set_lead(signature=signature, is_lead=action == "lead")
        return (
            _("%(name)s prints among the lead signatories.")
            if action == "lead"
            else _("%(name)s prints among the co-signatories.")
        ) % {"name": name}
    if action == "display":
        form = DisplayForm(request.POST)
        if not form.is_valid():
            return _refused(request, form)
        signature_set_display(signature=signature, **form.cleaned_data)
        return _("The printed line of %(name)s is saved.") % {"name": name}
    if action == "erase":
        form = ErasureForm(request.POST)
        if not form.is_valid():
            return _refused(request, form)
        signature_erase(
            signature=signature, source=Erasure.Source.ORGANIZER, note=form.cleaned_data["note"], user=request.user
        )
        return _("The signature of %(name)s is erased, with its signer's data.") % {"name": name}
    if action == "merge":
        form = MergeForm(request.POST, signature=signature)
        if not form.is_valid():
            return _refused(request, form)
        into = signature_merge(duplicate=signature, into=form.cleaned_data["into"]).merged_into
        return _("%(name)s is combined with signature %(number)s (%(into)s): one line prints.") % {
            "name": name,
            "number": into.pk,
            "into": name_of(into),
        }
    messages.error(request, _("That action is not known. Nothing was changed."))
    return None


@login_required
@require_POST
def confirmations_resend_all(request: HttpRequest, slug: str) -> HttpResponse:
    """Send again every confirmation email of this sign-on that could not be sent."""
    letter, sign_on = _sign_on_for_organizer(request, slug)
    return _resend(request, letter, sign_on)


def _resend(request: HttpRequest, letter: Letter, sign_on: SignOn, signature: Signature | None = None) -> HttpResponse:
    """Queue again the confirmation emails that could not be sent (of one signature, or all), within the
    organizer's email limits."""
    try:
        resent = confirmations_resend(sign_on=sign_on, user=request.user, signature=signature)
    except EmailLimitReached as error:
        messages.error(request, error.message)
        return _dashboard_page(request, letter, sign_on, status=429)
    except StatusError as error:
        messages.error(request, str(error))
    else:
        if resent:
            messages.success(
                request,
                ngettext(
                    "A new confirmation email is on its way to %(count)s signer.",
                    "A new confirmation email is on its way to %(count)s signers.",
                    resent,
                )
                % {"count": resent},
            )
        else:
            messages.info(
                request, _("There was no confirmation email to send again: each one is sent, on its way or confirmed.")
            )
    return _back_to_dashboard(request, letter)


def _refused(request: HttpRequest, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@login_required
@require_POST
def sign_on_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """Save the rules, close the sign-on now, or reopen it until a new deadline."""
    letter, sign_on = _sign_on_for_organizer(request, slug)
    action = request.POST.get("action", "save")
    if action == "close":
        sign_on_close(sign_on=sign_on, user=request.user)
        messages.success(request, _("The sign-on is closed: the letter takes no more signatures."))
        return redirect("signatures:dashboard", letter.slug)
    if action == "reopen":
        form = ReopenForm(request.POST, sign_on=sign_on)
        if not form.is_valid():
            return _dashboard_page(request, letter, sign_on, reopen_form=form, status=422)
        try:
            sign_on_reopen_until(
                sign_on=sign_on, deadline=form.cleaned_data["deadline"], time_zone=form.cleaned_data["time_zone"]
            )
        except StatusError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The sign-on is open again."))
        return redirect("signatures:dashboard", letter.slug)
    if action != "save":
        messages.error(request, _("That action is not known. Nothing was changed."))
        return redirect("signatures:dashboard", letter.slug)
    form = SignOnSettingsForm(request.POST, sign_on=sign_on)
    if not form.is_valid():
        return _dashboard_page(request, letter, sign_on, settings_form=form, status=422)
    sign_on_update(sign_on=sign_on, **form.changes())
    messages.success(request, _("The rules of the sign-on are saved."))
    return redirect("signatures:dashboard", letter.slug)


@login_required
@require_POST
def late_signature_add(request: HttpRequest, slug: str) -> HttpResponse:
    """After the sign-on closed: add a signature that came in another way, marked late."""
    letter, sign_on = _sign_on_for_organizer(request, slug)
    if sign_on.is_open:
        messages.error(request, _("The sign-on is still open: signatories sign from the letter's page."))
        return redirect("signatures:dashboard", letter.slug)
    form = LateSignatureForm(request.POST, sign_on=sign_on)
    if not form.is_valid():
        return _dashboard_page(request, letter, sign_on, late_form=form, status=422)
    data = {name: form.cleaned_data[name] for name in form.cleaned_data if name != "signed_on"}
    try:
        signature = signature_add_late(
            sign_on=sign_on, data=data, signed_on=form.cleaned_data["signed_on"], user=request.user
        )
    except DuplicateSignature:
        if sign_on.signatures.filter(email_key=email_key(data["email"])).exists():
            form.add_error("email", _("A signature with this email address is already on the letter."))
        else:
            form.add_error("organization", _("This organization has already signed the letter."))
        return _dashboard_page(request, letter, sign_on, late_form=form, status=409)
    messages.success(request, _("%(name)s is added as a late signature.") % {"name": signature.printed_name})
    return redirect("signatures:dashboard", letter.slug)


@login_required
@require_http_methods(["GET", "POST"])
def late_signatures_paste(request: HttpRequest, slug: str) -> HttpResponse:
    """After the sign-on closed: late signatures from a pasted list or a spreadsheet, previewed, then all added."""
    letter, sign_on = _sign_on_for_organizer(request, slug)
    if sign_on.is_open:
        messages.error(request, _("The sign-on is still open: signatories sign from the letter's page."))
        return redirect("signatures:dashboard", letter.slug)

    def add(preview, cleaned: dict) -> str:
        try:
            signatures_add_late(sign_on=sign_on, rows=preview.to_add, signed_on=cleaned["signed_on"], user=request.user)
        except DuplicateSignature:
            return _("Someone added one of these signatures a moment ago: check the preview again.")
        return ""

    outcome = paste_handled(
        request,
        LateSignaturesPasteForm(request.POST or None, request.FILES or None),
        preview_of=lambda cleaned: late_paste_preview(sign_on, cleaned["text"], signed_on=cleaned["signed_on"]),
        add=add,
    )
    if outcome.added:
        count = len(outcome.preview.to_add)
        messages.success(
            request,
            ngettext("%(count)s late signature added.", "%(count)s late signatures added.", count) % {"count": count},
        )
        return redirect("signatures:dashboard", letter.slug)
    return render(
        request,
        "signatures/late_paste.html",
        {"letter": letter, "sign_on": sign_on, "form": outcome.form, "preview": outcome.preview},
        status=outcome.status,
    )


# -- export, invitations, signed texts --------------------------------------------------------------


@login_required
@require_safe
def export(request: HttpRequest, slug: str) -> HttpResponse:
    """The signatures as CSV, streamed, for a spreadsheet (Excel: with a byte order mark) or plain; in both, no
    cell can run as a formula."""
    letter, sign_on = _sign_on_for_organizer(request, slug)
    kind = request.GET.get("format", "csv")
    if kind not in ("csv", "excel"):
        messages.error(request, _("Choose the export for a spreadsheet (Excel) or plain CSV."))
        return redirect("signatures:dashboard", letter.slug)
    # Every organizer is an editor or owner of the letter's organizations: each may take the contacts.
    contacts = request.GET.get("contacts") == "1"
    lead = is_of_the_lead(request.user, letter)
    lines = export_csv(sign_on, contacts=contacts, for_spreadsheet=kind == "excel", lead=lead)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    suffix = "-contacts" if contacts else ""
    response["Content-Disposition"] = f'attachment; filename="{letter.slug}-signatures{suffix}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, slug: str) -> HttpResponse:
    """Invite partners by pasting their addresses; follow each invitation from sent to signed or declined."""
    letter, sign_on = _sign_on_for_organizer(request, slug)
    form = InvitationsForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not sign_on.is_open:
            messages.error(request, _("The sign-on is closed: reopen it before inviting anyone."))
            return redirect("signatures:invitations", letter.slug)
        if form.is_valid():
            try:
                invited, already = invitations_send(
                    sign_on=sign_on, addresses=form.cleaned_data["addresses"], user=request.user
                )
            except EmailLimitReached as error:
                form.add_error("addresses", error.message)
                return _invitations_page(request, letter, sign_on, form, status=429)
            text = ngettext("%(count)s partner invited.", "%(count)s partners invited.", invited) % {"count": invited}
            if already:
                text += " " + ngettext(
                    "%(count)s address was already invited and is not written to again.",
                    "%(count)s addresses were already invited and are not written to again.",
                    already,
                ) % {"count": already}
            messages.success(request, text)
            return redirect("signatures:invitations", letter.slug)
        status = 422
    return _invitations_page(request, letter, sign_on, form, status=status)


def _invitations_page(
    request: HttpRequest, letter: Letter, sign_on: SignOn, form: InvitationsForm, *, status: int = 200
) -> HttpResponse:
    page = Paginator(sign_on.invitations.order_by("-sent_at", "-id"), INVITATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "signatures/invitations.html",
        {
            "letter": letter,
            "sign_on": sign_on,
            "form": form,
            "page": page,
            "counts": invitation_counts(sign_on),
        },
        status=status,
    )


@login_required
@require_safe
def signed_texts(request: HttpRequest, slug: str) -> HttpResponse:
    """Each text frozen for signatures (its versions), the signatures it holds, and what changed from the one before."""
    letter, sign_on = _sign_on_for_organizer(request, slug)
    return render(
        request,
        "signatures/signed_texts.html",
        {
            "letter": letter,
            "sign_on": sign_on,
            "signed_texts": signed_texts_with_changes(sign_on),
        },
    )
