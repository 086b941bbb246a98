"""Robots and floods: a honeypot field, and rate limits per client address and per email."""

import re

from django.test import override_settings

from r2p_letters.signatures.models import Signature

from ..helpers.signing import SIGNER


def test_a_form_with_the_hidden_field_filled_in_is_thanked_and_kept_nowhere(client, open_sign_on, run_worker):
    response = client.post(f"/letters/{open_sign_on.letter.slug}/sign/", {**SIGNER, "website": "http://spam.example"})

    assert response.status_code == 302
    assert not Signature.objects.exists()
    assert run_worker() == []


@override_settings(SIGN_RATE_PER_IP="3/h")
def test_too_many_signatures_from_one_address_are_refused_with_the_details_kept(client, open_sign_on):
    for i in range(3):
        client.post(
            f"/letters/{open_sign_on.letter.slug}/sign/",
            {**SIGNER, "email": f"s{i}@example.org", "organization": f"Organization {i}"},
        )

    response = client.post(
        f"/letters/{open_sign_on.letter.slug}/sign/",
        {**SIGNER, "email": "fourth@example.org", "organization": "The fourth organization"},
    )

    assert response.status_code == 429
    assert "Too many signatures came from here" in response.text
    assert re.search(r"try again in \d+ minutes?\.", response.text)
    assert "The fourth organization" in response.text
    assert Signature.objects.count() == 3


@override_settings(SIGN_RATE_PER_IP="3/h")
def test_the_limit_counts_each_client_address_apart(client, open_sign_on):
    for i in range(3):
        client.post(
            f"/letters/{open_sign_on.letter.slug}/sign/",
            {**SIGNER, "email": f"s{i}@example.org", "organization": f"Organization {i}"},
            REMOTE_ADDR="10.0.0.1",
        )

    response = client.post(
        f"/letters/{open_sign_on.letter.slug}/sign/", {**SIGNER, "email": "other@example.org"}, REMOTE_ADDR="10.0.0.2"
    )

    assert response.status_code == 302


@override_settings(SIGN_RATE_PER_EMAIL="2/h")
def test_too_many_attempts_with_one_email_are_refused(client, open_sign_on):
    for i in range(2):
        client.post(
            f"/letters/{open_sign_on.letter.slug}/sign/",
            {**SIGNER, "organization": f"Organization {i}"},
            REMOTE_ADDR=f"10.0.0.{i}",
        )

    response = client.post(f"/letters/{open_sign_on.letter.slug}/sign/", SIGNER, REMOTE_ADDR="10.0.0.9")

    assert response.status_code == 429


def test_the_client_address_is_kept_only_as_a_keyed_hash(client, open_sign_on):
    client.post(f"/letters/{open_sign_on.letter.slug}/sign/", SIGNER, REMOTE_ADDR="203.0.113.7")

    signature = Signature.objects.get()
    assert signature.ip_hash and "203.0.113.7" not in signature.ip_hash
    assert len(signature.ip_hash) == 64
