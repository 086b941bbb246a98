"""A drafter downloads the letter as a Word document: the PDF's text, in named styles, with real lists and notes."""

import io
import re
import zipfile

import docx
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree
from PIL import Image

from r2p_letters.letters.models import Letter
from r2p_letters.printing.exports_docx import letter_docx

from ..helpers.images import png_bytes
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


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def footnotes_of(document) -> dict[str, str]:
    """The Word footnotes (id -> text), leaving out the separators."""
    parts = [rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.FOOTNOTES]
    if not parts:
        return {}
    root = etree.fromstring(parts[0].blob)
    return {
        n.get(qn("w:id")): "".join(t.text or "" for t in n.iter(qn("w:t")))
        for n in root.findall(qn("w:footnote"))
        if n.get(qn("w:type")) is None
    }


def all_text(document) -> str:
    return "\n".join([p.text for p in document.paragraphs] + list(footnotes_of(document).values()))


def styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def text_and_references(paragraph) -> list[str]:
    """The paragraph's text pieces in their order, each footnote reference as "^id" (its mark "^id=3" if it
    has a custom one)."""
    pieces = []
    for element in paragraph._p.iter(qn("w:t"), qn("w:footnoteReference")):
        if element.tag == qn("w:t"):
            if element.getparent().find(qn("w:footnoteReference")) is None:  # not a custom mark
                pieces.append(element.text)
            continue
        mark = element.getnext()
        custom = f"={mark.text}" if element.get(qn("w:customMarkFollows")) in ("1", "true") else ""
        pieces.append(f"^{element.get(qn('w:id'))}{custom}")
    return pieces


def footnote_marks(document) -> dict[str, str]:
    """What each Word footnote shows as its number: "auto" (Word counts it) or its custom mark."""
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.FOOTNOTES)
    root = etree.fromstring(part.blob)
    marks = {}
    for note in root.findall(qn("w:footnote")):
        if note.get(qn("w:type")) is None:
            first = note.find(f"{qn('w:p')}/{qn('w:r')}")
            marks[note.get(qn("w:id"))] = (
                "auto" if first.find(qn("w:footnoteRef")) is not None else first.findtext(qn("w:t"))
            )
    return marks


def list_start(document, paragraph) -> str:
    return (
        document.part.numbering_part.element.num_having_numId(int(num_id(paragraph)))
        .find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        .get(qn("w:val"))
    )


def num_id(paragraph) -> str | None:
    found = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    return None if found is None else found.get(qn("w:val"))


@pytest.fixture
def full_letter(make_letter, ngo):
    ngo.letterhead = "1 Example Plaza\nNew York"
    ngo.save()
    return letter_with_every_part(make_letter, ngo)


@pytest.mark.parametrize("slug", SEED_LETTERS)
def test_the_docx_holds_every_paragraph_and_signatory_of_the_source(examples, slug):
    text = letters_only(all_text(open_docx(letter_docx(examples[slug]))))

    missing = [f for f in printed_fragments(slug) if letters_only(f) not in text]

    assert missing == []


def test_each_part_of_the_letter_has_its_named_style(full_letter):
    document = open_docx(letter_docx(full_letter))

    assert styled(document, "Letterhead") == ["Global Centre for R2P"]
    assert styled(document, "Letterhead Text") == ["1 Example Plaza\nNew York"]
    assert styled(document, "Title") == ["Protect civilians in El Fasher"]
    assert styled(document, "Issuer") == ["Sudan Civil Society Coalition"]
    assert styled(document, "Date Line") == ["New York, 2 March 2026"]
    assert styled(document, "Addressee") == ["Members of the United Nations Security Council\nNew York"]
    assert styled(document, "Subject") == ["Subject: The siege of El Fasher"]
    assert styled(document, "Salutation") == ["Excellencies,"]
    assert styled(document, "Valediction") == ["Respectfully,"]
    # One line of one style for every signatory, in the drafters' order.
    assert styled(document, "Signatory") == [
        "Darfur Bar Association (Khartoum, Sudan)",
        "Human Rights Watch (New York, USA)",
        "Savita Pawnday, Executive Director, Global Centre for R2P (New York, United States of America)",
    ]
    assert document.core_properties.title == "Protect civilians in El Fasher"
    assert document.core_properties.language == "en-GB"


