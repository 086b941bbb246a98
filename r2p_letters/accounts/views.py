"""Sign up, verify the email address, log in and out, reset the password, edit the profile."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from r2p_letters.lib.email_limits import EmailLimitReached
from r2p_letters.lib.throttling import client_address

from .forms import EmailAuthenticationForm, ProfileForm, ResendVerificationForm, SignupForm
from .services import password_reset_request, user_resend_verification, user_sign_up, user_verify_email
from .tokens import email_verification_token

User = get_user_model()
# The address the last sign-up or link request of this browser was for: the "check your email" page shows
# only that, never an address from the URL.
CHECK_EMAIL_SESSION_KEY = "accounts_check_email"


def _emails_sent_to(request: HttpRequest, email: str) -> HttpResponse:
    request.session[CHECK_EMAIL_SESSION_KEY] = email
    return redirect("accounts:check_email")


def _refused(request: HttpRequest, template: str, form, error: EmailLimitReached) -> HttpResponse:
    """The form again, as the person filled it, with why nothing was sent and when to try again."""
    form.add_error(None, error.message)
    return render(request, template, {"form": form}, status=429)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            user_sign_up(
                email=email,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                language=get_language(),
                client=client_address(request),
            )
        except EmailLimitReached as error:
            return _refused(request, "accounts/signup.html", form, error)
        # The same answer whether or not the address has an account: no account discovery.
        return _emails_sent_to(request, email)
    return render(request, "accounts/signup.html", {"form": form})


@require_safe
def check_email(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/check_your_email.html", {"email": request.session.get(CHECK_EMAIL_SESSION_KEY)})


def _user_from_link(uidb64: str, token: str):
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None
    return user if email_verification_token.check_token(user, token) else None


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """A page with a button: opening the link (as mail scanners do) confirms nothing."""
    user = _user_from_link(uidb64, token)
    if user is None:
        return render(request, "accounts/verify_invalid.html", status=400)
    if request.method == "POST":
        user_verify_email(user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your email address is confirmed. Welcome!"))
        return redirect("accounts:profile")
    return render(request, "accounts/verify.html", {"verified_user": user})


@require_http_methods(["GET", "POST"])
def resend_verification(request: HttpRequest) -> HttpResponse:
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            user_resend_verification(email=email, language=get_language(), client=client_address(request))
        except EmailLimitReached as error:
            return _refused(request, "accounts/resend_verification.html", form, error)
        return _emails_sent_to(request, email)
    return render(request, "accounts/resend_verification.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error("__all__", "throttled"):
            response.status_code = 429
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Queues the link (the worker looks the account up): known and unknown addresses cost the request the same."""

    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        try:
            password_reset_request(
                email=form.cleaned_data["email"], language=get_language(), client=client_address(self.request)
            )
        except EmailLimitReached as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return redirect(self.success_url)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Your password is changed."))
        return super().form_valid(form)
