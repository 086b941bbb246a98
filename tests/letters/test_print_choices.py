"""The drafters choose how their letter prints: asks numbered or bulleted, "by when" in their own words, a headline
or none, the English date's style, a heading above the signatories; the PDF, the letter page, the DOCX and the
text all follow."""

import datetime
import io
import json
import re

import docx
import pytest
from django.urls import reverse

from r2p_letters.letters.imports import LetterImportError, letter_data_read, letter_import
from r2p_letters.letters.models import Letter, Revision
from r2p_letters.letters.services import letter_create_from
from r2p_letters.printing.exports import letter_json, letter_text
from r2p_letters.printing.exports_docx import letter_docx
from r2p_letters.printing.html import render_letter
from r2p_letters.printing.pdf import letter_pdf

from ..helpers.letters import formset_data, section_url
from ..helpers.pdf import pdf_text


def fresh(letter) -> Letter:
    return Letter.objects.with_everything().get(pk=letter.pk)


def page(client, letter) -> str:
    """The letter as its page prints it (the same HTML as the PDF)."""
    return client.get(reverse("letters:document", args=[letter.slug])).content.decode()


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def draft(examples, ngo, people):
    """A draft of the lead NGO made from the 2010 Kyrgyzstan letter (five asks, one signatory)."""
    letter = letter_create_from(source=examples["2010-kyrgyzstan-icrtop"], organization=ngo, author=people["owner"])
    return fresh(letter)


def save_asks(client, letter, items, *, base_edit=0, **fields):
    extra = {f"fields-{name}": value for name, value in fields.items()}
    data = formset_data(items, base_edit=base_edit, extra_fields=extra)
    return client.post(section_url(letter, "asks"), data)


def header_data(letter, *, base_edit=0, **fields) -> dict:
    data = {
        "base_edit": base_edit,
        "fields-title": letter.title,
        "fields-language": letter.language,
        "fields-template": letter.template_id,
        "fields-issued_by": letter.issued_by,
        "fields-place": letter.place,
        "fields-date": letter.date.isoformat() if letter.date else "",
        "fields-date_style": letter.date_style,
    }
    data.update({f"fields-{name}": value for name, value in fields.items()})
    return {name: value for name, value in data.items() if value is not None}


ASKS = [
    {"text": "Authorize a stabilization mission.", "by_when": "Within 30 days"},
    {"text": "Open the border to refugees.", "by_when": "without delay"},
    {"text": "Request a briefing by the OSCE.", "by_when": "30 June 2026"},
]


# -- Asks: numbered or bulleted ------------------------------------------------------------------------


def test_asks_print_numbered_until_the_drafters_choose_bullets(as_, draft):
    editor = as_("editor")
    save_asks(editor, draft, ASKS)
    numbered = pdf_text(letter_pdf(fresh(draft)))
    assert "1. Authorize a stabilization mission." in one_line(numbered)
    assert '<ol class="asks numbered">' in page(editor, draft)

    response = save_asks(editor, draft, ASKS, base_edit=1, asks_style="bulleted")

    assert response.status_code == 302
    letter = fresh(draft)
    assert letter.asks_style == "bulleted"
    text = one_line(pdf_text(letter_pdf(letter)))
    assert "• Authorize a stabilization mission." in text
    assert "1. Authorize" not in text and "2. Open the border" not in text
    html = page(editor, draft)
    assert '<ul class="asks bulleted">' in html and '<ol class="asks' not in html
    assert "\n- Authorize a stabilization mission. (Within 30 days)\n" in letter_text(letter)


def test_bulleted_asks_are_a_bulleted_word_list(make_letter):
    letter = make_letter(asks_style="bulleted")
    for i, ask in enumerate(ASKS):
        letter.asks.create(position=i, **ask)

    document = docx.Document(io.BytesIO(letter_docx(fresh(letter))))

    asks = [p for p in document.paragraphs if p.style.name == "Ask"]
    assert [p.text for p in asks][0] == "Authorize a stabilization mission. (Within 30 days)"
    num_id = asks[0]._p.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
    formats = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract_id}"]/w:lvl[@w:ilvl="0"]/w:numFmt/@w:val')
    assert formats == ["bullet"]


def test_the_asks_page_offers_both_styles_in_french(as_, draft):
    response = as_("editor").get(section_url(draft, "asks"), headers={"accept-language": "fr"})

    html = response.content.decode()
    assert "Liste numérotée" in html and "Liste à puces" in html


