"""The printed letter: page footers, signatories in columns, an annex of late signatories, PDF metadata."""

import datetime
import io
import re

import docx
import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from r2p_letters.letters.models import Letter
from r2p_letters.printing import context as printing_context
from r2p_letters.printing import sandbox
from r2p_letters.printing.exports import letter_text
from r2p_letters.printing.exports_docx import letter_docx
from r2p_letters.printing.html import render_letter
from r2p_letters.printing.pdf import letter_pdf
from r2p_letters.signatures.services import SignOnRules, letter_open_for_signatures, sign_on_close, signature_add_late

from ..helpers.letters import printed_text
from ..helpers.pdf import pdf_page_count, pdf_text, words_on_pages
from ..helpers.signing import sign as sign_online


def reader_of(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in reader_of(pdf).pages]


@pytest.fixture
def long_letter(make_letter):
    """A letter of several pages: many co-signers."""
    letter = make_letter()
    for n in range(120):
        letter.signatories.create(
            organization=f"Human Rights League number {n}", city="Bangui", country="CF", position=n
        )
    return letter


A4_MIDDLE = 595.28 / 2


def marker(words, text) -> tuple[int, float, float]:
    [(page, x, y)] = [(page, x, y) for page, x, y, word in words if word == text]
    return page, x, y


def with_everything(letter) -> Letter:
    return Letter.objects.with_everything().get(pk=letter.pk)


# -- 1. Page footer ---------------------------------------------------------------------------------


def test_every_page_says_page_x_of_y(long_letter):
    pdf = letter_pdf(with_everything(long_letter))
    pages = pdf_page_count(pdf)

    assert pages >= 2
    for number, text in enumerate(page_texts(pdf), start=1):
        assert f"Page {number} of {pages}" in text


def test_the_footer_words_come_in_the_letters_language_not_the_interfaces(long_letter, monkeypatch):
    monkeypatch.setattr(
        printing_context, "pgettext", lambda context, words: words.replace("of", f"of-{translation.get_language()}")
    )
    long_letter.language = "fr"
    long_letter.save()

    with translation.override("en"):
        text = page_texts(letter_pdf(with_everything(long_letter)))[0]

    assert "Page 1 of-fr " in text


def test_quotes_and_markup_in_the_footer_words_are_printed_not_obeyed(long_letter, monkeypatch):
    monkeypatch.setattr(
        printing_context, "pgettext", lambda context, words: "P\"a\\g'e</style><p>x {page} sur\nde {pages}"
    )

    html = render_letter(with_everything(long_letter)).html
    text = page_texts(letter_pdf(with_everything(long_letter)))[0]

    assert "</style><p>x" not in html
    assert "P\"a\\g'e</style><p>x 1 sur" in text


def test_css_string_escapes_everything_but_letters_digits_and_spaces():
    assert sandbox.css_string("Página 2") == '"Página 2"'
    assert sandbox.css_string('a"b') == '"a\\22 b"'
    assert sandbox.css_string("</style>") == '"\\3c \\2f style\\3e "'


# -- 2. Signatories in one or two columns -----------------------------------------------------------


def sign(letter, count: int, *, role="cosigner", name="Cosigner"):
    for n in range(count):
        letter.signatories.create(organization=f"{name}{n:03d} League", role=role, position=n)


def columns_of(pdf: bytes, name: str) -> set[str]:
    return {"left" if x < A4_MIDDLE else "right" for _page, x, _y, word in words_on_pages(pdf) if word.startswith(name)}


def test_twelve_co_signers_print_in_one_column(make_letter):
    letter = make_letter()
    sign(letter, 12)

    assert columns_of(letter_pdf(with_everything(letter)), "Cosigner") == {"left"}


def test_thirteen_co_signers_print_in_two_columns(make_letter):
    letter = make_letter()
    sign(letter, 13)

    assert columns_of(letter_pdf(with_everything(letter)), "Cosigner") == {"left", "right"}


