"""A drafter signs up, confirms the email address from the link, and logs in."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode
from django_tasks_db.models import DBTaskResult

SIGNUP = reverse("accounts:signup")


def link_in(message) -> str:
    return re.search(r"http://[^\s]+(/accounts/verify/[^\s]+/)", message.body).group(1)


def sign_up(client, email, full_name="Amina Drafter", password="long-enough-pass-42"):
    return client.post(SIGNUP, {"email": email, "full_name": full_name, "password1": password, "password2": password})


def without(page: str, address: str) -> str:
    """The page with the address it names and its one-time CSRF token blanked: what else differs, tells."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page).replace(address, "ADDRESS")


@pytest.fixture
def signed_up(client, run_worker):
    sign_up(client, "Drafter@Example.org")
    return run_worker()  # the worker sends the queued email


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
    response = client.post(
        reverse("accounts:login"), {"username": "drafter@example.org", "password": "long-enough-pass-42"}
    )

    assert "Please confirm your email address first" in response.content.decode()


def test_a_new_link_can_be_asked_for_without_revealing_accounts(client, signed_up, run_worker):
    known = client.post(reverse("accounts:resend_verification"), {"email": "drafter@example.org"})
    unknown = Client().post(reverse("accounts:resend_verification"), {"email": "nobody@example.org"})

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(run_worker()) == 2
    assert signed_up[1].to == ["drafter@example.org"]
    assert link_in(signed_up[1])


def test_signing_up_with_an_address_that_has_an_account_answers_as_for_a_new_address(db, django_user_model, run_worker):
    holder = django_user_model.objects.create_user(email="drafter@example.org", password="the-holders-pass-1")
    holder.last_login = holder.date_joined
    holder.save()

    taken, new = Client(), Client()
    answers = [
        sign_up(taken, "DRAFTER@example.org", full_name="Someone Else"),
        sign_up(new, "newcomer@example.org", full_name="Someone Else"),
    ]
    pages = [taken.get(answers[0]["Location"]), new.get(answers[1]["Location"])]

    assert [(a.status_code, a["Location"]) for a in answers] == [(302, reverse("accounts:check_email"))] * 2
    assert without(pages[0].text, "drafter@example.org") == without(pages[1].text, "newcomer@example.org")
    assert django_user_model.objects.filter(email__iexact="drafter@example.org").count() == 1
    holder.refresh_from_db()
    assert holder.check_password("the-holders-pass-1") and holder.full_name == ""
    sent = {message.to[0]: message for message in run_worker()}
    assert "Someone tried to create an account" in sent["drafter@example.org"].body
    assert "/accounts/password/reset/" in sent["drafter@example.org"].body
    assert "Confirm your email address" in sent["newcomer@example.org"].subject


def test_signing_up_again_before_confirming_sends_a_new_link_and_keeps_the_first_password(
    client, signed_up, run_worker, django_user_model
):
    sign_up(Client(), "drafter@example.org", password="another-pass-4242")

    run_worker()
    assert len(signed_up) == 2 and link_in(signed_up[1])
    assert django_user_model.objects.get(email="drafter@example.org").check_password("long-enough-pass-42")


def test_the_sign_up_email_is_queued_not_sent_in_the_request(client, run_worker):
    sign_up(client, "drafter@example.org")

    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert len(run_worker()) == 1


def test_the_check_your_email_page_shows_only_the_address_signed_up_with(client, db):
    forged = reverse("accounts:check_email") + "?" + urlencode({"to": "Call +1 555 0100 to confirm", "email": "x"})

    assert "Call +1 555 0100" not in client.get(forged).text
    sign_up(client, "drafter@example.org")
    page = client.get(forged)
    assert "<strong>drafter@example.org</strong>" in page.text
    assert "Call +1 555 0100" not in page.text


def test_too_many_sign_ups_from_one_network_are_refused_with_the_form_kept(client, db, settings, django_user_model):
    settings.EMAIL_RATE_PER_CLIENT = "3/h"
    for n in range(3):
        assert sign_up(Client(), f"person{n}@example.org").status_code == 302

    refused = sign_up(Client(), "person3@example.org", full_name="Fourth Person")

    assert refused.status_code == 429
    assert "Too many emails were asked for from your network" in refused.text
    assert "try again in" in refused.text
    assert 'value="Fourth Person"' in refused.text and 'value="person3@example.org"' in refused.text
    assert not django_user_model.objects.filter(email="person3@example.org").exists()


def test_weak_or_mismatched_passwords_are_refused_with_a_message(client, db):
    response = client.post(
        SIGNUP, {"email": "a@example.org", "full_name": "A", "password1": "password", "password2": "passwort"}
    )

    assert response.status_code == 200
    assert "didn’t match" in response.content.decode() or "too common" in response.content.decode()


def test_over_long_and_hostile_input_never_gives_an_error_page(client, db):
    response = client.post(
        SIGNUP,
        {
            "email": "x" * 300 + "@example.org",
            "full_name": "<script>alert(1)</script>" * 20,
            "password1": "p" * 5000,
            "password2": "p" * 5000,
        },
    )

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
