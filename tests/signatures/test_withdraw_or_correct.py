"""A signer withdraws or corrects a signature from the link in the confirmation email."""

from django.test import override_settings

from r2p_letters.letters.models import Signatory
from r2p_letters.signatures.models import Signature

from ..helpers.signing import SIGNER, link_in


def signed_and_confirmed(client, sign_on, run_worker, **changes):
    client.post(f"/letters/{sign_on.letter.slug}/sign/", {**SIGNER, **changes})
    client.post(link_in(run_worker()[-1], "/sign/confirm/"))
    return link_in(run_worker()[-1], "/sign/manage/")


def test_the_confirmation_email_holds_a_link_to_withdraw(client, open_sign_on, run_worker):
    manage = signed_and_confirmed(client, open_sign_on, run_worker)

    page = client.get(manage)

    assert page.status_code == 200
    assert "Withdraw my signature" in page.text


def test_withdrawing_removes_the_signature_from_the_letter_and_the_count(client, open_sign_on, run_worker):
    manage = signed_and_confirmed(client, open_sign_on, run_worker)

    client.post(manage, {"action": "withdraw"})

    assert Signature.objects.get().status == Signature.Status.WITHDRAWN
    assert not Signatory.objects.filter(source=Signatory.Source.ONLINE).exists()
    open_sign_on.refresh_from_db()
    assert open_sign_on.shown_count == 0
    assert "Ligue centrafricaine" not in client.get(f"/letters/{open_sign_on.letter.slug}/document/").text


def test_a_withdrawn_signature_cannot_be_confirmed_again_by_the_old_link(client, open_sign_on, run_worker):
    client.post(f"/letters/{open_sign_on.letter.slug}/sign/", SIGNER)
    confirm = link_in(run_worker()[0], "/sign/confirm/")
    client.post(confirm)
    client.post(link_in(run_worker()[-1], "/sign/manage/"), {"action": "withdraw"})

    response = client.post(confirm)

    assert "cannot be confirmed" in response.text
    assert Signature.objects.get().status == Signature.Status.WITHDRAWN


def test_correcting_the_details_changes_the_printed_line(client, open_sign_on, run_worker):
    manage = signed_and_confirmed(client, open_sign_on, run_worker)

    response = client.post(manage, {**SIGNER, "city": "Bossangoa", "show_name": "yes"}, follow=True)

    assert "Your corrections are saved" in response.text
    document = client.get(f"/letters/{open_sign_on.letter.slug}/document/").text
    assert "Bossangoa" in document
    assert "Joseph Bindoumi" in document


def test_a_correction_with_an_empty_organization_keeps_the_typed_text_and_says_why(client, open_sign_on, run_worker):
    manage = signed_and_confirmed(client, open_sign_on, run_worker)

    response = client.post(manage, {**SIGNER, "organization": "", "city": "Typed city kept"})

    assert response.status_code == 422
    assert "Give the name of the organization that signs." in response.text
    assert "Typed city kept" in response.text
    assert Signature.objects.get().city == "Bangui"


def test_a_tampered_link_is_refused_with_a_clear_page(client, open_sign_on, run_worker):
    manage = signed_and_confirmed(client, open_sign_on, run_worker)

    response = client.get(manage[:-3] + "xx/")

    assert response.status_code == 400
    assert "This link does not work" in response.text


def test_an_expired_confirmation_link_is_refused(client, open_sign_on, run_worker):
    client.post(f"/letters/{open_sign_on.letter.slug}/sign/", SIGNER)
    confirm = link_in(run_worker()[0], "/sign/confirm/")

    with override_settings(SIGNATURE_CONFIRM_MAX_AGE=-1):
        response = client.post(confirm)

    assert response.status_code == 400
    assert Signature.objects.get().status == Signature.Status.PENDING
