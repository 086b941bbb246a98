"""People log in with their email address; the demo administrator exists only in development."""

import re
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse


def test_a_person_logs_in_to_the_admin_with_their_email(client, django_user_model):
    django_user_model.objects.create_superuser(email="Coordinator@Example.org", password="pw-12345!")

    response = client.post(
        reverse("admin:login"),
        {"username": "COORDINATOR@example.org", "password": "pw-12345!", "next": reverse("admin:index")},
    )

    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_two_accounts_cannot_share_an_email(django_user_model):
    from django.db import IntegrityError

    django_user_model.objects.create_user(email="editor@example.org", password="pw-12345!")
    with pytest.raises(IntegrityError):
        django_user_model.objects.create_user(email="EDITOR@example.org", password="pw-12345!")


def test_the_demo_administrator_is_refused_without_debug(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("create_demo_admin")


def test_the_demo_administrator_is_created_once_in_development(db, settings, django_user_model):
    settings.DEBUG = True

    call_command("create_demo_admin")
    call_command("create_demo_admin")

    assert django_user_model.objects.filter(email="admin@example.org", is_superuser=True).count() == 1


LOGIN = reverse("accounts:login")


@pytest.fixture(autouse=True)
def day_long_windows(settings):
    """The default counts, in windows long enough that none ends in the middle of a test."""
    settings.LOGIN_RATE_PER_ACCOUNT = settings.LOGIN_RATE_PER_ACCOUNT.split("/")[0] + "/d"
    settings.LOGIN_RATE_PER_CLIENT = settings.LOGIN_RATE_PER_CLIENT.split("/")[0] + "/d"


@pytest.fixture
def drafter(django_user_model):
    user = django_user_model.objects.create_user(email="drafter@example.org", password="the-right-pass-42")
    user.last_login = user.date_joined
    user.save()
    return user


def guess(client, password, email="drafter@example.org", url=LOGIN, **extra):
    return client.post(url, {"username": email, "password": password}, **extra)


def test_forty_wrong_passwords_then_the_right_one_is_refused_and_says_when_to_retry(client, drafter):
    for n in range(40):
        guess(client, f"guess-{n}")

    answer = guess(client, "the-right-pass-42")

    assert answer.status_code == 429
    assert "Too many failed attempts to log in" in answer.text
    assert re.search(r"try again in \d+\xa0(minute|hour)", answer.text)
    assert client.get(reverse("accounts:profile")).status_code == 302  # not logged in


def test_the_administration_log_in_is_paused_the_same_way(client, django_user_model):
    django_user_model.objects.create_superuser(email="coordinator@example.org", password="pw-12345!")
    admin_login = reverse("admin:login")
    for n in range(40):
        guess(client, f"guess-{n}", email="coordinator@example.org", url=admin_login)

    answer = guess(client, "pw-12345!", email="coordinator@example.org", url=admin_login)

    assert "Too many failed attempts to log in" in answer.text
    assert client.get(reverse("admin:index")).status_code == 302


def test_guesses_from_many_networks_pause_the_account(drafter, settings):
    for n in range(10):
        guess(Client(REMOTE_ADDR=f"198.51.100.{n}"), "wrong")

    assert guess(Client(REMOTE_ADDR="203.0.113.7"), "the-right-pass-42").status_code == 429


def test_guesses_at_many_accounts_from_one_network_pause_that_network_only(drafter):
    for n in range(30):
        guess(Client(), "wrong", email=f"someone{n}@example.org")

    assert guess(Client(), "the-right-pass-42").status_code == 429
    assert guess(Client(REMOTE_ADDR="203.0.113.7"), "the-right-pass-42").status_code == 302


def test_a_few_mistakes_do_not_pause_anyone(client, drafter):
    for n in range(9):
        guess(client, f"typo-{n}")

    assert guess(client, "the-right-pass-42").status_code == 302


def test_logging_in_works_again_once_the_period_is_over(client, drafter, settings):
    settings.LOGIN_RATE_PER_ACCOUNT = "3/2s"
    # Guess until paused: on a slow machine the first guesses may fall in an earlier window.
    answers = [guess(client, f"guess-{n}").status_code for n in range(20)]
    assert 429 in answers

    time.sleep(2.1)  # the next window, whatever its offset

    assert guess(client, "the-right-pass-42").status_code == 302


def test_the_pause_is_explained_in_french(client, drafter):
    for n in range(10):
        guess(client, f"guess-{n}")

    answer = guess(client, "the-right-pass-42", HTTP_ACCEPT_LANGUAGE="fr")

    assert "Trop de tentatives de connexion" in answer.text
    assert re.search(r"réessayez dans \d+\xa0(minute|heure)", answer.text)
