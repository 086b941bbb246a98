"""Signed, expiring, single-use links that prove someone reads a mailbox."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "r2p_letters.accounts.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        # Changes once the address is verified (the account becomes active): the link works once.
        return f"{user.pk}{user.email}{user.is_active}{timestamp}"


email_verification_token = EmailVerificationTokenGenerator()
