"""Editors name each member's addressee for this letter, without JavaScript; what they enter prints."""

import pytest

from r2p_letters.council.models import AddresseeDefault, PackAddressee

from ..helpers.council import formset_data
from ..helpers.pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_an_edited_addressee_persists_and_prints(ministers_letter, as_, pack_url):
    editor = as_("editor")
    response = editor.post(
        pack_url(ministers_letter),
        formset_data(
            FR={
                "name": "M. Jean-Noël Barrot",
                "title": "Ministre de l'Europe et des Affaires étrangères",
                "salutation": "Monsieur le Ministre,",
            }
        ),
    )

    assert response.status_code == 302
    row = PackAddressee.objects.get(letter=ministers_letter, country="FR")
    assert row.name == "M. Jean-Noël Barrot"
    page = editor.get(response["Location"]).content.decode()
    assert "The addressees are saved." in page and "Jean-Noël Barrot" in page
    text = " ".join(pdf_text(editor.get(pack_url(ministers_letter, "member_pdf", country="fr")).content).split())
    assert "H.E. M. Jean-Noël Barrot Ministre de l'Europe et des Affaires étrangères" in text
    assert "Monsieur le Ministre," in text and "Your Excellency" not in text
    # The others keep their defaults.
    other = " ".join(pdf_text(editor.get(pack_url(ministers_letter, "member_pdf", country="gr")).content).split())
    assert "Minister for Foreign Affairs of Greece" in other and "Barrot" not in other


def test_emptying_the_fields_goes_back_to_the_defaults(ministers_letter, as_, pack_url):
    PackAddressee.objects.create(letter=ministers_letter, audience="ministers", country="GR", name="Someone")

    as_("editor").post(pack_url(ministers_letter), formset_data())

    assert not PackAddressee.objects.filter(letter=ministers_letter).exists()


def test_member_state_defaults_from_the_admin_apply_to_every_letter(ministers_letter, as_, pack_url):
    AddresseeDefault.objects.create(country="LV", minister_name="Ms. Baiba Braže", salutation="Dear Minister,")

    text = " ".join(pdf_text(as_("viewer").get(pack_url(ministers_letter, "member_pdf", country="lv")).content).split())

    assert "H.E. Ms. Baiba Braže Minister for Foreign Affairs of Latvia" in text


def test_an_invalid_formset_says_what_is_wrong_and_saves_nothing(ministers_letter, as_, pack_url):
    data = formset_data(FR={"name": "x" * 201}, GR={"name": "Someone"})

    response = as_("editor").post(pack_url(ministers_letter), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "The addressees were not saved" in page
    assert "Ensure this value has at most 200 characters" in page
    assert not PackAddressee.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda d: d.update({"form-0-country": "DE"}),  # not a member in 2026
        lambda d: d.update({"form-1-country": d["form-0-country"]}),  # twice the same member
        lambda d: d.pop("form-TOTAL_FORMS"),  # no management form
        lambda d: d.update({"form-TOTAL_FORMS": "5000"}),
    ],
)
def test_tampered_forms_are_refused_with_a_message(ministers_letter, as_, pack_url, tamper):
    data = formset_data()
    tamper(data)

    response = as_("editor").post(pack_url(ministers_letter), data)

    assert response.status_code == 400
    assert "The addressees were not saved" in response.content.decode()
    assert not PackAddressee.objects.exists()


def test_a_name_typed_with_its_honorific_prints_it_once(ministers_letter, as_, pack_url):
    AddresseeDefault.objects.create(country="LV", representative_name="H. E. Ms. Sanita Pavļuta-Deslandes")
    editor = as_("editor")
    editor.post(pack_url(ministers_letter), formset_data(FR={"name": "H.E. M. Jean-Noël Barrot"}))

    france = " ".join(pdf_text(editor.get(pack_url(ministers_letter, "member_pdf", country="fr")).content).split())
    president = " ".join(
        pdf_text(editor.get(pack_url(ministers_letter, "president_pdf", month="2026-11")).content).split()
    )

    assert "H.E. M. Jean-Noël Barrot Minister for Foreign Affairs of France" in france
    assert "H.E. H.E." not in france
    assert president.count("H. E. Ms. Sanita Pavļuta-Deslandes") == 1 and "H.E. H. E." not in president


def test_a_surname_that_looks_like_the_honorific_still_gets_it_and_a_french_one_is_kept(
    ministers_letter, as_, pack_url
):
    editor = as_("editor")
    editor.post(pack_url(ministers_letter), formset_data(CN={"name": "He Yafei"}, FR={"name": "S.E. M. Barrot"}))

    china = " ".join(pdf_text(editor.get(pack_url(ministers_letter, "member_pdf", country="cn")).content).split())
    france = " ".join(pdf_text(editor.get(pack_url(ministers_letter, "member_pdf", country="fr")).content).split())

    assert "H.E. He Yafei" in china
    assert "S.E. M. Barrot" in france and "H.E. S.E." not in france
