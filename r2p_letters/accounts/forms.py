from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

User = get_user_model()


class SignupForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this email address already exists. Log in, or reset your password."),
                code="duplicate_email",
            )
        return email


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with an email address; an unverified account is told to verify rather than refused blindly."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "unverified": _("Please confirm your email address first: follow the link we emailed you. "
                        "You can ask for a new link below."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget = forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})

    def clean(self):
        email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if email and password:
            user = User.objects.filter(email__iexact=email, is_active=False).first()
            if user is not None and user.check_password(password) and user.last_login is None:
                raise forms.ValidationError(self.error_messages["unverified"], code="unverified")
        return super().clean()


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name"]
