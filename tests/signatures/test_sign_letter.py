"""A partner organization signs from the public page and confirms by email."""

from r2p_letters.letters.models import Signatory
from r2p_letters.signatures.models import Signature

from ..helpers.signing import SIGNER, link_in


def test_it_records_a_pending_signature_and_emails_a_confirmation_link(client, open_sign_on, run_worker):
    response = client.post(f"/letters/{open_sign_on.letter.slug}/sign/", SIGNER)

    assert response.status_code == 302
    assert "check-your-email" in response["Location"]
    signature = Signature.objects.get()
    assert signature.status == Signature.Status.PENDING
    assert signature.signed_text.number == 1
    sent = run_worker()
    assert [m.to for m in sent] == [["joseph@lcdh.example.org"]]
    assert "/sign/confirm/" in sent[0].body


def test_opening_the_confirmation_link_confirms_nothing_until_the_button_is_pressed(client, open_sign_on, run_worker):
    client.post(f"/letters/{open_sign_on.letter.slug}/sign/", SIGNER)
    confirm_path = link_in(run_worker()[0], "/sign/confirm/")

    page = client.get(confirm_path)

    assert page.status_code == 200
    assert "Confirm my signature" in page.text
    assert Signature.objects.get().status == Signature.Status.PENDING
    assert not Signatory.objects.filter(source=Signatory.Source.ONLINE).exists()


def test_the_confirmed_signature_prints_on_the_letter_and_counts(client, open_sign_on, run_worker):
    client.post(f"/letters/{open_sign_on.letter.slug}/sign/", SIGNER)
    confirm_path = link_in(run_worker()[0], "/sign/confirm/")

    response = client.post(confirm_path)

    assert "is confirmed" in response.text
    document = client.get(f"/letters/{open_sign_on.letter.slug}/document/").text
    assert "Ligue centrafricaine des droits de l&#39;homme (Bangui, Central African Republic)" in document
    assert "Joseph Bindoumi" not in document  # only the organization prints, as chosen
    page = client.get(f"/letters/{open_sign_on.letter.slug}/")
    assert "<strong>1</strong> signature" in page.text


def test_confirming_twice_is_harmless(client, open_sign_on, run_worker):
    client.post(f"/letters/{open_sign_on.letter.slug}/sign/", SIGNER)
    confirm_path = link_in(run_worker()[0], "/sign/confirm/")

    client.post(confirm_path)
    again = client.post(confirm_path)

    assert "already confirmed" in again.text
    open_sign_on.refresh_from_db()
    assert open_sign_on.shown_count == 1
    assert Signatory.objects.filter(source=Signatory.Source.ONLINE).count() == 1
    confirmed_emails = [m for m in run_worker() if "is confirmed" in m.subject]
    assert len(confirmed_emails) == 1
