"""Writes on accounts: sign-up, email verification, password reset requests.

Whoever asks, for an address with an account or without one, the request does the same work and gets
the same answer: the emails are queued (Django's tasks framework, sent by the worker), and what differs
is decided where no one is waiting for the answer.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from r2p_letters.lib import emails
from r2p_letters.lib.email_limits import emails_reserve

from .tokens import email_verification_token

User = get_user_model()


def _uid(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def verification_link(user) -> str:
    return reverse("accounts:verify", args=[_uid(user), email_verification_token.make_token(user)])


def _verification_context(user) -> dict:
    return {"user": {"full_name": user.full_name, "email": user.email}, "path": verification_link(user)}


def _is_unverified(user) -> bool:
    return not user.is_active and user.last_login is None


@transaction.atomic
def user_sign_up(*, email: str, full_name: str, password: str, language: str, client: str) -> None:
    """Create an inactive account and queue its verification link. For an address that has an account, its
    holder is emailed instead (a new link if it is not verified yet): the answer must not tell them apart.

    Raises ``EmailLimitReached`` (nothing written) when the client or the address asked too often.
    """
    email = email.strip().lower()
    emails_reserve(client=client, addresses=[email])
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(email=email, password=password, full_name=full_name, is_active=False)
        except IntegrityError:  # the same address signed up at the same moment
            existing = User.objects.get(email__iexact=email)
        else:
            emails.queue("verify-email", user.email, _verification_context(user), language=language)
            return
    # As long as hashing the new account's password: the time taken says nothing either.
    make_password(password)
    if _is_unverified(existing):
        emails.queue("verify-email", existing.email, _verification_context(existing), language=language)
    else:
        emails.queue(
            "sign-up-existing",
            existing.email,
            {
                "login_path": reverse("accounts:login"),
                "reset_path": reverse("accounts:password_reset"),
            },
            language=language,
        )


def user_verify_email(*, user) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])


@task
def verification_resend(email: str, language: str) -> None:
    """The worker's side of ``user_resend_verification``: a new link, if the address awaits verification."""
    user = User.objects.filter(email__iexact=email, is_active=False, last_login__isnull=True).first()
    if user is not None:  # queued on, so the email is retried and keeps one Message-ID like the others
        emails.queue("verify-email", user.email, _verification_context(user), language=language)


@transaction.atomic
def user_resend_verification(*, email: str, language: str, client: str) -> None:
    """Queue a new verification link for ``email``; the worker decides whether there is an account to verify.

    Raises ``EmailLimitReached`` when the client or the address asked too often.
    """
    emails_reserve(client=client, addresses=[email])
    verification_resend.enqueue(email, language)


@task
def password_reset_send(email: str, language: str) -> None:
    """The worker's side of ``password_reset_request``: a link for each active account of ``email``."""
    for user in PasswordResetForm().get_users(email):  # queued on: retried, one Message-ID (lib/emails.py)
        token = default_token_generator.make_token(user)
        emails.queue("password-reset", user.email, {"uid": _uid(user), "token": token}, language=language)


@transaction.atomic
def password_reset_request(*, email: str, language: str, client: str) -> None:
    """Queue the reset link for ``email``; whether an account uses it is decided by the worker.

    Raises ``EmailLimitReached`` when the client or the address asked too often.
    """
    emails_reserve(client=client, addresses=[email])
    password_reset_send.enqueue(email, language)
