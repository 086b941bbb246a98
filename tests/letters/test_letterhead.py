"""The printed letter opens with a letterhead: the lead organization (and its co-leads) with logo and letterhead
text, then the place and date, the addressee, the subject and the salutation."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from r2p_letters.letters.models import Letter, LetterTemplate
from r2p_letters.printing.html import render_letter
from r2p_letters.printing.pdf import StaticOnlyFetcher, letter_pdf

from ..helpers.images import png
from ..helpers.pdf import pdf_text, words_on_pages


@pytest.fixture
def lead_ngo(ngo):
    ngo.logo.save("logo.png", png())
    ngo.letterhead = "866 UN Plaza, Suite 4050\nNew York, NY 10017"
    ngo.save()
    return ngo


@pytest.fixture
def letter_of(make_letter, builtin_templates):
    def make(*organizations, template="letter-foreign-ministers", **kwargs):
        letter = make_letter(
            template=builtin_templates[template],
            lead_organization=organizations[0],
            place="New York",
            addressee="Members of the Security Council\nUnited Nations",
            subject="Renewal of the mandate",
            **kwargs,
        )
        letter.co_leads.add(*organizations[1:])
        return Letter.objects.with_everything().get(pk=letter.pk)

    return make


def images_on_first_page(pdf: bytes) -> list:
    return list(PdfReader(io.BytesIO(pdf)).pages[0].images)


def test_the_lead_organizations_logo_name_and_letterhead_text_head_the_letter(lead_ngo, letter_of):
    pdf = letter_pdf(letter_of(lead_ngo))

    text = pdf_text(pdf)
    assert len(images_on_first_page(pdf)) == 1
    assert (
        text.index("Global Centre for R2P")
        < text.index("866 UN Plaza, Suite 4050")
        < text.index("New York, NY 10017")
        < text.index("Open letter number")
    )


@pytest.mark.parametrize("template", ["letter-foreign-ministers", "open-letter-security-council"])
def test_co_lead_organizations_print_side_by_side_each_with_its_logo(lead_ngo, co_lead, letter_of, template):
    co_lead.logo.save("logo.png", png(color=(160, 30, 30)))
    co_lead.letterhead = "Avenue Boganda, Bangui"
    co_lead.save()

    pdf = letter_pdf(letter_of(lead_ngo, co_lead, template=template))

    assert len(images_on_first_page(pdf)) == 2
    words = words_on_pages(pdf)
    [(_, lead_x, lead_y)] = [(p, x, y) for p, x, y, w in words if w == "Global"]
    [(_, co_x, co_y)] = [(p, x, y) for p, x, y, w in words if w == "Ligue"]
    assert abs(lead_y - co_y) < 2 and co_x > lead_x + 100
    assert "Avenue Boganda, Bangui" in pdf_text(pdf)


def test_the_letterhead_is_followed_by_date_line_addressee_subject_and_salutation(lead_ngo, letter_of):
    text = pdf_text(letter_pdf(letter_of(lead_ngo)))

    order = [
        "New York, NY 10017",
        "New York, 2 May 2024",
        "Members of the Security Council",
        "United Nations",
        "Subject: Renewal of the mandate",
        "Excellency,",
    ]
    assert [text.index(part) for part in order] == sorted(text.index(part) for part in order)


def test_the_letter_page_shows_the_logo_inline(lead_ngo, letter_of, client):
    letter = letter_of(lead_ngo)

    response = client.get(reverse("letters:document", args=[letter.slug]))

    html = response.content.decode()
    assert re.search(
        r'<img class="logo" src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="Logo of Global Centre '
        r'for R2P">',
        html,
    )
    assert "img-src data: " in response["Content-Security-Policy"]


def test_a_letter_without_a_lead_organization_prints_its_issuer_and_no_logo(make_letter):
    letter = make_letter(issued_by="Global Centre for the Responsibility to Protect")
    letter = Letter.objects.with_everything().get(pk=letter.pk)

    html = render_letter(letter).html
    pdf = letter_pdf(letter)

    assert "<img" not in html and 'class="letterhead' not in html  # the open letter prints its issuer as a byline
    assert "Global Centre for the Responsibility to Protect" in pdf_text(pdf)
    assert images_on_first_page(pdf) == []


def test_the_seed_letters_print_without_letterhead_images(examples):
    for letter in examples.values():
        pdf = letter_pdf(letter)
        assert images_on_first_page(pdf) == []
        if letter.issued_by:
            assert letter.issued_by.split()[0] in pdf_text(pdf)


def test_a_lost_logo_file_prints_the_letterhead_without_it(lead_ngo, letter_of, client):
    letter = letter_of(lead_ngo)
    lead_ngo.logo.storage.delete(lead_ngo.logo.name)

    response = client.get(reverse("letters:pdf", args=[letter.slug]))

    assert response.status_code == 200
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    assert images_on_first_page(pdf) == []
    assert "Global Centre for R2P" in pdf_text(pdf)


def test_a_logo_of_an_unknown_type_is_left_out(ngo, letter_of):
    ngo.logo.save("logo.svg", ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'/>", name="logo.svg"))

    html = render_letter(letter_of(ngo)).html

    assert "<img" not in html and "Global Centre for R2P" in html


def test_the_pdf_still_refuses_to_fetch_uploaded_files(lead_ngo, letter_of, ngo):
    """Logos travel inline: a house style naming a file under MEDIA_ROOT gets nothing."""
    template = LetterTemplate.objects.create(
        slug="house",
        name="House",
        organization=ngo,
        html=f'{{% extends "base.j2" %}}{{% block letterhead %}}<img src="/media/{lead_ngo.logo.name}" alt="x">'
        f'<img src="file://{lead_ngo.logo.path}" alt="y">{{% endblock %}}',
        css="",
    )
    letter = letter_of(lead_ngo)
    letter.template = template
    fetcher = StaticOnlyFetcher()

    pdf = letter_pdf(letter, fetcher=fetcher)

    assert len(fetcher.refused) == 2
    assert images_on_first_page(pdf) == []