# -- "By when" as the drafters wrote it ---------------------------------------------------------------


def test_by_when_prints_as_the_drafters_wrote_it_and_a_bare_date_with_by(make_letter):
    letter = make_letter()
    for i, ask in enumerate([*ASKS, {"text": "Report back.", "by_when": "2027"}]):
        letter.asks.create(position=i, **ask)

    text = one_line(pdf_text(letter_pdf(fresh(letter))))

    assert "Authorize a stabilization mission. (Within 30 days)" in text
    assert "Open the border to refugees. (without delay)" in text
    assert "Request a briefing by the OSCE. (by 30 June 2026)" in text
    assert "Report back. (by 2027)" in text
    assert "by Within" not in text and "by without" not in text


def test_a_french_by_when_keeps_its_words_and_a_french_date_gets_d_ici(make_letter):
    letter = make_letter(language="fr")
    letter.asks.create(position=0, text="Autoriser une mission.", by_when="dans les 30 jours")
    letter.asks.create(position=1, text="Ouvrir la frontière.", by_when="30 juin 2026")

    text = one_line(pdf_text(letter_pdf(fresh(letter))))

    assert "Autoriser une mission. (dans les 30 jours)" in text
    assert "Ouvrir la frontière. (d’ici 30 juin 2026)" in text


# -- The date line ------------------------------------------------------------------------------------


def test_an_empty_date_leaves_no_dangling_place(make_letter):
    letter = make_letter(place="New York", date=None, date_line="")

    lines = pdf_text(letter_pdf(fresh(letter))).splitlines()

    assert "New York" in lines
    assert not any(line.rstrip().endswith("New York,") for line in lines)
    assert "New York\n" in letter_text(fresh(letter))


def test_a_date_without_a_place_prints_alone(make_letter):
    letter = make_letter(place="", date=datetime.date(2020, 4, 17), date_line="")

    assert "17 April 2020" in pdf_text(letter_pdf(fresh(letter))).splitlines()


def test_english_dates_are_un_style_unless_the_drafters_choose_month_first(as_, draft):
    editor = as_("editor")
    editor.post(section_url(draft, "header"), header_data(draft, place="New York", date="2020-04-17"))
    assert "New York, 17 April 2020" in pdf_text(letter_pdf(fresh(draft)))

    response = editor.post(
        section_url(draft, "header"),
        header_data(fresh(draft), date_style="month_day_year", base_edit=1),
    )

    assert response.status_code == 302
    letter = fresh(draft)
    assert "New York, April 17, 2020" in pdf_text(letter_pdf(letter))
    document = docx.Document(io.BytesIO(letter_docx(letter)))
    assert [p.text for p in document.paragraphs if p.style.name == "Date Line"] == ["New York, April 17, 2020"]


def test_a_french_letter_writes_its_date_in_french_whatever_the_english_style(make_letter):
    letter = make_letter(
        language="fr", place="Genève", date=datetime.date(2020, 4, 17), date_line="", date_style="month_day_year"
    )

    assert "Genève, 17 avril 2020" in pdf_text(letter_pdf(fresh(letter)))


def test_the_date_as_printed_still_overrides_the_style(make_letter):
    letter = make_letter(date=datetime.date(2020, 4, 17), date_line="Spring 2020", place="")

    text = pdf_text(letter_pdf(fresh(letter)))

    assert "Spring 2020" in text and "17 April 2020" not in text


# -- Headline and issuer ------------------------------------------------------------------------------


@pytest.mark.parametrize("template", ["open-letter-security-council", "letter-foreign-ministers"])
def test_a_letter_without_headline_or_issuer_prints_neither_nor_an_empty_line(make_letter, builtin_templates, template):
    letter = make_letter(
        title="Our name for the letter",
        no_headline=True,
        issued_by="",
        template=builtin_templates[template],
        place="New York",
        date=datetime.date(2020, 4, 17),
        date_line="",
        salutation="Excellency,",
    )
    letter = fresh(letter)

    text = pdf_text(letter_pdf(letter))
    assert "Our name for the letter" not in text
    assert text.strip().startswith("New York, 17 April 2020")
    html = render_letter(letter).html
    body = html[html.index("<body>") :]
    assert "<h1" not in body and 'class="byline"' not in body and 'class="issuer"' not in body
    document = docx.Document(io.BytesIO(letter_docx(letter)))
    styles = [p.style.name for p in document.paragraphs]
    assert "Title" not in styles and "Issuer" not in styles
    assert document.core_properties.title == "Our name for the letter"  # the file is still named by it
    assert letter_text(letter).startswith("New York, 17 April 2020\n")