def test_lead_signatories_print_in_the_drafters_order_in_the_one_list_of_signatories(make_letter):
    letter = make_letter()
    sign(letter, 30)
    letter.signatories.create(organization="Lead000 League", role="lead", position=40)
    letter.signatories.create(organization="Lead001 League", role="lead", position=1)  # after Cosigner001
    pdf = letter_pdf(with_everything(letter))
    text = pdf_text(pdf)

    assert text.index("Cosigner001 League") < text.index("Lead001 League") < text.index("Cosigner002 League")
    assert text.index("Cosigner029 League") < text.index("Lead000 League")
    # One list, one format: the leads are laid out in the same two columns, not in a block of their own.
    assert columns_of(pdf, "Cosigner") == {"left", "right"}


def test_co_signers_with_long_lines_keep_one_column(make_letter):
    letter = make_letter()
    for n in range(20):
        letter.signatories.create(
            organization=f"Cosigner{n:03d} Alliance for the Protection of Civilians",
            city="Bangui",
            country="CF",
            position=n,
        )

    assert columns_of(letter_pdf(with_everything(letter)), "Cosigner") == {"left"}


def test_no_signatory_is_split_across_pages_or_columns(make_letter):
    letter = make_letter()
    for n in range(150):
        middle = " Alliance for the Protection of Civilians and of Human Rights Defenders" if n % 5 == 0 else ""
        letter.signatories.create(organization=f"Start{n:03d}{middle} League End{n:03d}", position=n)
    pdf = letter_pdf(with_everything(letter))
    words = words_on_pages(pdf)
    assert pdf_page_count(pdf) >= 3

    for n in range(150):
        start_page, start_x, start_y = marker(words, f"Start{n:03d}")
        end_page, end_x, end_y = marker(words, f"End{n:03d}")
        assert start_page == end_page
        assert (start_x < A4_MIDDLE) == (end_x < A4_MIDDLE)
        if n % 5 == 0:
            assert end_y > start_y  # the long ones did wrap, and stayed whole


# -- 3. An annex of late signatories ----------------------------------------------------------------


@pytest.fixture
def closed_sign_on(make_letter, ngo, people):
    """A sign-on with two organizations that signed in time, closed, then two late signatures added."""
    letter = make_letter(status=Letter.Status.READY, lead_organization=ngo)
    sign_on = letter_open_for_signatures(
        letter=letter,
        user=people["owner"],
        rules=SignOnRules(
            deadline=timezone.now() + datetime.timedelta(days=7),
            time_zone="Europe/Paris",
            signers="organizations",
            moderated=False,
            list_public=True,
        ),
    )
    sign_online(sign_on, "Timely Rights League")
    sign_online(sign_on, "Punctual Observatory")
    sign_on_close(sign_on=sign_on)
    for name, day in (
        ("Tardy Rights Network", datetime.date(2026, 3, 2)),
        ("Belated Peace Forum", datetime.date(2026, 2, 27)),
    ):
        signature_add_late(
            sign_on=sign_on,
            signed_on=day,
            user=people["owner"],
            data={
                "kind": "organization",
                "organization": name,
                "city": "Dakar",
                "country": "SN",
                "person_name": "Aminata Diallo",
                "person_title": "Director",
                "show_name": False,
                "email": f"{name.split()[0].lower()}@example.org",
            },
        )
    return sign_on


def test_late_signatories_print_in_an_annex_after_the_main_list_each_with_its_date(closed_sign_on):
    letter = with_everything(closed_sign_on.letter)
    html = render_letter(letter).html
    text = " ".join(" ".join(page_texts(letter_pdf(letter))).split())

    annex = text.index("Late signatories")
    assert text.index("Timely Rights League") < annex
    assert text.index("Punctual Observatory") < annex
    assert (
        annex
        < text.index("Belated Peace Forum (Dakar, Senegal), 27 February 2026")
        < text.index("Tardy Rights Network (Dakar, Senegal), 2 March 2026")
    )
    main_list = html[html.index('class="signatories"') : html.index('class="late-signatories"')]
    assert "Timely Rights League" in main_list and "Tardy Rights Network" not in main_list


def test_the_late_dates_are_written_in_the_letters_language(closed_sign_on):
    letter = with_everything(closed_sign_on.letter)
    letter.language = "fr"

    with translation.override("en"):
        html = render_letter(letter).html

    assert 'Tardy Rights Network (Dakar, Sénégal)<span class="signed-on">, 2\u00a0mars\u00a02026</span>' in html


