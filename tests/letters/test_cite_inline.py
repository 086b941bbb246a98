"""A drafter cites a resolution where the sentence cites it: its note prints at the foot of that page, numbered
with the footnotes; a symbol the catalogue lacks is offered for adding; letters written with a legal-basis
section print as they did."""

import datetime
import re
import tomllib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from r2p_letters.letters.models import LegalInstrument, Letter
from r2p_letters.letters.services import EXAMPLES_DIR, letter_refresh
from r2p_letters.printing.exports import letter_text
from r2p_letters.printing.exports_docx import letter_docx
from r2p_letters.printing.html import render_letter
from r2p_letters.printing.pdf import letter_pdf

from ..factories import AskFactory, InstrumentFactory, ParagraphFactory
from ..helpers.letters import printed_text, section_url
from ..helpers.pdf import SEED_LETTERS, pdf_text, words_on_pages
from .test_export_docx import footnotes_of, open_docx


def with_everything(letter) -> Letter:
    letter_refresh(letter=letter)  # as every write ends: the legal basis follows the text
    return Letter.objects.with_everything().get(pk=letter.pk)


@pytest.fixture
def resolution_1718(db):
    return InstrumentFactory(
        symbol="S/RES/1718 (2006)",
        slug="s-res-1718-2006",
        title="Non-proliferation/Democratic People's Republic of Korea",
        adopted_on=datetime.date(2006, 10, 14),
        url="https://undocs.org/S/RES/1718(2006)",
    )


NOTE_1718 = "S/RES/1718 (2006): Non-proliferation/Democratic People's Republic of Korea (14 October 2006)."


def test_a_paragraph_citing_s_res_1718_prints_its_note_at_the_foot_of_that_page(make_letter, resolution_1718):
    letter = make_letter()
    for n in range(12):
        ParagraphFactory(letter=letter, position=n, text="The situation deteriorates further every week. " * 8)
    ParagraphFactory(
        letter=letter, position=12, text="The Council imposed Quorumsanctions in S/RES/1718 (2006) on the DPRK."
    )
    letter = with_everything(letter)

    words = words_on_pages(letter_pdf(letter))

    [(page, y)] = [(page, y) for page, x, y, word in words if word == "Quorumsanctions"]
    note_words = [(p, wy) for p, x, wy, word in words if word == "Non-proliferation/Democratic"]
    assert page == 2 and note_words and all(p == page and wy > y for p, wy in note_words)
    assert NOTE_1718 in " ".join(pdf_text(letter_pdf(letter)).split())
    assert not re.search(r"Notes\s", pdf_text(letter_pdf(letter)))  # at the foot of the page, not in a list


def test_the_note_is_called_right_after_the_symbol_in_any_paragraph_or_ask(make_letter, resolution_1718):
    letter = make_letter()
    ParagraphFactory(letter=letter, section="opening", text="We recall resolution 1718 (2006) of the Council.")
    letter = with_everything(letter)

    html = render_letter(letter).html

    assert 'resolution 1718 (2006)<sup class="note-ref"><a href="#note-1">1</a></sup> of the Council.' in html
    assert [b.instrument for b in letter.legal_bases.all()] == [resolution_1718]


def test_cited_notes_and_footnotes_number_together_in_reading_order(make_letter, resolution_1718):
    letter = make_letter()
    InstrumentFactory(symbol="A/RES/60/1", slug="a-res-60-1", title="2005 World Summit Outcome")
    ParagraphFactory(letter=letter, section="opening", text="Recalling S/RES/1718(2006), we write.")
    ParagraphFactory(letter=letter, section="situation", text="Thousands have fled.[^1] More will.")
    AskFactory(letter=letter, text="Act as pledged in General Assembly resolution 60/1, now.")
    ParagraphFactory(letter=letter, section="closing", text="Resolution 1718 (2006) binds all.[^2]")
    letter.footnotes.create(position=0, text="Calledfootnote figures.")
    letter.footnotes.create(position=1, text="Secondfootnote closing.")
    letter = with_everything(letter)

    text = " ".join(pdf_text(letter_pdf(letter)).split())
    html = render_letter(letter).html

    assert re.search(r"S/RES/1718\(2006\) ?1, we write", text)
    assert re.search(r"fled\. ?2 More", text) and re.search(r"60/1 ?3, now", text)
    assert re.search(r"binds all\. ?4", text)  # the resolution again: no second note, the footnote is 4
    for number, words in [(1, "S/RES/1718 (2006): Non"), (2, "Calledfootnote"), (3, "A/RES/60/1: 2005"), (4, "Second")]:
        assert re.search(rf"\b{number}\. {re.escape(words)}", text)
    notes = html[html.index('<section class="notes">') :]
    assert notes.index('id="note-1"') < notes.index("S/RES/1718") < notes.index("Calledfootnote")
    assert notes.index("Calledfootnote") < notes.index("A/RES/60/1") < notes.index("Secondfootnote")


