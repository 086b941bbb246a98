"""Fixtures shared by every test: the example library, a cast of users, and a letter factory."""

import pytest

from r2p_letters.letters.models import Letter
from r2p_letters.letters.services import examples_load, letter_templates_sync_builtin

from .factories import LetterFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Passwords hash with a fast algorithm in tests: the real one takes a second on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def examples(db):
    """The shipped catalogue, templates and the three seed letters, as `make run` loads them."""
    examples_load()
    return {letter.slug: letter for letter in Letter.objects.with_everything()}


@pytest.fixture
def builtin_templates(db):
    return {t.slug: t for t in letter_templates_sync_builtin()}


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser(email="coordinator@example.org", password="pw-12345!")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def make_letter(builtin_templates):
    def make(**kwargs):
        kwargs.setdefault("template", builtin_templates["open-letter-security-council"])
        return LetterFactory(**kwargs)

    return make
