"""A drafter signs up, confirms the email address from the link, and logs in."""

import re

import pytest
from django.urls import reverse

SIGNUP = reverse("accounts:signup")


def link_in(message) -> str:
    return re.search(r"http://[^\s]+(/accounts/verify/[^\s]+/)", message.body).group(1)


@pytest.fixture
def signed_up(client, db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the email leaves once the account is committed
        client.post(SIGNUP, {"email": "Drafter@Example.org", "full_name": "Amina Drafter",
                             "password1": "long-enough-pass-42", "password2": "long-enough-pass-42"})
    return mailoutbox


def test_signing_up_emails_a_confirmation_link_and_keeps_the_account_inactive(signed_up, django_user_model):
    user = django_user_model.objects.get(email="drafter@example.org")

    assert not user.is_active
    assert len(signed_up) == 1
    assert signed_up[0].to == ["drafter@example.org"]
    assert "Confirm your email address" in signed_up[0].subject
    assert signed_up[0].alternatives[0][1] == "text/html"


def test_opening_the_link_confirms_nothing_until_the_button_is_pressed(client, signed_up, django_user_model):
    link = link_in(signed_up[0])

    page = client.get(link)
    assert page.status_code == 200
    assert not django_user_model.objects.get(email="drafter@example.org").is_active

    response = client.post(link)
    assert response.status_code == 302
    assert django_user_model.objects.get(email="drafter@example.org").is_active
    assert client.get(reverse("accounts:profile")).status_code == 200  # logged in


def test_the_link_works_once(client, signed_up):
    link = link_in(signed_up[0])
    client.post(link)
    client.post(reverse("accounts:logout"))

    assert client.get(link).status_code == 400
    assert client.post(link).status_code == 400


def test_a_tampered_link_is_refused_clearly(client, signed_up):
    link = link_in(signed_up[0])

    response = client.get(link[:-3] + "xx/")

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert client.get("/accounts/verify/%%%/abc/").status_code in (400, 404)


def test_logging_in_before_confirming_says_so(client, signed_up):
    response = client.post(reverse("accounts:login"), {"username": "drafter@example.org",
                                                       "password": "long-enough-pass-42"})

    assert "Please confirm your email address first" in response.content.decode()


def test_a_new_link_can_be_asked_for_without_revealing_accounts(client, signed_up):
    client.post(reverse("accounts:resend_verification"), {"email": "drafter@example.org"})
    unknown = client.post(reverse("accounts:resend_verification"), {"email": "nobody@example.org"})

    assert len(signed_up) == 2
    assert "Check your email" in unknown.content.decode()


def test_a_second_account_with_the_same_email_is_refused_and_the_form_kept(client, signed_up):
    response = client.post(SIGNUP, {"email": "DRAFTER@example.org", "full_name": "Someone Else",
                                    "password1": "long-enough-pass-42", "password2": "long-enough-pass-42"})

    html = response.content.decode()
    assert "already exists" in html
    assert 'value="Someone Else"' in html


def test_weak_or_mismatched_passwords_are_refused_with_a_message(client, db):
    response = client.post(SIGNUP, {"email": "a@example.org", "full_name": "A",
                                    "password1": "password", "password2": "passwort"})

    assert response.status_code == 200
    assert "didn’t match" in response.content.decode() or "too common" in response.content.decode()


def test_over_long_and_hostile_input_never_gives_an_error_page(client, db):
    response = client.post(SIGNUP, {"email": "x" * 300 + "@example.org", "full_name": "<script>alert(1)</script>" * 20,
                                    "password1": "p" * 5000, "password2": "p" * 5000})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