def test_the_headline_switch_is_in_the_heading_form_and_kept_when_unticked(as_, draft):
    editor = as_("editor")

    editor.post(section_url(draft, "header"), header_data(draft, no_headline="on"))

    assert fresh(draft).no_headline is True
    assert draft.title not in pdf_text(letter_pdf(fresh(draft)))


# -- Signatories' heading -----------------------------------------------------------------------------


def test_the_signatories_print_under_the_heading_the_drafters_give_and_none_without(as_, draft):
    editor = as_("editor")
    assert '<h2 class="signatories-heading">' not in page(editor, draft)
    rows = [
        {"organization": "Kyrgyz Committee for Human Rights", "city": "Bishkek", "country": "KG", "role": "lead"},
        {"organization": "Genocide Alert", "city": "Köln", "country": "DE", "role": "cosigner"},
    ]

    response = editor.post(
        section_url(draft, "signatories"),
        # The blank row as the browser sends it: its role select has a value.
        formset_data(rows, extra_fields={"fields-signatories_heading": "Signed by", "items-2-role": "cosigner"}),
    )

    assert response.status_code == 302
    letter = fresh(draft)
    lines = pdf_text(letter_pdf(letter)).splitlines()
    heading = lines.index("Signed by")
    assert lines[heading + 1 : heading + 3] == [
        "Kyrgyz Committee for Human Rights (Bishkek, Kyrgyzstan)",
        "Genocide Alert (Köln, Germany)",
    ]
    assert "Signed by\nKyrgyz Committee for Human Rights (Bishkek, Kyrgyzstan)\n" in letter_text(letter)
    document = docx.Document(io.BytesIO(letter_docx(letter)))
    assert [p.text for p in document.paragraphs if p.style.name == "Signatories Heading"] == ["Signed by"]


# -- Moving a letter between sites --------------------------------------------------------------------


def test_the_print_choices_travel_in_the_json_export(make_letter, builtin_templates):
    letter = make_letter(
        asks_style="bulleted", date_style="month_day_year", no_headline=True, signatories_heading="Signatories"
    )

    data = json.loads(letter_json(fresh(letter)))
    imported = letter_import(data=letter_data_read(json.dumps(data))).letter

    assert (imported.asks_style, imported.date_style, imported.no_headline, imported.signatories_heading) == (
        "bulleted",
        "month_day_year",
        True,
        "Signatories",
    )


def test_an_export_made_before_the_choices_existed_imports_with_their_defaults(make_letter):
    data = json.loads(letter_json(fresh(make_letter())))
    for name in ("asks_style", "date_style", "no_headline", "signatories_heading"):
        del data["letter"][name]

    imported = letter_import(data=data).letter

    assert (imported.asks_style, imported.date_style, imported.no_headline, imported.signatories_heading) == (
        "numbered",
        "day_month_year",
        False,
        "",
    )


@pytest.mark.parametrize(("name", "value"), [("asks_style", "roman"), ("no_headline", "yes")])
def test_a_bad_print_choice_in_an_import_is_refused_with_where_it_is(make_letter, name, value):
    data = json.loads(letter_json(fresh(make_letter())))
    data["letter"][name] = value

    with pytest.raises(LetterImportError, match=f"letter.{name}"):
        letter_import(data=data)
    assert Letter.objects.count() == 1


def test_restoring_asks_saved_before_the_style_existed_restores_them_numbered(as_, draft, people):
    editor = as_("editor")
    save_asks(editor, draft, ASKS, asks_style="bulleted")
    old = Revision.objects.create(
        letter=draft, section="asks", number=0, author=people["editor"], content={"items": ASKS[:1]}
    )

    response = editor.post(reverse("letters:restore", args=[draft.slug, old.pk]))

    assert response.status_code == 302
    letter = fresh(draft)
    assert (letter.asks_style, [a.text for a in letter.asks.all()]) == ("numbered", [ASKS[0]["text"]])
