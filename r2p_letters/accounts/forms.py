from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from r2p_letters.lib.throttling import wait_text

from .login_limits import login_failed, login_wait

User = get_user_model()


class SignupForm(BaseUserCreationForm):
    """Whether the address already has an account is not the form's to say: the sign-up service answers
    both alike (and tells the holder by email)."""

    class Meta:
        model = User
        fields = ["email", "full_name"]

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def validate_unique(self):
        # The unique email would say "already exists": see the class docstring.
        pass


class ThrottledLogin:
    """For a log-in form: refuse before any password is checked once the account or the client address has
    failed too often, saying when to try again; count each wrong password."""

    def clean(self):
        email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not (email and password):
            return super().clean()
        wait = login_wait(self.request, email)
        if wait is not None:
            raise forms.ValidationError(
                gettext(
                    "Too many failed attempts to log in to this account or from your network. For your "
                    "security, logging in is paused: try again in %(wait)s. If you forgot your password, "
                    "you can reset it."
                )
                % {"wait": wait_text(wait)},
                code="throttled",
            )
        try:
            return super().clean()
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "invalid_login":
                login_failed(self.request, email)
            raise


class EmailAuthenticationForm(ThrottledLogin, AuthenticationForm):
    """Log in with an email address; an unverified account is told to verify rather than refused blindly."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "unverified": _(
            "Please confirm your email address first: follow the link we emailed you. You can ask for a new link below."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget = forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})

    def get_invalid_login_error(self):
        # Asked only once the limits let the password be checked at all.
        email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        user = User.objects.filter(email__iexact=email, is_active=False).first()
        if user is not None and user.last_login is None and user.check_password(password):
            return forms.ValidationError(self.error_messages["unverified"], code="unverified")
        return super().get_invalid_login_error()


class AdminLoginForm(ThrottledLogin, AdminAuthenticationForm):
    """The administration's log-in, under the same limits as the site's."""


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name"]
