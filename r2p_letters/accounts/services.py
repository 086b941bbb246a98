"""Writes on accounts: sign-up, email verification."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from r2p_letters.lib import emails

from .tokens import email_verification_token

User = get_user_model()


def verification_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:verify", args=[uid, email_verification_token.make_token(user)])


def user_send_verification(*, user) -> None:
    """Email a link that activates the account (signed, expiring, single use)."""
    emails.verify_email(user.email, {"user": user, "path": verification_link(user)})


@transaction.atomic
def user_sign_up(*, email: str, full_name: str, password: str):
    """Create an inactive account and email its verification link."""
    user = User.objects.create_user(email=email, password=password, full_name=full_name, is_active=False)
    transaction.on_commit(lambda: user_send_verification(user=user))
    return user


def user_verify_email(*, user) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])