def test_the_docx_and_the_text_date_late_signatories_as_the_pdf_does_in_chinese(closed_sign_on):
    letter = with_everything(closed_sign_on.letter)
    letter.language = "zh-hans"
    line = "Tardy Rights Network（Dakar，塞内加尔），2026年3月2日"

    document = docx.Document(io.BytesIO(letter_docx(letter)))

    assert line in printed_text(letter)
    assert line in [p.text for p in document.paragraphs if p.style.name == "Signatory"]
    assert line in letter_text(letter).splitlines()


def test_a_letter_without_late_signatures_has_no_annex(make_letter):
    letter = make_letter()
    sign(letter, 3)

    assert 'class="late-signatories"' not in render_letter(with_everything(letter)).html


def test_the_late_flag_costs_no_query_per_signatory(closed_sign_on, django_assert_num_queries):
    letter = with_everything(closed_sign_on.letter)

    with django_assert_num_queries(0):
        render_letter(letter)


# -- 4. PDF metadata --------------------------------------------------------------------------------


def test_the_pdf_carries_subject_keywords_and_creation_date(make_letter):
    letter = make_letter(
        subject="Protection of civilians in the Central African Republic", concerned_region="Central Africa"
    )
    before = timezone.now().replace(microsecond=0)

    metadata = reader_of(letter_pdf(with_everything(letter))).metadata

    assert metadata.title == letter.title
    assert metadata.subject == "Protection of civilians in the Central African Republic"
    assert metadata.get("/Keywords") == (
        "Central African Republic, Central Africa, responsibility to protect, Security Council"
    )
    assert before <= metadata.creation_date <= timezone.now()


def test_a_letter_without_subject_gives_its_title_as_the_pdf_subject(make_letter):
    letter = make_letter(subject="", concerned_country="", concerned_region="")

    metadata = reader_of(letter_pdf(with_everything(letter))).metadata

    assert metadata.subject == letter.title
    assert metadata.get("/Keywords") == "responsibility to protect, Security Council"


def test_the_keywords_are_in_the_letters_language(make_letter):
    letter = make_letter(language="fr", concerned_region="")

    with translation.override("en"):
        keywords = reader_of(letter_pdf(with_everything(letter))).metadata.get("/Keywords")

    assert keywords.startswith("République centrafricaine, ")


# -- 5. A4 or US Letter -----------------------------------------------------------------------------


def page_size_mm(pdf: bytes) -> tuple[int, int]:
    width, height = (float(v) for v in reader_of(pdf).pages[0].mediabox[2:])
    return round(width / 72 * 25.4), round(height / 72 * 25.4)


@pytest.mark.parametrize(
    ("query", "size"),
    [
        ("", (210, 297)),
        ("?paper=letter", (216, 279)),
        ("?paper=a4", (210, 297)),
        ("?paper=legal", (210, 297)),
        ("?paper=letter%7D%20body%7Bdisplay:none", (210, 297)),
    ],
)
def test_the_pdf_prints_on_a4_unless_us_letter_is_asked_for(client, make_letter, query, size):
    from django.urls import reverse

    letter = make_letter()

    response = client.get(reverse("letters:pdf", args=[letter.slug]) + query)

    assert response.status_code == 200
    assert page_size_mm(response.content) == size
    assert "Page 1 of 1" in page_texts(response.content)[0]


# -- 6. Notes at the foot of their page (PDF), at the end (letter page) -----------------------------


@pytest.fixture
def cited_letter(make_letter):
    """A letter whose legal basis falls on page 2, with two notes on one sentence and a footnote of its own."""
    from ..factories import InstrumentFactory, ParagraphFactory
    from ..helpers.letters import cite

    letter = make_letter()
    for n in range(14):
        ParagraphFactory(letter=letter, position=n, text="The situation deteriorates further every week. " * 8)
    cite(
        letter,
        text="The Council has reaffirmed its resolve.",
        instrument=InstrumentFactory(title="Quorumtitle one"),
    )
    cite(letter, text="", instrument=InstrumentFactory(title="Quorumtitle two"))
    cite(
        letter,
        text="States bear the primary responsibility.",
        instrument=InstrumentFactory(title="Quorumtitle three"),
    )
    letter.footnotes.create(text="Ownnote figures from the field.")
    return with_everything(letter)


