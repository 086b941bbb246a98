"""The drafters choose to print a references annex: every document the letter cites, with its title and date,
after the signatories, in the PDF and on the letter's page; off, the letter prints without it."""

import json

import pytest
from django.urls import reverse

from r2p_letters.letters.imports import letter_data_read, letter_import
from r2p_letters.letters.models import Letter
from r2p_letters.letters.services import letter_create_from
from r2p_letters.printing.exports import letter_json
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
