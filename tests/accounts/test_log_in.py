"""People log in with their email address; the demo administrator exists only in development."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse


def test_a_person_logs_in_to_the_admin_with_their_email(client, django_user_model):
    django_user_model.objects.create_superuser(email="Coordinator@Example.org", password="pw-12345!")

    response = client.post(reverse("admin:login"), {"username": "COORDINATOR@example.org", "password": "pw-12345!",
                                                    "next": reverse("admin:index")})

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
