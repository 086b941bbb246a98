"""Public pages of a sign-on: sign, confirm by email, withdraw or correct, invitations."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import get_usage

from r2p_letters.letters.models import Letter
from r2p_letters.letters.permissions import get_letter_for_user
from r2p_letters.lib.throttling import client_address

from .forms import CorrectForm, ResendForm, SignForm
from .models import Signature, SignOn, SignOnInvitation
from .services import (
    ConfirmOutcome,
    DuplicateSignature,
    SignOnBusy,
    SignOnClosed,
    StaleLink,
    email_key,
    invitation_decline,
    invitation_open,
    ip_hash,
    signature_confirm,
    signature_correct,
    signature_data,
    signature_erase,
    signature_for_confirm_token,
    signature_for_manage_token,
    signature_resend_confirmation,
    signature_submit,
    signature_withdraw,
)

CHECK_EMAIL_SESSION_KEY = "signatures_check_email"


def _sign_on_for(request: HttpRequest, slug: str) -> tuple[SignOn, str | None]:
    # The sign page shows the letter in a frame: reading its parts here would cost every signer the
    # whole list of signatories.
    letters = Letter.objects.select_related("sign_on__current_text")
    letter, role = get_letter_for_user(request.user, slug, letters=letters)
    sign_on = getattr(letter, "sign_on", None)
    if sign_on is None:
        raise Http404
    return sign_on, role


def _client_key(group, request) -> str:
    return ip_hash(client_address(request))


def _email_key(group, request) -> str:
    return ip_hash("email:" + email_key(request.POST.get("email", "")[:254]))


def _limited(request: HttpRequest, group: str, key, rate: str) -> dict | None:
    """Count this request against ``rate``; the usage when over the limit, else None."""
    usage = get_usage(request, group=group, key=key, rate=rate, method="POST", increment=True)
    return usage if usage and usage["should_limit"] else None


def _rate_limit_message(usage: dict) -> str:
    minutes = max(1, round(usage["time_left"] / 60))
    return ngettext(
        "Too many signatures came from here or with this email address in a short time. Your details are kept "
        "below: please try again in %(minutes)s minute. If many people sign from one office network, write to "
        "the organizers of the letter.",
        "Too many signatures came from here or with this email address in a short time. Your details are kept "
        "below: please try again in %(minutes)s minutes. If many people sign from one office network, write to "
        "the organizers of the letter.",
        minutes,
    ) % {"minutes": minutes}


def _sign_page(request: HttpRequest, sign_on: SignOn, form: SignForm, *, status: int = 200, **extra) -> HttpResponse:
    return render(
        request,
        "signatures/sign.html",
        {
            "letter": sign_on.letter,
            "sign_on": sign_on,
            "form": form,
            "is_open": sign_on.is_open,
            "privacy_url": reverse("signatures:privacy") + "?" + urlencode({"letter": sign_on.letter.slug}),
            "resend_form": ResendForm(initial={"email": form.data.get("email", "")} if form.is_bound else None),
            **extra,
        },
        status=status,
    )


class Refused(Exception):
    """A signature not taken: what to tell the signer, and the answer's status (their details stay in the form)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message, self.status = message, status


def sign_submit(request: HttpRequest, sign_on: SignOn, form: SignForm):
    """Take the signature of a bound ``form`` (the sign page and the embedded form): the Submitted, None for a
    robot (told what a person would be told), or Refused. Rate limits count here."""
    if not sign_on.is_open:
        raise Refused(_("This letter no longer takes signatures: the sign-on has closed."), 409)
    if form.is_robot():
        return None
    if not form.is_valid():
        # Not counted against the limits: a signer who mistyped on a phone tries again at once.
        raise Refused("", 422)
    usage = _limited(request, "sign-ip", _client_key, settings.SIGN_RATE_PER_IP) or _limited(
        request, "sign-email", _email_key, settings.SIGN_RATE_PER_EMAIL
    )
    if usage:
        raise Refused(_rate_limit_message(usage), 429)
    try:
        return signature_submit(
            sign_on=sign_on,
            data=form.cleaned_data,
            client_ip_hash=_client_key(None, request),
            language=get_language() or "en",
        )
    except SignOnClosed:
        raise Refused(_("This letter no longer takes signatures: the sign-on has closed."), 409) from None
    except SignOnBusy:
        raise Refused(
            _(
                "Your signature crossed another one with the same details. Nothing was recorded: "
                "please send the form again."
            ),
            409,
        ) from None