def test_the_paragraphs_keep_their_bold_italic_links_and_lists(full_letter):
    document = open_docx(letter_docx(full_letter))
    opening = next(p for p in document.paragraphs if p.text.startswith("We write about"))

    assert [r.text for r in opening.runs if r.bold] == ["El Fasher"]
    assert [r.text for r in opening.runs if r.italic] == ["for a year"]
    situation = next(p for p in document.paragraphs if p.text.startswith("The UN panel"))
    assert [link.text for link in situation.hyperlinks] == ["UN panel"]
    assert situation.hyperlinks[0].address == "https://www.un.org/panel"
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert [p.text for p in bullets] == ["markets were shelled", "hospitals were hit"]
    assert num_id(bullets[0]) is not None and num_id(bullets[0]) == num_id(bullets[1])


def test_the_asks_are_one_word_numbered_list_with_their_by_when(full_letter):
    document = open_docx(letter_docx(full_letter))
    asks = [p for p in document.paragraphs if p.style.name == "Ask"]

    assert [p.text for p in asks] == [
        "Demand an end to the siege. (before the next session)",
        "Open the Adre crossing.",
        "Refer the situation to the Court. (by 30 June 2026)",
    ]
    assert len({num_id(p) for p in asks}) == 1
    numbering = document.part.numbering_part.element
    num = numbering.num_having_numId(int(num_id(asks[0])))
    abstract = next(
        a
        for a in numbering.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == num.abstractNumId.get(qn("w:val"))
    )
    assert abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}").get(qn("w:val")) == "decimal"


def test_the_sentence_that_cites_an_instrument_calls_a_real_word_footnote(full_letter):
    document = open_docx(letter_docx(full_letter))
    basis = next(p for p in document.paragraphs if p.text.startswith("The Council has reaffirmed"))

    references = [r.get(qn("w:id")) for r in basis._p.iter(qn("w:footnoteReference"))]
    notes = footnotes_of(document)
    assert [notes[i].strip() for i in references] == [
        "S/RES/1674 (2006), para. 4: Protection of civilians in armed conflict (28 April 2006).",
        "A/RES/60/1: World Summit.",
    ]
    # The letter's own notes follow under "Notes", numbered on from the citations, as in the PDF.
    assert styled(document, "Heading 2") == ["Notes"]
    note = next(p for p in document.paragraphs if p.style.name == "Note")
    assert note.text == "Figures of OCHA, 1 March 2026."
    start = document.part.numbering_part.element.num_having_numId(int(num_id(note))).find(
        f"{qn('w:lvlOverride')}/{qn('w:startOverride')}"
    )
    assert start.get(qn("w:val")) == "3"


@pytest.mark.parametrize("language", ["fr", "zh-hans"])
def test_a_french_or_chinese_docx_punctuates_its_citations_and_date_line_as_its_pdf_does(make_letter, language):
    letter = letter_with_every_part(make_letter, language=language)

    document = open_docx(letter_docx(letter))

    printed, notes = printed_text(letter), [note.strip() for note in footnotes_of(document).values()]
    for line in PUNCTUATED[language]:
        assert line in printed
    assert notes[:2] == PUNCTUATED[language][:2]
    assert styled(document, "Date Line") == [PUNCTUATED[language][2]]
    assert styled(document, "Subject") == [PUNCTUATED[language][3]]


def test_an_arabic_letter_reads_right_to_left_in_arabic(make_letter):
    letter = letter_with_every_part(make_letter, language="ar", subject="حصار الفاشر")
    document = open_docx(letter_docx(letter))

    body = [p for p in document.paragraphs if p.text]
    assert body and all(p._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None for p in body)
    lang = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert (lang.get(qn("w:val")), lang.get(qn("w:bidi"))) == ("ar-SA", "ar-SA")
    assert document.core_properties.language == "ar-SA"
    assert "حصار الفاشر" in all_text(document)


