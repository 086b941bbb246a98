"""Someone who forgot the password resets it from an emailed link, and edits the profile."""

import re

from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

RESET = reverse("accounts:password_reset")


def test_a_forgotten_password_is_reset_from_the_emailed_link(client, django_user_model, run_worker):
    django_user_model.objects.create_user(email="editor@example.org", password="old-password-42")

    client.post(RESET, {"email": "editor@example.org"})
    sent = run_worker()
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/[^\s]+/)", sent[0].body).group(1)
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": "new-password-4242", "new_password2": "new-password-4242"}
    )

    assert client.login(username="editor@example.org", password="new-password-4242")


def test_the_profile_saves_the_name(client, django_user_model):
    user = django_user_model.objects.create_user(email="editor@example.org", password="pw-12345!x")
    client.force_login(user)

    client.post(reverse("accounts:profile"), {"full_name": "Jean Rédacteur"})

    user.refresh_from_db()
    assert user.full_name == "Jean Rédacteur"


def test_the_profile_needs_a_login(client, db):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_logging_out_takes_a_post(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(email="e@example.org", password="pw-12345!x"))

    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_a_known_and_an_unknown_address_get_the_same_answer_for_the_same_work(django_user_model, run_worker):
    django_user_model.objects.create_user(email="editor@example.org", password="old-password-42")
    answers, queries = [], []
    for address in ("editor@example.org", "nobody@example.org"):
        with CaptureQueriesContext(connection) as captured:
            answers.append(Client().post(RESET, {"email": address}))
        queries.append([query["sql"] for query in captured.captured_queries])

    assert [(a.status_code, a["Location"]) for a in answers] == [(302, reverse("accounts:password_reset_done"))] * 2
    # Same statements, in the same order: the request neither looks the account up nor sends anything.
    assert [re.sub(r"'[^']*'|\d+", "?", q) for q in queries[0]] == [re.sub(r"'[^']*'|\d+", "?", q) for q in queries[1]]
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 2
    assert [message.to for message in run_worker()] == [["editor@example.org"]]


def test_asking_again_and_again_for_one_address_is_refused_alike_for_known_and_unknown(db, django_user_model, settings):
    django_user_model.objects.create_user(email="editor@example.org", password="old-password-42")
    settings.EMAIL_RATE_PER_CLIENT = "100/h"
    answers = {}
    for address in ("editor@example.org", "nobody@example.org"):
        for _ in range(5):
            assert Client().post(RESET, {"email": address}).status_code == 302
        answers[address] = Client().post(RESET, {"email": address})

    for address, answer in answers.items():
        assert answer.status_code == 429
        assert f"Too many emails went to {address} in a short time. Nothing was sent" in answer.text
        assert "try again in" in answer.text
        assert f'value="{address}"' in answer.text
    assert DBTaskResult.objects.count() == 10


def test_one_network_asking_for_many_addresses_is_refused(db, settings):
    settings.EMAIL_RATE_PER_CLIENT = "5/h"
    for n in range(5):
        Client().post(RESET, {"email": f"person{n}@example.org"})

    refused = Client().post(RESET, {"email": "person5@example.org"})

    assert refused.status_code == 429
    assert "Too many emails were asked for from your network" in refused.text
    assert Client(REMOTE_ADDR="192.0.2.9").post(RESET, {"email": "person5@example.org"}).status_code == 302
