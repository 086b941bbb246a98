"""The drafters choose to print a references annex: every document the letter cites, with its title and date,
after the signatories, in the PDF and on the letter's page; off, the letter prints without it."""

import io
import json

import docx
import pytest
from django.urls import reverse

from r2p_letters.letters.imports import letter_data_read, letter_import
from r2p_letters.letters.models import Letter
from r2p_letters.letters.services import letter_create_from
from r2p_letters.printing.exports import letter_json, letter_text
from r2p_letters.printing.exports_docx import letter_docx
from r2p_letters.printing.pdf import letter_pdf

from ..helpers.letters import formset_data, section_url
from ..helpers.pdf import pdf_text


@pytest.fixture
def draft(examples, ngo, people):
    """The 2010 ICRtoP letter, which cites A/RES/60/1, S/RES/1674 (2006) and A/RES/63/308."""
    letter = letter_create_from(source=examples["2010-kyrgyzstan-icrtop"], organization=ngo, author=people["owner"])
    return Letter.objects.with_everything().get(pk=letter.pk)


def document(client, letter) -> str:
    return client.get(reverse("letters:document", args=[letter.slug])).content.decode()


def save_closing(client, letter, **fields):
    items = [{"text": p.text} for p in letter.paragraphs_of("closing")]
    extra = {f"fields-{name}": value for name, value in fields.items()}
    return client.post(section_url(letter, "closing"), formset_data(items, extra_fields=extra))


def test_the_annex_lists_each_document_cited_with_its_title_and_date(as_, draft):
    client = as_("editor")

    response = save_closing(client, draft, valediction="Sincerely,", print_references="on")

    assert response.status_code == 302
    page = document(client, draft)
    annex = page.split('<section class="references">')[1].split("</section>")[0]
    assert "References" in annex
    assert "A/RES/60/1" in annex and "2005 World Summit Outcome" in annex and "2005" in annex
    assert annex.index("A/RES/60/1") < annex.index("S/RES/1674 (2006)") < annex.index("A/RES/63/308")


def test_without_the_choice_the_letter_prints_no_annex(as_, draft):
    assert '<section class="references">' not in document(as_("editor"), draft)


def test_the_pdf_prints_the_annex_after_the_signatories(draft):
    Letter.objects.filter(pk=draft.pk).update(print_references=True)
    text = pdf_text(letter_pdf(Letter.objects.with_everything().get(pk=draft.pk)))

    assert "References" in text
    assert text.rindex("References") > text.index("Sincerely")


def test_a_french_letter_heads_its_annex_in_french(as_, draft):
    Letter.objects.filter(pk=draft.pk).update(print_references=True, language="fr")

    assert "<h2>Références</h2>" in document(as_("editor"), draft)


def test_the_choice_travels_in_the_json_export(draft):
    Letter.objects.filter(pk=draft.pk).update(print_references=True)

    data = json.loads(letter_json(Letter.objects.with_everything().get(pk=draft.pk)))
    imported = letter_import(data=letter_data_read(json.dumps(data))).letter

    assert imported.print_references is True


def annexed(draft, **fields) -> Letter:
    Letter.objects.filter(pk=draft.pk).update(print_references=True, **fields)
    return Letter.objects.with_everything().get(pk=draft.pk)


def test_the_plain_text_ends_with_the_annex_each_document_with_its_title_and_date(draft):
    text = letter_text(annexed(draft))

    annex = text[text.rindex("References") :]
    assert text.rindex("References") > text.index("Sincerely")
    lines = [line for line in annex.splitlines() if line.startswith("- ")]
    assert lines[0].startswith("- A/RES/60/1, 2005 World Summit Outcome")
    assert "2005" in lines[0]
    assert [line.split(",")[0] for line in lines] == ["- A/RES/60/1", "- S/RES/1674 (2006)", "- A/RES/63/308"]


def test_the_word_document_ends_with_the_annex_after_the_signatories(draft):
    document = docx.Document(io.BytesIO(letter_docx(annexed(draft))))

    paragraphs = [p.text for p in document.paragraphs]
    heading = paragraphs.index("References")
    entries = [p.text for p in document.paragraphs[heading + 1 :] if p.style.name == "Note"]
    assert heading > next(i for i, text in enumerate(paragraphs) if "Sincerely" in text)
    assert [entry.split(",")[0] for entry in entries] == ["A/RES/60/1", "S/RES/1674 (2006)", "A/RES/63/308"]
    assert "2005 World Summit Outcome" in entries[0]


def test_without_the_choice_neither_export_prints_an_annex(draft):
    letter = Letter.objects.with_everything().get(pk=draft.pk)

    assert "References" not in letter_text(letter)
    assert "References" not in [p.text for p in docx.Document(io.BytesIO(letter_docx(letter))).paragraphs]


def test_a_french_letter_heads_the_exports_annex_in_french(draft):
    letter = annexed(draft, language="fr")

    assert "\nRéférences\n" in letter_text(letter)
    assert "Références" in [p.text for p in docx.Document(io.BytesIO(letter_docx(letter))).paragraphs]