def test_legal_basis_notes_print_at_the_foot_of_the_page_that_cites_them(cited_letter):
    pdf = letter_pdf(cited_letter)
    words = words_on_pages(pdf)

    [(cited_page, cited_y)] = [(page, y) for page, x, y, word in words if word.startswith("resolve.")]
    for title in ("one", "two", "three"):
        [(page, y)] = [(page, y) for page, x, y, word in words if word == f"{title}."]
        assert page == cited_page and y > cited_y
    assert cited_page < pdf_page_count(pdf)  # not gathered at the end of the letter


def test_two_notes_on_one_sentence_are_called_one_comma_two(cited_letter):
    text = pdf_text(letter_pdf(cited_letter))

    assert re.search(r"resolve\.\s*1,2", text)
    assert re.search(r"responsibility\.\s*3", text)


def test_the_letters_own_footnotes_follow_the_legal_notes_in_number(cited_letter):
    text = pdf_text(letter_pdf(cited_letter))

    assert re.search(r"4\.\s*Ownnote figures from the field\.", text)
    assert not re.search(r"1\.\s*Ownnote", text)


def test_the_letter_page_keeps_every_note_at_the_end(cited_letter):
    html = render_letter(cited_letter).html

    assert 'class="footnote"' not in html
    notes = html[html.index('<section class="notes">') :]
    for text in ("Quorumtitle one", "Quorumtitle two", "Quorumtitle three", "Ownnote figures"):
        assert text in notes
    # Two notes on one sentence: two calls side by side, a comma between them (.note-ref + .note-ref).
    assert '<a href="#note-1">1</a></sup><sup class="note-ref"><a href="#note-2">2</a>' in html


@pytest.fixture
def calling_letter(make_letter):
    """A letter of three pages whose situation calls its first footnote ("[^1]") on page 2; a second footnote
    is called nowhere."""
    from ..factories import ParagraphFactory

    letter = make_letter()
    for n in range(10):
        ParagraphFactory(letter=letter, position=n, text="The situation deteriorates further every week. " * 8)
    ParagraphFactory(letter=letter, position=10, text="Over **90,000** people have fled.[^1] Many more will.")
    for n in range(11, 24):
        ParagraphFactory(letter=letter, position=n, text="Humanitarian access remains blocked on every road. " * 8)
    letter.footnotes.create(position=0, text="Calledfootnote figures from UNHCR, March 2026.")
    letter.footnotes.create(position=1, text="Uncalledfootnote stays in the list.")
    return with_everything(letter)


def test_a_footnote_the_text_calls_prints_at_the_foot_of_the_calling_page(calling_letter):
    pdf = letter_pdf(calling_letter)
    words = words_on_pages(pdf)

    [(cited_page, cited_y)] = [(page, y) for page, x, y, word in words if word.startswith("fled.")]
    [(page, y)] = [(page, y) for page, x, y, word in words if word == "Calledfootnote"]
    assert page == cited_page and y > cited_y
    assert cited_page < pdf_page_count(pdf)
    assert re.search(r"fled\.\s*1\s*Many", pdf_text(pdf))


def test_a_footnote_no_sentence_calls_stays_in_the_notes_at_the_end(calling_letter):
    pdf = letter_pdf(calling_letter)
    pages = page_texts(pdf)

    assert "Uncalledfootnote" in pages[-1]
    assert re.search(r"2\.\s*Uncalledfootnote", pdf_text(pdf))
    assert "Calledfootnote" not in pages[-1]


def test_the_letter_page_links_a_footnote_call_to_its_note(calling_letter):
    html = render_letter(calling_letter).html

    assert 'fled.<sup class="note-ref"><a href="#note-1">1</a></sup> Many' in html
    notes = html[html.index('<section class="notes">') :]
    assert 'id="note-1"' in notes and "Calledfootnote" in notes and "Uncalledfootnote" in notes


