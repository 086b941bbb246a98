"""A letter prints its signatories' countries with the United Nations' short names, in the letter's language."""

from html import unescape

from django.urls import reverse

from ..factories import SignatoryFactory
from ..helpers.pdf import pdf_text


def test_the_pdf_prints_republic_of_korea_for_south_korea(client, make_letter):
    letter = make_letter()
    SignatoryFactory(letter=letter, organization="People's Solidarity", city="Seoul", country="KR")
    SignatoryFactory(letter=letter, organization="Citizens for Global Solutions", city="Washington", country="US")

    lines = pdf_text(client.get(reverse("letters:pdf", args=[letter.slug])).content).splitlines()

    assert "People's Solidarity (Seoul, Republic of Korea)" in lines
    assert "Citizens for Global Solutions (Washington, United States of America)" in lines
    assert not any("South Korea" in line for line in lines)


def test_the_letter_page_prints_the_french_un_name_in_a_french_letter(client, make_letter):
    letter = make_letter(language="fr")
    SignatoryFactory(letter=letter, organization="Ligue coréenne", city="Séoul", country="KR")
    SignatoryFactory(letter=letter, organization="Forum ivoirien", city="Abidjan", country="CI")

    page = unescape(client.get(reverse("letters:document", args=[letter.slug])).content.decode())

    assert "Ligue coréenne (Séoul, République de Corée)" in page
    assert "Forum ivoirien (Abidjan, Côte d'Ivoire)" in page
