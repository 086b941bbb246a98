"""A broken template's error shows, with its line, in the frame that would hold the letter: a document of its
own, never the site's pages (menu, footer) nested in the frame."""

import pytest
from django.urls import reverse

from r2p_letters.letters.models import LetterTemplate
from r2p_letters.letters.services import letter_create_from

BROKEN = '{% extends "base.j2" %}\n{% block body %}\n{{ letter.title.nope.deeper }}{% endblock %}'


@pytest.fixture
def house_style(as_, ngo, examples):
    as_("owner").post(reverse("letters:template_copy", args=[ngo.slug]), {"source": "open-letter-security-council"})
    return ngo.letter_templates.get()


def assert_is_an_error_document(response, line):
    html = response.content.decode()
    assert response.status_code == 422
    assert f"Line {line}:" in html and f'data-line="{line}"' in html
    assert 'class="navbar' not in html and "<footer" not in html  # not the site's page in the frame
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_the_editors_preview_of_a_broken_template_is_its_error_with_the_line(as_, house_style, ngo):
    response = as_("owner").post(
        reverse("letters:template_preview", args=[ngo.slug, house_style.slug]), {"html": BROKEN, "css": ""}
    )

    assert_is_an_error_document(response, 3)


def test_a_letter_whose_template_broke_shows_the_error_in_its_frame(as_, house_style, ngo, examples, people):
    letter = letter_create_from(source=examples["2010-kyrgyzstan-gcr2p"], organization=ngo, author=people["owner"])
    letter.template = house_style
    letter.save(update_fields=["template"])
    # Saved templates are checked against the sample letter; one can still break on another letter's data.
    LetterTemplate.objects.filter(pk=house_style.pk).update(html=BROKEN)

    response = as_("editor").get(reverse("letters:document", args=[letter.slug]))

    assert_is_an_error_document(response, 3)
    assert house_style.name in response.content.decode()


def test_the_editor_page_has_the_place_its_script_shows_the_error_in(as_, house_style, ngo):
    page = as_("owner").get(reverse("letters:template_edit", args=[ngo.slug, house_style.slug])).content.decode()

    assert 'id="template-error"' in page and "js/template-errors" in page