def test_a_call_to_a_footnote_that_does_not_exist_stays_as_typed(make_letter):
    from ..factories import ParagraphFactory

    letter = make_letter()
    ParagraphFactory(letter=letter, position=0, text="See note [^7] and <b>[^1]</b>.")

    html = render_letter(with_everything(letter)).html

    assert "See note [^7] and" in html
    assert '<sup class="note-ref">' not in html


def test_notes_number_in_reading_order_calls_and_legal_basis_alike(make_letter):
    """A footnote the situation calls comes before the legal basis: it is note 1, the legal basis's 2 and 3."""
    from ..factories import InstrumentFactory, ParagraphFactory
    from ..helpers.letters import cite

    letter = make_letter()
    ParagraphFactory(letter=letter, position=0, text="Thousands have fled.[^1] More will.")
    cite(
        letter,
        text="The Council has reaffirmed its resolve.",
        instrument=InstrumentFactory(title="Quorumtitle one"),
    )
    cite(letter, text="", instrument=InstrumentFactory(title="Quorumtitle two"))
    letter.footnotes.create(position=0, text="Calledfootnote figures.")
    letter = with_everything(letter)

    text = pdf_text(letter_pdf(letter))
    html = render_letter(letter).html

    assert re.search(r"fled\.\s*1\s*More", text) and re.search(r"resolve\.\s*2,3", text)
    assert re.search(r"1\.\s*Calledfootnote", text) and re.search(r"2\.\s*S/RES", text)
    notes = html[html.index('<section class="notes">') :]
    assert notes.index('id="note-1"') < notes.index("Calledfootnote") < notes.index('id="note-2"')


# -- 7. Hyphenation, numbered asks, margins ---------------------------------------------------------

LONG_WORDS = {
    "en": "internationalisation responsibilities characterisation interdisciplinary ",
    "fr": "anticonstitutionnellement internationalisation responsabilités interministérielles ",
    "es": "internacionalización responsabilidades constitucionalmente interdisciplinarias ",
    "ru": "ответственность достопримечательности международного сотрудничество ",
}


def ends_with_hyphen(line: str) -> bool:
    return line.rstrip().endswith(("-", "\u2010", "\u00ad"))


@pytest.mark.parametrize("language", LONG_WORDS)
def test_paragraphs_hyphenate_by_the_letters_language(make_letter, language):
    from ..factories import ParagraphFactory

    letter = make_letter(language=language)
    ParagraphFactory(letter=letter, position=0, text=LONG_WORDS[language] * 6)

    lines = pdf_text(letter_pdf(with_everything(letter))).splitlines()

    assert any(ends_with_hyphen(line) for line in lines)


def test_titles_and_signatories_are_not_hyphenated(make_letter):
    letter = make_letter(title="Internationalisation " * 12)
    letter.signatories.create(organization="Interdisciplinary " * 8 + "League", position=0)

    lines = pdf_text(letter_pdf(with_everything(letter))).splitlines()

    assert not any(ends_with_hyphen(line) for line in lines)


def test_the_asks_are_numbered(make_letter):
    letter = make_letter()
    for n, text in enumerate(["Renew the mandate.", "Deploy more peacekeepers.", "Report within 90 days."]):
        letter.asks.create(position=n, text=text)

    text = pdf_text(letter_pdf(with_everything(letter)))

    assert re.search(r"1\.\s*Renew the mandate\.\s*2\.\s*Deploy more peacekeepers\.\s*3\.\s*Report", text)


@pytest.mark.parametrize(("paper", "width", "height"), [("a4", 595.28, 841.89), ("letter", 612, 792)])
def test_every_word_stays_inside_the_margins_on_a4_and_letter(cited_letter, paper, width, height):
    words = words_on_pages(letter_pdf(cited_letter, paper=paper))

    mm = 72 / 25.4
    footer_y = max(y for _page, _x, y, _word in words)
    body = [(x, y) for _page, x, y, _word in words if y < footer_y]
    assert body
    assert all(20 * mm < x < width - 20 * mm and 20 * mm < y < height - 20 * mm for x, y in body)
    assert footer_y < height - 10 * mm  # the page footer too stays clear of the printer's unprintable edge
