"""Individuals sign with their name and title; who may sign is the organizers' choice."""

from r2p_letters.signatures.models import Signature
from r2p_letters.signatures.services import sign_on_update

from ..helpers.signing import SIGNER, link_in

PERSON = {
    **SIGNER,
    "kind": "individual",
    "organization": "",
    "person_name": "Mariam Diallo",
    "person_title": "Professor of International Law",
    "city": "Dakar",
    "country": "SN",
    "email": "mariam@example.org",
    "show_name": "yes",
}


def test_a_letter_open_to_organizations_refuses_individuals(client, open_sign_on):
    response = client.post(f"/letters/{open_sign_on.letter.slug}/sign/", PERSON)

    assert response.status_code == 422
    assert not Signature.objects.exists()


def test_an_individual_signs_with_name_and_title(client, open_sign_on, run_worker):
    sign_on_update(sign_on=open_sign_on, signers="both")

    client.post(f"/letters/{open_sign_on.letter.slug}/sign/", PERSON)
    client.post(link_in(run_worker()[-1], "/sign/confirm/"))

    document = client.get(f"/letters/{open_sign_on.letter.slug}/document/").text
    assert "Mariam Diallo" in document
    assert "Professor of International Law" in document


def test_an_individual_names_an_organization_for_identification_only(client, open_sign_on, run_worker):
    sign_on_update(sign_on=open_sign_on, signers="individuals")

    client.post(f"/letters/{open_sign_on.letter.slug}/sign/", {**PERSON, "organization": "Réseau des défenseurs"})
    client.post(link_in(run_worker()[-1], "/sign/confirm/"))

    document = client.get(f"/letters/{open_sign_on.letter.slug}/document/").text
    assert (
        "Mariam Diallo, Professor of International Law, Réseau des défenseurs (Dakar, Senegal), organization "
        "for identification only" in document
    )


def test_the_sign_page_works_in_french(client, open_sign_on):
    page = client.get(f"/letters/{open_sign_on.letter.slug}/sign/", HTTP_ACCEPT_LANGUAGE="fr")

    assert page.status_code == 200
    assert "Signer la lettre" in page.text


def test_the_countries_are_named_in_french_on_the_french_page(client, open_sign_on):
    page = client.get(f"/letters/{open_sign_on.letter.slug}/sign/", HTTP_ACCEPT_LANGUAGE="fr")

    assert '<option value="CF">République centrafricaine</option>' in page.text