@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, slug: str) -> HttpResponse:
    sign_on, _role = _sign_on_for(request, slug)
    if request.method == "GET":
        initial = {"email": request.GET.get("email", "")[:254]} if request.GET.get("email") else None
        return _sign_page(request, sign_on, SignForm(sign_on=sign_on, initial=initial, language=get_language() or "en"))
    form = SignForm(request.POST, sign_on=sign_on, language=get_language() or "en")
    try:
        submitted = sign_submit(request, sign_on, form)
    except Refused as refused:
        if refused.message:
            messages.error(request, refused.message)
        return _sign_page(request, sign_on, form, status=refused.status)
    if submitted is None:  # a robot
        return redirect("signatures:check_email", slug)
    if submitted.is_duplicate:
        return _sign_page(request, sign_on, form, status=409, duplicate=submitted)
    request.session[CHECK_EMAIL_SESSION_KEY] = {"letter": slug, "email": form.cleaned_data["email"]}
    return redirect("signatures:check_email", slug)


@require_safe
def check_email(request: HttpRequest, slug: str) -> HttpResponse:
    """Shows the address this browser signed with, kept by the server: never words from the URL."""
    sign_on, _role = _sign_on_for(request, slug)
    signed = request.session.get(CHECK_EMAIL_SESSION_KEY) or {}
    return render(
        request,
        "signatures/check_email.html",
        {
            "letter": sign_on.letter,
            "sign_on": sign_on,
            "to": signed.get("email") if signed.get("letter") == slug else "",
        },
    )


@require_POST
def resend(request: HttpRequest, slug: str) -> HttpResponse:
    """Send the confirmation again. The answer is the same whether or not the address signed."""
    sign_on, _role = _sign_on_for(request, slug)
    form = ResendForm(request.POST)
    if form.is_valid() and not _limited(request, "resend-email", _email_key, settings.SIGN_RATE_PER_EMAIL):
        signature = sign_on.signatures.filter(email_key=email_key(form.cleaned_data["email"])).first()
        if signature:
            signature_resend_confirmation(signature=signature)
    messages.info(
        request,
        _(
            "If this address signed and has not confirmed yet, a new confirmation link is on its "
            "way. It can take a few minutes."
        ),
    )
    return redirect("signatures:check_email", slug)


@require_safe
def short_link(request: HttpRequest, code: str) -> HttpResponse:
    sign_on = get_object_or_404(SignOn.objects.select_related("letter"), short_code=code)
    return redirect("signatures:sign", sign_on.letter.slug)


def _stale_link(request: HttpRequest) -> HttpResponse:
    """A link of a signing act that is over: it names nothing any more, and says nothing of what came after."""
    return render(request, "signatures/link_stale.html", status=410)


