"""A coordinator downloads a seed letter's PDF: every paragraph and signatory of the source is in it."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from r2p_letters.printing.context import letter_context
from r2p_letters.printing.pdf import letter_pdf

from ..helpers.pdf import SEED_LETTERS, letters_only, pdf_page_count, pdf_text, printed_fragments


def without_footnotes(text: str, letter) -> str:
    """``text`` (letters only) without the notes printed at the foot of each page: a paragraph that runs on
    to the next page is whole again."""
    for note in letter_context(letter)["notes"]:
        line = f"{note['number']}. {note['instrument']['symbol']}{note['after_symbol']}"
        text = text.replace(letters_only(line), "", 1)
    return text


@pytest.mark.parametrize("slug", SEED_LETTERS)
def test_the_pdf_holds_every_paragraph_and_signatory_of_the_source(examples, slug):
    text = without_footnotes(letters_only(pdf_text(letter_pdf(examples[slug]))), examples[slug])

    missing = [f for f in printed_fragments(slug) if letters_only(f) not in text]

    assert missing == []
    assert len(printed_fragments(slug)) > 10


def test_every_signatory_prints_on_its_own_line_as_in_the_source(examples):
    lines = pdf_text(letter_pdf(examples["2010-kyrgyzstan-icrtop"])).splitlines()

    assert "Human Rights Watch (New York, United States of America)" in lines
    assert "International Crisis Group (Brussels, Belgium)" in lines
    assert "International Refugees Rights Initiative (Kampala, Uganda; New York, USA)" in lines
    assert "United Nations Association of Sweden (Stockholm, Sweden)" in lines
    assert "West Africa Civil Society Institute (Accra, Ghana)" in lines
    assert "World Federalist Movement-Institute for Global Policy (New York and The Hague)" in lines


def test_a_person_signs_on_one_line_with_her_title_and_organization(examples):
    lines = pdf_text(letter_pdf(examples["2010-kyrgyzstan-gcr2p"])).splitlines()

    assert "Dr. Mónica Serrano, Executive Director, Global Centre for the Responsibility to Protect" in lines


def test_the_pdf_is_a4_with_page_numbers_title_and_language(examples):
    pdf = letter_pdf(examples["2010-kyrgyzstan-gcr2p"])
    reader = PdfReader(__import__("io").BytesIO(pdf))

    pages = pdf_page_count(pdf)
    assert pages >= 2
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    assert reader.metadata.title == examples["2010-kyrgyzstan-gcr2p"].title
    assert reader.metadata.author == "Global Centre for the Responsibility to Protect"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert f"Page 2 of {pages}" in reader.pages[1].extract_text()


def test_the_pdf_view_downloads_the_letter(client, examples):
    response = client.get(reverse("letters:pdf", args=["2014-car-unsc-members"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="2014-car-unsc-members.pdf"' in response["Content-Disposition"]
    assert "Dear Minister," in pdf_text(response.content)


def test_export_pdf_writes_the_file_from_the_command_line(examples, tmp_path):
    out = tmp_path / "letter.pdf"

    call_command("export_pdf", "2010-kyrgyzstan-icrtop", "-o", str(out))

    assert "Zentrum für Politische Schönheit (Berlin, Germany)" in pdf_text(out.read_bytes())


def test_export_pdf_names_an_unknown_slug(examples, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no-such-letter"):
        call_command("export_pdf", "no-such-letter", "-o", str(tmp_path / "x.pdf"))
