"""Signers sign for an organization (authorized to) or in a personal capacity (the organization named for
identification only), and each signature keeps the notice its signer read and the choices they made."""

import io

import docx
import pytest
from django.urls import reverse

from r2p_letters.letters.models import Letter
from r2p_letters.signatures.models import Signature, SigningNotice
from r2p_letters.signatures.services import sign_on_update

from ..helpers.pdf import pdf_text
from ..helpers.signing import SIGNER, link_in

pytestmark = pytest.mark.django_db

PERSONAL = {
    **SIGNER,
    "kind": "individual",
    "organization": "Université de Bangui",
    "person_name": "Marie Ndanga",
    "person_title": "Professeure",
    "email": "marie@example.org",
    "authorized": "",
}


def sign_url(sign_on) -> str:
    return reverse("signatures:sign", args=[sign_on.letter.slug])


def flat(text: str) -> str:
    return " ".join(text.split())


def test_signing_for_an_organization_asks_the_signer_to_say_they_are_authorized(client, open_sign_on):
    refused = client.post(sign_url(open_sign_on), {**SIGNER, "authorized": ""})

    assert refused.status_code == 422
    assert "Only a person authorized to sign for the organization may sign for it" in refused.text
    assert not Signature.objects.exists()
    client.post(sign_url(open_sign_on), SIGNER)
    assert Signature.objects.get().authorized is True


def test_no_visibility_is_chosen_for_the_signer(client, open_sign_on):
    form = client.get(sign_url(open_sign_on)).text
    refused = client.post(sign_url(open_sign_on), {**SIGNER, "visibility": ""})

    assert 'name="visibility" value="counted"' in form and "checked" not in form.split('name="visibility"')[1][:60]
    assert refused.status_code == 422
    assert "Choose who may see the name you sign with." in refused.text


def test_a_letter_for_organizations_only_refuses_a_personal_signature(client, open_sign_on):
    refused = client.post(sign_url(open_sign_on), PERSONAL)

    assert refused.status_code == 422
    assert not Signature.objects.exists()


def test_a_personal_signature_prints_its_organization_for_identification_only_in_the_letters_language(
    client, open_sign_on, run_worker
):
    sign_on_update(sign_on=open_sign_on, signers="both")
    Letter.objects.filter(pk=open_sign_on.letter_id).update(language="fr")
    client.post(sign_url(open_sign_on), PERSONAL)  # the signer reads the site in English
    client.post(link_in(run_worker()[-1], "/sign/confirm/"))
    slug = open_sign_on.letter.slug

    line = (
        "Marie Ndanga, Professeure, Université de Bangui (Bangui, République centrafricaine), organisation "
        "mentionnée à titre d’identification seulement"
    )
    assert line in flat(client.get(reverse("letters:export", args=[slug, "text"])).content.decode())
    assert line in flat(pdf_text(client.get(reverse("letters:pdf", args=[slug])).content))
    paragraphs = docx.Document(io.BytesIO(client.get(reverse("letters:export", args=[slug, "docx"])).content))
    assert line in [flat(p.text) for p in paragraphs.paragraphs]
    assert '"capacity": "personal"' in client.get(reverse("letters:export", args=[slug, "json"])).content.decode()


def test_in_english_the_mark_reads_for_identification_only(client, open_sign_on, run_worker):
    sign_on_update(sign_on=open_sign_on, signers="both")
    client.post(sign_url(open_sign_on), PERSONAL, HTTP_ACCEPT_LANGUAGE="fr")
    client.post(link_in(run_worker()[-1], "/sign/confirm/"))

    text = flat(client.get(reverse("letters:export", args=[open_sign_on.letter.slug, "text"])).content.decode())
    assert "Université de Bangui (Bangui, Central African Republic), organization for identification only" in text


def test_signing_for_an_organization_prints_no_mark(client, open_sign_on, run_worker):
    client.post(sign_url(open_sign_on), SIGNER)
    client.post(link_in(run_worker()[-1], "/sign/confirm/"))

    text = flat(client.get(reverse("letters:export", args=[open_sign_on.letter.slug, "text"])).content.decode())
    assert "Ligue centrafricaine des droits de l'homme (Bangui, Central African Republic)" in text
    assert "identification" not in text


def test_the_signature_keeps_the_notice_read_in_the_signers_language_and_each_choice(client, open_sign_on):
    page = client.get(sign_url(open_sign_on), HTTP_ACCEPT_LANGUAGE="fr").text
    notice = SigningNotice.current("fr")
    assert notice.language == "fr" and notice.text.split("R2P Letters")[0] in page

    client.post(sign_url(open_sign_on), {**SIGNER, "visibility": "council"}, HTTP_ACCEPT_LANGUAGE="fr")

    signature = Signature.objects.get()
    assert signature.notice == notice
    assert signature.consent_at is not None
    assert signature.choices == {
        "kind": "organization",
        "authorized": True,
        "show_name": False,
        "visibility": "council",
        "may_contact": False,
        "share_with_co_leads": False,
    }


def test_being_contacted_is_the_signers_choice_unticked_by_default(client, open_sign_on):
    form = client.get(sign_url(open_sign_on)).text
    assert 'name="may_contact"' in form
    assert "checked" not in form.split('name="may_contact"')[1].split(">")[0]

    client.post(sign_url(open_sign_on), {**SIGNER, "may_contact": "on"})

    signature = Signature.objects.get()
    assert signature.may_contact is True and signature.choices["may_contact"] is True


def test_a_new_notice_version_is_what_the_next_signer_reads_and_keeps(client, open_sign_on):
    SigningNotice.objects.create(version=2, language="en", text="I agree to notice two.")

    assert "I agree to notice two." in client.get(sign_url(open_sign_on)).text
    client.post(sign_url(open_sign_on), SIGNER)
    assert Signature.objects.get().notice.version == 2
    # French signers keep reading version 1 until it is translated.
    assert SigningNotice.current("fr").version == 1