def _read_again(signature: Signature) -> None:
    """Read the row again to show what changed; StaleLink if it passed to another signing act meanwhile."""
    nonce = signature.link_nonce
    signature.refresh_from_db()
    if signature.link_nonce != nonce:
        raise StaleLink


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A page with a button: only the POST confirms, so mail scanners that open links confirm nothing."""
    try:
        signature, version = signature_for_confirm_token(token)
        if signature is None:
            return render(request, "signatures/link_invalid.html", status=400)
        outcome = None
        if request.method == "POST":
            outcome = signature_confirm(signature=signature, version_number=version)
            _read_again(signature)
    except StaleLink:
        return _stale_link(request)
    sign_on = signature.sign_on
    return render(
        request,
        "signatures/confirm.html",
        {
            "signature": signature,
            "letter": sign_on.letter,
            "sign_on": sign_on,
            "version": version,
            "outcome": outcome,
            "outcomes": ConfirmOutcome,
            "already": signature.status == Signature.Status.CONFIRMED and signature.signed_text.number == version,
        },
    )


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """Withdraw or correct a signature, from the link in the confirmation email."""
    try:
        signature = signature_for_manage_token(token)
        if signature is None:
            return render(request, "signatures/link_invalid.html", status=400)
        return _manage_page(request, token, signature)
    except StaleLink:
        return _stale_link(request)


def _manage_page(request: HttpRequest, token: str, signature: Signature) -> HttpResponse:
    sign_on = signature.sign_on
    if request.method == "POST" and request.POST.get("action") == "download":
        return _download(signature)
    initial = {name: getattr(signature, name) for name in CorrectForm.base_fields}
    initial["show_name"] = "yes" if signature.show_name else "no"
    initial["country"] = signature.country.code if signature.country else ""
    form = CorrectForm(sign_on=sign_on, initial=initial)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        signature_withdraw(signature=signature)
        messages.success(request, _("Your signature is withdrawn. It no longer shows on the letter."))
        return redirect("signatures:manage", token)
    if request.method == "POST":
        form = CorrectForm(request.POST, sign_on=sign_on)
        if signature.status == Signature.Status.WITHDRAWN:
            messages.error(request, _("This signature was withdrawn. To sign again, use the letter's sign page."))
            status = 409
        elif form.is_valid():
            try:
                signature_correct(signature=signature, data=form.cleaned_data)
            except DuplicateSignature:
                form.add_error("organization", _("This organization has already signed the letter."))
                status = 409
            else:
                messages.success(request, _("Your corrections are saved."))
                return redirect("signatures:manage", token)
        else:
            status = 422
    _read_again(signature)
    return render(
        request,
        "signatures/manage.html",
        {
            "signature": signature,
            "letter": sign_on.letter,
            "sign_on": sign_on,
            "form": form,
            "token": token,
            "privacy_url": reverse("signatures:privacy") + "?" + urlencode({"letter": sign_on.letter.slug}),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def invited(request: HttpRequest, token: str) -> HttpResponse:
    """A personal invitation: opening it is tracked; the invited may sign or decline."""
    invitation = get_object_or_404(SignOnInvitation.objects.select_related("sign_on__letter"), token=token)
    if request.method == "POST":
        invitation_decline(invitation=invitation)
        messages.info(request, _("Thank you for letting us know. The organizers will not remind you."))
    else:
        invitation_open(invitation=invitation)
    return render(
        request,
        "signatures/invited.html",
        {
            "invitation": invitation,
            "letter": invitation.sign_on.letter,
            "sign_on": invitation.sign_on,
            "sign_url": reverse("signatures:sign", args=[invitation.sign_on.letter.slug])
            + "?"
            + urlencode({"email": invitation.email}),
        },
    )


def _download(signature: Signature) -> HttpResponse:
    """What we hold about this signer, as a JSON file."""
    response = JsonResponse(signature_data(signature=signature), json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="signature-{signature.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, token: str) -> HttpResponse:
    """Erase one's signature and data, from the link in the confirmation email: a page that asks first (a GET
    never erases: mail scanners open links), then the POST erases."""
    # Counted before the link is read: guessing links costs tries too.
    if request.method == "POST" and _limited(request, "erase-ip", _client_key, settings.SIGN_RATE_PER_IP):
        return render(request, "signatures/too_many.html", status=429)
    try:
        signature = signature_for_manage_token(token)
        if signature is None:
            return render(request, "signatures/link_invalid.html", status=400)
    except StaleLink:
        return _stale_link(request)
    sign_on = signature.sign_on
    context = {"signature": signature, "letter": sign_on.letter, "sign_on": sign_on, "token": token}
    if request.method == "POST":
        try:
            signature_erase(signature=signature)
        except StaleLink:
            return _stale_link(request)
        return render(request, "signatures/erased.html", context)
    return render(request, "signatures/erase.html", context)


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """What we keep about signers, for how long, who sees it; with ``?letter=<slug>``, that letter's own notice."""
    sign_on = None
    slug = request.GET.get("letter", "")[:200]
    if slug:
        try:
            sign_on, _role = _sign_on_for(request, slug)
        except Http404:
            sign_on = None
    return render(
        request,
        "signatures/privacy.html",
        {"sign_on": sign_on, "letter": sign_on.letter if sign_on else None, "days": settings.CONTACT_RETENTION_DAYS},
    )