def test_a_call_gives_the_pinpoint_and_prints_only_the_number(make_letter, resolution_1718):
    letter = make_letter()
    ParagraphFactory(letter=letter, text="The sanctions regime binds every State.[^S/RES/1718 (2006), para. 8]")
    letter = with_everything(letter)

    text = " ".join(pdf_text(letter_pdf(letter)).split())

    assert re.search(r"every State\. ?1", text) and "[^" not in text
    assert "S/RES/1718 (2006), para. 8: Non-proliferation" in text
    assert [b.citation for b in letter.legal_bases.all()] == ["S/RES/1718 (2006), para. 8"]


def test_the_docx_and_the_text_cite_where_the_pdf_does(make_letter, resolution_1718):
    letter = make_letter()
    ParagraphFactory(letter=letter, text="We recall resolution 1718 (2006) today.")
    letter = with_everything(letter)

    document = open_docx(letter_docx(letter))

    cited = next(p for p in document.paragraphs if p.text.startswith("We recall"))
    assert cited.text == "We recall resolution 1718 (2006) today."
    assert len(list(cited._p.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}footnoteReference")))
    assert [note.strip() for note in footnotes_of(document).values()] == [NOTE_1718]
    assert "We recall resolution 1718 (2006)[1] today." in letter_text(letter)


def test_the_french_letter_links_to_the_french_official_text(make_letter, resolution_1718):
    letter = make_letter(language="fr")
    ParagraphFactory(letter=letter, text="Nous rappelons la résolution 1718 (2006) du Conseil de sécurité.")
    letter = with_everything(letter)

    html = render_letter(letter).html

    assert '<a href="https://docs.un.org/fr/S/RES/1718(2006)">S/RES/1718 (2006)</a>' in html
    assert "https://undocs.org" not in html


def test_a_symbol_the_catalogue_lacks_prints_no_note_and_is_offered_for_adding(as_, draft_citing_unknown):
    letter = draft_citing_unknown

    overview = as_("editor").get(reverse("letters:compose", args=[letter.slug])).content.decode()
    page = as_("editor").get(section_url(letter, "legal_basis")).content.decode()

    assert "Symbols not in the catalogue" in overview and "S/2024/123" in overview
    assert 'name="symbol" value="S/2024/123"' in page and 'name="kind" value="report"' in page
    assert "Add S/2024/123 to the catalogue" in page
    assert 'class="note-ref"' not in render_letter(letter).html


def test_adding_the_symbol_puts_it_in_the_catalogue_unverified_and_prints_its_note(as_, draft_citing_unknown, people):
    letter = draft_citing_unknown

    response = as_("editor").post(
        reverse("letters:instrument_new", args=[letter.slug]),
        {"symbol": "S/2024/123", "kind": "report", "title": "Report of the Secretary-General on Sudan"},
    )

    instrument = LegalInstrument.objects.get(symbol="S/2024/123")
    assert response["Location"] == section_url(letter, "legal_basis")
    assert (instrument.verified, instrument.added_by) == (False, people["editor"])
    letter = Letter.objects.with_everything().get(pk=letter.pk)
    assert [b.instrument for b in letter.legal_bases.all()] == [instrument]
    assert "S/2024/123: Report of the Secretary-General on Sudan." in printed_text(letter)
    page = as_("editor").get(section_url(letter, "legal_basis")).content.decode()
    assert "Symbols not in the catalogue" not in page


def test_a_title_left_empty_adds_nothing_and_says_why(as_, draft_citing_unknown):
    response = as_("editor").post(
        reverse("letters:instrument_new", args=[draft_citing_unknown.slug]),
        {"symbol": "S/2024/123", "kind": "report", "title": ""},
    )

    assert response.status_code == 200 and "The instrument was not added" in response.content.decode()
    assert not LegalInstrument.objects.filter(symbol="S/2024/123").exists()


def test_a_symbol_written_another_way_is_the_catalogues_entry(as_, draft_citing_unknown):
    as_("editor").post(
        reverse("letters:instrument_new", args=[draft_citing_unknown.slug]),
        {"symbol": "S/RES/2811(2025)", "kind": "sc_resolution", "title": "A resolution of 2025"},
    )

    assert LegalInstrument.objects.filter(symbol="S/RES/2811 (2025)").exists()


@pytest.fixture
def draft_citing_unknown(examples, ngo, people):
    from r2p_letters.letters.services import letter_create_from

    letter = letter_create_from(source=examples["2014-car-unsc-members"], organization=ngo, author=people["owner"])
    ParagraphFactory(letter=letter, position=99, text="As the report S/2024/123 shows, famine has spread.")
    return with_everything(letter)


# -- Letters written with a legal-basis section ------------------------------------------------------


def legacy_entries(slug: str) -> list[tuple[str, str, str]]:
    data = tomllib.loads((EXAMPLES_DIR / "letters" / f"{slug}.toml").read_text())
    return [(b["instrument"], b.get("pinpoint", ""), b.get("text", "")) for b in data.get("legal_basis", [])]


@pytest.fixture
def seed_letters_printed(transactional_db, examples):
    """The seed letters' PDF text and paragraphs as they load today; the database migrates back to the
    legal-basis section in the test, and forward again after it."""
    printed = {slug: pdf_text(letter_pdf(letter)) for slug, letter in examples.items()}
    paragraphs = {slug: [(p.section, p.text) for p in letter.paragraphs.all()] for slug, letter in examples.items()}
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    yield printed, paragraphs, latest
    MigrationExecutor(connection).migrate(latest)


BEFORE = [("letters", "0010_section_edits")]


def test_the_migration_back_gives_the_legal_basis_entries_and_forward_prints_the_same(seed_letters_printed):
    printed, paragraphs, latest = seed_letters_printed

    MigrationExecutor(connection).migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    entries = {
        slug: [
            (b.instrument.symbol, b.pinpoint, b.text)
            for b in old.get_model("letters", "LegalBasis")
            .objects.filter(letter__slug=slug)
            .select_related("instrument")
            .order_by("position")
        ]
        for slug in SEED_LETTERS
    }
    MigrationExecutor(connection).migrate(latest)

    for slug in SEED_LETTERS:
        assert entries[slug] == legacy_entries(slug)  # back: the letter's legal basis as its example file has it
        letter = Letter.objects.with_everything().get(slug=slug)
        assert [(p.section, p.text) for p in letter.paragraphs.all()] == paragraphs[slug]
        assert pdf_text(letter_pdf(letter)) == printed[slug]  # forward: the same words, notes and numbers


def test_the_seed_letters_print_their_legal_basis_words_then_their_notes_at_the_foot(examples):
    text = " ".join(pdf_text(letter_pdf(examples["2010-kyrgyzstan-icrtop"])).split())

    assert "A/RES/63/308,1,2,3" in text
    for number, note in [
        (1, "A/RES/60/1, paras 138–139: 2005 World Summit Outcome (16 September 2005)."),
        (2, "S/RES/1674 (2006), para. 4: Protection of civilians in armed conflict (28 April 2006)."),
        (3, "A/RES/63/308: The responsibility to protect (14 September 2009)."),
    ]:
        assert f"{number}. {note}" in text
    gcr2p = " ".join(pdf_text(letter_pdf(examples["2010-kyrgyzstan-gcr2p"])).split())
    assert "as states have too often done in the past.1" in gcr2p
