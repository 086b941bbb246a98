"""A drafter copies the letter into an email: readable wrapped text, numbered asks, notes as [1], signatories."""

import re

import pytest
from django.urls import reverse

from r2p_letters.letters.models import Letter
from r2p_letters.printing.exports import TEXT_WIDTH, letter_text

from ..helpers.letters import (
    HOSTILE_NAMES,
    PUNCTUATED,
    letter_calling_a_footnote,
    letter_calling_footnotes,
    letter_signed_by_hostile_names,
    letter_with_every_part,
    letter_with_private_online_signature,
    printed_text,
)
from ..helpers.pdf import SEED_LETTERS, letters_only, printed_fragments


@pytest.mark.parametrize("slug", SEED_LETTERS)
def test_the_text_holds_every_paragraph_and_signatory_of_the_source(examples, slug):
    text = letters_only(letter_text(examples[slug]))

    missing = [f for f in printed_fragments(slug) if letters_only(f) not in text]

    assert missing == []


def test_lines_are_wrapped_for_an_email(examples):
    lines = letter_text(examples["2010-kyrgyzstan-icrtop"]).splitlines()

    assert max(len(line) for line in lines) <= TEXT_WIDTH
    assert len(lines) > 50


def test_asks_are_numbered_with_their_by_when_and_notes_are_references(make_letter, ngo):
    text = letter_text(letter_with_every_part(make_letter, ngo))

    assert "1. Demand an end to the siege. (before the next session)" in text
    assert "2. Open the Adre crossing." in text
    assert "3. Refer the situation to the Court. (by 30 June 2026)" in text
    assert "The Council has reaffirmed the responsibility to protect.[1][2]" in text
    notes = text[text.index("\nNotes\n") :]
    assert notes.splitlines()[2:] == [
        "[1] S/RES/1674 (2006), para. 4: Protection of civilians in armed",
        "    conflict (28 April 2006). <https://docs.un.org/en/S/RES/1674(2006)>",
        "[2] A/RES/60/1: World Summit. <https://docs.un.org/en/A/RES/60/1>",
        "[3] Figures of OCHA, 1 March 2026.",
    ]
    assert "The UN panel <https://www.un.org/panel> found that:\n\n- markets were shelled\n- hospitals were hit" in text


def test_signatories_print_in_the_drafters_order_a_person_on_one_line_with_her_title(make_letter, ngo):
    text = re.sub(r"\n +", " ", letter_text(letter_with_every_part(make_letter, ngo)))  # a wrapped line whole

    assert (
        "Respectfully,\n\nDarfur Bar Association (Khartoum, Sudan)\nHuman Rights Watch (New York, USA)\n"
        "Savita Pawnday, Executive Director, Global Centre for R2P (New York, United States of America)"
    ) in text


@pytest.mark.parametrize("language", ["fr", "zh-hans"])
def test_a_french_or_chinese_text_punctuates_its_citations_date_and_subject_as_its_pdf_does(make_letter, language):
    letter = letter_with_every_part(make_letter, language=language)

    text = re.sub(r"\n +", " ", letter_text(letter))  # a wrapped note on one line again

    printed = printed_text(letter)
    for line in PUNCTUATED[language]:
        assert line in printed
        assert line in text
    code = language.split("-")[0]  # the UN's document system in the letter's language
    assert f"[1] {PUNCTUATED[language][0]} <https://docs.un.org/{code}/S/RES/1674(2006)>" in text


def test_an_arabic_letter_comes_out_in_utf8(client, make_letter):
    letter = letter_with_every_part(make_letter, language="ar", subject="حصار الفاشر")

    response = client.get(reverse("letters:export", args=[letter.slug, "text"]))

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "حصار الفاشر" in response.content.decode("utf-8")


def test_the_download_is_named_after_the_letter(client, examples):
    response = client.get(reverse("letters:export", args=["2014-car-unsc-members", "text"]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="2014-car-unsc-members.txt"'
    assert "Dear Minister," in response.content.decode()


def test_an_outsider_gets_404_for_a_drafts_text(make_letter, ngo, as_):
    letter = make_letter(slug="draft-letter", status=Letter.Status.DRAFT, lead_organization=ngo)
    url = reverse("letters:export", args=[letter.slug, "text"])

    assert as_("outsider").get(url).status_code == 404
    assert as_("viewer").get(url).status_code == 200


def test_private_online_signatures_stay_out_of_the_public_text(make_letter, ngo, people, as_):
    letter = letter_with_private_online_signature(make_letter, ngo, people["owner"])
    url = reverse("letters:export", args=[letter.slug, "text"])

    public = as_(None).get(url).content.decode()

    assert "Entered Lead Organization" in public and "Secret Signers League" not in public
    assert "Secret Signers League" in as_("viewer").get(url).content.decode()


def test_hostile_names_come_out_as_text(make_letter, client):
    letter = letter_signed_by_hostile_names(make_letter)

    text = client.get(reverse("letters:export", args=[letter.slug, "text"])).content.decode()

    for name in HOSTILE_NAMES:
        assert f"{name} (Bangui, Central African Republic)" in text


def test_a_footnote_call_prints_as_its_number_where_it_is_and_the_note_is_listed(make_letter):
    text = letter_text(letter_calling_a_footnote(make_letter))

    assert "Over 90,000 people have fled.[1] Many more will." in text
    assert "#note-" not in text
    notes = text[text.index("\nNotes\n") :]
    assert notes.splitlines()[2:] == [
        "[1] Calledfootnote figures of UNHCR, March 2026.",
        "[2] Uncalledfootnote stays in the list.",
    ]


def test_notes_number_down_the_letter_calls_and_legal_basis_alike(make_letter):
    text = letter_text(letter_calling_footnotes(make_letter))

    assert "Over 90,000 people have fled.[1] Many more will." in text
    assert "2. Open the Adre crossing[4] at once." in text
    assert "#note-" not in text
    notes = text[text.index("\nNotes\n") :].splitlines()[2:]
    assert [line.split()[:2] for line in notes if line.startswith("[")] == [
        ["[1]", "Calledfootnote"],
        ["[2]", "S/RES/1674"],
        ["[3]", "A/RES/60/1:"],
        ["[4]", "Askfootnote"],
        ["[5]", "Uncalledfootnote"],
    ]