def test_an_english_letter_reads_left_to_right(full_letter):
    document = open_docx(letter_docx(full_letter))

    assert not any(p._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None for p in document.paragraphs)


def test_the_letterhead_shows_the_lead_organizations_logo(make_letter, ngo, settings, tmp_path):
    png = io.BytesIO()
    Image.new("RGB", (120, 60), "navy").save(png, "PNG")
    ngo.logo.save("logo.png", ContentFile(png.getvalue()))
    letter = letter_with_every_part(make_letter, ngo)

    document = open_docx(letter_docx(letter))

    assert len(document.inline_shapes) == 1
    assert document.paragraphs[1].text == "Global Centre for R2P"


def test_a_logo_word_cannot_show_is_left_out(make_letter, ngo, settings, tmp_path):
    ngo.logo.save("logo.png", ContentFile(b"not an image at all"))
    letter = letter_with_every_part(make_letter, ngo)

    document = open_docx(letter_docx(letter))

    assert len(document.inline_shapes) == 0
    assert styled(document, "Letterhead") == ["Global Centre for R2P"]


def test_the_download_is_named_after_the_letter(client, examples):
    response = client.get(reverse("letters:export", args=["2014-car-unsc-members", "docx"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == 'attachment; filename="2014-car-unsc-members.docx"'
    assert "Dear Minister," in all_text(open_docx(response.content))


def test_an_outsider_gets_404_for_a_drafts_docx_and_a_member_gets_it(make_letter, ngo, as_):
    letter = make_letter(slug="draft-letter", status=Letter.Status.DRAFT, lead_organization=ngo)
    url = reverse("letters:export", args=[letter.slug, "docx"])

    assert as_("outsider").get(url).status_code == 404
    assert as_(None).get(url).status_code == 404
    assert as_("viewer").get(url).status_code == 200


def test_an_unknown_format_is_404(client, examples):
    assert client.get(reverse("letters:export", args=["2014-car-unsc-members", "exe"])).status_code == 404


def test_private_online_signatures_stay_out_of_the_public_docx(make_letter, ngo, people, as_):
    letter = letter_with_private_online_signature(make_letter, ngo, people["owner"])
    url = reverse("letters:export", args=[letter.slug, "docx"])

    public = all_text(open_docx(as_(None).get(url).content))
    members = all_text(open_docx(as_("viewer").get(url).content))

    assert "Entered Lead Organization" in public and "Secret Signers League" not in public
    assert "Secret Signers League" in members


def test_hostile_names_come_out_as_text(make_letter, client):
    letter = letter_signed_by_hostile_names(make_letter)

    text = all_text(open_docx(client.get(reverse("letters:export", args=[letter.slug, "docx"])).content))

    for name in HOSTILE_NAMES:
        assert f"{name} (Bangui, Central African Republic)" in text
    assert "49" not in text


def test_the_docx_is_a_zip_word_opens(full_letter):
    data = letter_docx(full_letter)

    assert data[:2] == b"PK"
    assert re.search(rb"word/footnotes\.xml", data)


def test_a_footnote_the_text_calls_is_a_word_footnote_right_where_it_is_called(make_letter):
    document = open_docx(letter_docx(letter_calling_a_footnote(make_letter)))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Over"))

    [reference] = list(paragraph._p.iter(qn("w:footnoteReference")))
    assert text_and_references(paragraph) == [
        "Over ",
        "90,000",
        " people have fled.",
        f"^{reference.get(qn('w:id'))}",
        " Many more will.",
    ]
    assert paragraph.text == "Over 90,000 people have fled. Many more will."  # the call is no longer a link "1"
    assert paragraph.hyperlinks == []
    note = footnotes_of(document)[reference.get(qn("w:id"))]
    assert note.strip() == "Calledfootnote figures of UNHCR, March 2026."
    # The only Word footnote: Word numbers it 1, as the PDF does.
    assert footnote_marks(document) == {reference.get(qn("w:id")): "auto"}


def test_a_called_footnote_keeps_its_formatting_at_the_foot_of_the_page(make_letter):
    document = open_docx(letter_docx(letter_calling_a_footnote(make_letter)))
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.FOOTNOTES)

    italic = [
        r.findtext(qn("w:t"))
        for r in etree.fromstring(part.blob).iter(qn("w:r"))
        if r.find(f"{qn('w:rPr')}/{qn('w:i')}") is not None
    ]
    assert italic == ["UNHCR"]


def test_the_notes_list_keeps_only_the_footnotes_no_sentence_calls(make_letter):
    document = open_docx(letter_docx(letter_calling_a_footnote(make_letter)))

    assert styled(document, "Heading 2") == ["Notes"]
    [note] = [p for p in document.paragraphs if p.style.name == "Note"]
    assert note.text == "Uncalledfootnote stays in the list."
    assert list_start(document, note) == "2"
    assert "Calledfootnote" not in "\n".join(p.text for p in document.paragraphs)


def test_no_part_of_the_docx_links_to_the_letter_pages_notes(make_letter):
    data = letter_docx(letter_calling_footnotes(make_letter))

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert not [name for name in package.namelist() if b"#note-" in package.read(name)]


def test_notes_number_down_the_letter_as_word_numbers_its_footnotes(make_letter):
    """The situation's call is note 1, the legal basis's notes 2 and 3, the ask's call 4, in the PDF as in Word,
    which counts its footnotes itself (no fixed marks); the footnote no sentence calls is 5, under Notes."""
    document = open_docx(letter_docx(letter_calling_footnotes(make_letter)))
    situation, cited = [p for p in document.paragraphs if p.style.name == "Body Text"]
    ask = next(p for p in document.paragraphs if p.style.name == "Ask" and p.text.startswith("Open"))

    assert text_and_references(situation) == [
        "Over ",
        "90,000",
        " people have fled.",
        "^1",
        " Many more will.",
    ]
    assert text_and_references(cited) == [
        "The Council has reaffirmed the responsibility to protect.",
        "^2",
        ",",
        "^3",
    ]
    assert text_and_references(ask) == ["Open the ", "Adre", " crossing", "^4", " at once."]
    assert footnote_marks(document) == {"1": "auto", "2": "auto", "3": "auto", "4": "auto"}
    notes = footnotes_of(document)
    assert [notes[i].split()[0] for i in "1234"] == ["Calledfootnote", "S/RES/1674", "A/RES/60/1:", "Askfootnote"]
    [note] = [p for p in document.paragraphs if p.style.name == "Note"]
    assert (note.text, list_start(document, note)) == ("Uncalledfootnote stays in the list.", "5")


def test_a_letter_to_the_foreign_ministers_dates_first_and_puts_its_title_under_the_addressee(examples):
    document = open_docx(letter_docx(examples["2014-car-unsc-members"]))
    order = [
        p.style.name for p in document.paragraphs if p.style.name in ("Title", "Date Line", "Addressee", "Salutation")
    ]

    assert order.index("Date Line") < order.index("Title") < order.index("Salutation")
    date_line = next(p for p in document.paragraphs if p.style.name == "Date Line")
    assert date_line.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_a_logo_claiming_one_pixel_per_metre_prints_two_centimetres_high(make_letter, ngo, client):
    # A pHYs chunk of one pixel per metre, stored as it came (as logos were before they were re-encoded).
    ngo.logo.save("logo.png", ContentFile(png_bytes((600, 200), dpi=(0.0254, 0.0254))))
    letter = letter_with_every_part(make_letter, ngo)

    response = client.get(reverse("letters:export", args=[letter.slug, "docx"]))

    assert response.status_code == 200
    (logo,) = open_docx(response.content).inline_shapes
    assert (round(logo.height.cm, 2), round(logo.width.cm, 2)) == (2.0, 6.0)  # its 3:1 shape kept


def test_a_very_wide_logo_fits_the_width_of_the_page(make_letter, ngo):
    ngo.logo.save("logo.png", ContentFile(png_bytes((4000, 100), dpi=(72, 72))))
    letter = letter_with_every_part(make_letter, ngo)

    (logo,) = open_docx(letter_docx(letter)).inline_shapes

    assert round(logo.width.mm) == 166 and round(logo.width / logo.height) == 40
