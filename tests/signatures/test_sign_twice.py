"""One signature per organization and one per email: a second attempt is told so, never a second row."""

from r2p_letters.lib.text import name_key
from r2p_letters.signatures.models import Signature

from ..helpers.signing import SIGNER, link_in


def sign(client, sign_on, **changes):
    return client.post(f"/letters/{sign_on.letter.slug}/sign/", {**SIGNER, **changes})


def test_it_folds_case_spaces_accents_and_punctuation_of_organization_names():
    assert name_key("  Ligue Centrafricaine des Droits de l’Homme. ") == name_key(
        "ligue centrafricaine des droits de l homme"
    )
    assert name_key("Société  Civile") == name_key("societe civile")
    assert name_key("Human Rights Watch") != name_key("Human Rights First")


def test_it_folds_letters_that_look_alike_across_alphabets_but_not_different_names():
    assert name_key("ВВС Media Action") == name_key("BBC Media Action")  # Cyrillic В and С
    assert name_key("Amnesty lnternational") == name_key("AMNESTY INTERNATIONAL")  # a small L for the capital I
    assert name_key("Мемориал") == name_key("МЕМОРИАЛ")  # other alphabets still fold their case
    assert name_key("Ελληνικό Συμβούλιο") == name_key("ΕΛΛΗΝΙΚΌ ΣΥΜΒΟΎΛΙΟ")
    assert name_key("Partner Gamma") != name_key("Partner Delta")


def test_a_look_alike_of_an_organization_that_signed_is_told_it_signed_already(client, open_sign_on):
    sign(client, open_sign_on, organization="BBC Media Action", email="director@bbcmediaaction.example.org")

    response = sign(client, open_sign_on, organization="ВВС Media Action", email="squatter@stranger.example.org")

    assert response.status_code == 409
    assert "has already signed this letter" in response.text
    assert Signature.objects.count() == 1


def test_it_refuses_a_second_signature_from_the_same_email_and_offers_to_resend(client, open_sign_on, run_worker):
    sign(client, open_sign_on)

    response = sign(client, open_sign_on, organization="Another name entirely")

    assert response.status_code == 409
    assert "already signed this letter with this email address" in response.text
    assert "Send me the confirmation link again" in response.text
    assert Signature.objects.count() == 1


def test_it_refuses_the_same_organization_written_another_way(client, open_sign_on):
    sign(client, open_sign_on)

    response = sign(
        client,
        open_sign_on,
        email="someone.else@lcdh.example.org",
        organization="LIGUE CENTRAFRICAINE des droits de l’homme.",
    )

    assert response.status_code == 409
    assert "has already signed this letter" in response.text
    assert Signature.objects.count() == 1
    # The typed details stay in the form.
    assert "someone.else@lcdh.example.org" in response.text


def test_the_email_address_is_matched_whatever_its_case(client, open_sign_on):
    sign(client, open_sign_on)

    response = sign(client, open_sign_on, email="JOSEPH@LCDH.example.org", organization="Other")

    assert response.status_code == 409
    assert Signature.objects.count() == 1


def test_asking_for_the_link_again_sends_a_new_one_that_works(client, open_sign_on, run_worker):
    sign(client, open_sign_on)
    run_worker()

    client.post(f"/letters/{open_sign_on.letter.slug}/sign/resend/", {"email": "Joseph@lcdh.example.org"})

    sent = run_worker()
    assert len(sent) == 2
    client.post(link_in(sent[1], "/sign/confirm/"))
    assert Signature.objects.get().status == Signature.Status.CONFIRMED


def test_asking_for_a_link_for_an_address_that_never_signed_says_the_same_and_sends_nothing(
    client, open_sign_on, run_worker
):
    response = client.post(
        f"/letters/{open_sign_on.letter.slug}/sign/resend/", {"email": "nobody@example.org"}, follow=True
    )

    assert "If this address signed and has not confirmed yet" in response.text
    assert run_worker() == []


def test_a_withdrawn_signer_may_sign_again_on_the_same_row(client, open_sign_on, run_worker):
    sign(client, open_sign_on)
    client.post(link_in(run_worker()[0], "/sign/confirm/"))
    manage = link_in(run_worker()[-1], "/sign/manage/")
    client.post(manage, {"action": "withdraw"})

    response = sign(client, open_sign_on, city="Berbérati")

    assert response.status_code == 302
    signature = Signature.objects.get()
    assert (signature.status, signature.city) == (Signature.Status.PENDING, "Berbérati")


def test_an_organization_the_drafters_already_list_is_told_it_signs_already(client, open_sign_on):
    from tests.factories import SignatoryFactory

    SignatoryFactory(letter=open_sign_on.letter, organization="Human Rights Watch", city="New York", country="US")

    response = sign(client, open_sign_on, organization="human rights watch", email="hrw@example.org")

    assert response.status_code == 409
    assert "human rights watch has already signed this letter" in response.text
    assert not Signature.objects.exists()
