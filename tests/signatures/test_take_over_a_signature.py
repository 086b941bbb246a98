"""A signer's links open her own signature, and only the signing act they were sent for: a stranger who signed
for the same organization first, then withdrew, holds no link to the real signer's signature."""

import html

import pytest
from django.core import signing
from django.urls import reverse

from r2p_letters.signatures.models import Signature
from r2p_letters.signatures.services import StaleLink, signature_confirm, signature_submit

from ..helpers.signing import SIGNER, link_in

HRW = {**SIGNER, "organization": "Human Rights Watch", "city": "New York", "country": "US"}
BOB = {**HRW, "person_name": "Bob Stranger", "person_title": "Nobody", "email": "bob@stranger.example.org"}
TIRANA = {
    **HRW,
    "person_name": "Tirana Hassan",
    "person_title": "Executive Director",
    "email": "tirana@hrw.example.org",
}


def sign(client, sign_on, data):
    return client.post(f"/letters/{sign_on.letter.slug}/sign/", data)


def links_of_a_confirmed_then_withdrawn_signature(client, sign_on, run_worker, data) -> tuple[str, str]:
    """Sign, confirm from the email, withdraw from the next email: the confirm and manage links."""
    assert sign(client, sign_on, data).status_code == 302
    confirm = link_in(run_worker()[-1], "/sign/confirm/")
    client.post(confirm)
    manage = link_in(run_worker()[-1], "/sign/manage/")
    client.post(manage, {"action": "withdraw"})
    return confirm, manage


def test_a_strangers_old_links_open_nothing_of_the_real_signers_signature(client, open_sign_on, run_worker):
    bob_confirm, bob_manage = links_of_a_confirmed_then_withdrawn_signature(client, open_sign_on, run_worker, BOB)

    # The real signer signs for her organization: she is not told it signed already, and gets her own link.
    assert sign(client, open_sign_on, TIRANA).status_code == 302
    tirana_confirm = link_in(run_worker()[-1], "/sign/confirm/")
    tirana = Signature.objects.get(email_key="tirana@hrw.example.org")

    # Bob's links: no confirming her signature, no reading her name or title, no rewriting, no withdrawing.
    confirmed = client.post(bob_confirm)
    page = client.get(bob_manage)
    rewritten = client.post(bob_manage, {**HRW, "person_name": "Bob Rewrote", "person_title": "Puppet"})
    withdrawn = client.post(bob_manage, {"action": "withdraw"}, follow=True)

    for response in (confirmed, page, rewritten, withdrawn):
        assert response.status_code < 500
        assert "Tirana" not in response.text and "Executive Director" not in response.text
    tirana.refresh_from_db()
    assert (tirana.status, tirana.person_name, tirana.person_title) == (
        Signature.Status.PENDING,
        "Tirana Hassan",
        "Executive Director",
    )

    # Her own link confirms her signature, and it prints.
    client.post(tirana_confirm)
    tirana.refresh_from_db()
    assert tirana.status == Signature.Status.CONFIRMED
    assert "Human Rights Watch" in client.get(f"/letters/{open_sign_on.letter.slug}/document/").text


def test_signing_again_after_withdrawing_makes_the_old_links_no_longer_valid(client, open_sign_on, run_worker):
    old_confirm, old_manage = links_of_a_confirmed_then_withdrawn_signature(client, open_sign_on, run_worker, TIRANA)

    assert sign(client, open_sign_on, {**TIRANA, "city": "Geneva"}).status_code == 302
    new_confirm = link_in(run_worker()[-1], "/sign/confirm/")

    for response in (client.post(old_confirm), client.get(old_manage), client.post(old_manage, {"action": "withdraw"})):
        assert response.status_code == 410
        assert "This link is no longer valid" in html.unescape(response.text)
        assert "Geneva" not in response.text
    assert Signature.objects.get().status == Signature.Status.PENDING

    client.post(new_confirm)
    assert Signature.objects.get().status == Signature.Status.CONFIRMED


def test_a_link_read_just_before_the_signature_was_signed_again_changes_nothing(open_sign_on):
    submitted = signature_submit(sign_on=open_sign_on, data={**TIRANA, "show_name": False, "authorized": True})
    as_the_old_link_found_it = Signature.objects.get(pk=submitted.signature.pk)
    Signature.objects.filter(pk=submitted.signature.pk).update(link_nonce="another-signing-act")

    with pytest.raises(StaleLink):
        signature_confirm(signature=as_the_old_link_found_it, version_number=1)
    assert Signature.objects.get().status == Signature.Status.PENDING


def test_a_link_that_names_no_signing_act_opens_no_signature_made_since(client, open_sign_on):
    sign(client, open_sign_on, TIRANA)
    signature = Signature.objects.get()
    legacy = signing.dumps({"s": signature.pk, "v": 1}, salt="signatures.confirm")

    response = client.post(reverse("signatures:confirm", args=[legacy]))

    assert response.status_code == 410
    assert Signature.objects.get().status == Signature.Status.PENDING
