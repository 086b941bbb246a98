"""WeasyPrint fetches nothing but our own static files, whatever a template or a letter contains."""

import subprocess
import tempfile

import pytest

from r2p_letters.letters.models import LetterTemplate
from r2p_letters.printing.pdf import StaticOnlyFetcher, html_to_pdf, letter_pdf

from ..helpers.pdf import pdf_text


def pdf_image_count(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        listing = subprocess.run(["pdfimages", "-list", f.name], capture_output=True, check=True).stdout
    return len(listing.decode().splitlines()) - 2


def test_a_template_cannot_fetch_files_or_urls(listener, make_letter):
    base, requests = listener
    hostile = LetterTemplate.objects.create(
        name="Hostile",
        slug="hostile",
        html=f"""
        <link rel="stylesheet" href="{base}/style.css">
        <img src="file:///etc/passwd"> <img src="file:///etc/hostname">
        <img src="{base}/logo.png"> <img src="https://example.org/logo.png">
        <img src="ftp://127.0.0.1/logo.png"> <img src="/static/../../../../etc/passwd">
        <img src="file:///static/../r2p_letters/settings.py">
        <p style="background: url('{base}/bg.png')">{{{{ letter.title }}}}</p>""",
    )
    letter = make_letter(template=hostile)
    fetcher = StaticOnlyFetcher()

    pdf = letter_pdf(letter, fetcher=fetcher)

    assert requests == []
    assert pdf_image_count(pdf) == 0
    assert letter.title in pdf_text(pdf)
    assert "root:" not in pdf_text(pdf)
    refused = " ".join(fetcher.refused)
    for url in (
        "file:///etc/passwd",
        f"{base}/logo.png",
        f"{base}/style.css",
        "https://example.org/logo.png",
        "ftp://127.0.0.1/logo.png",
        f"{base}/bg.png",
    ):
        assert url in refused


def test_images_and_links_in_letter_text_print_as_text(listener, make_letter, builtin_templates):
    base, requests = listener
    letter = make_letter()
    letter.paragraphs.create(
        section="situation", text=f'See <img src="{base}/tracker.png"> and <img src="file:///etc/passwd">.'
    )
    letter.paragraphs.create(section="closing", text="<script>alert('x')</script>")

    text = pdf_text(letter_pdf(letter))

    assert requests == []
    assert f'<img src="{base}/tracker.png">' in text
    assert "<script>alert('x')</script>" in text


def test_our_own_static_files_are_fetched():
    fetcher = StaticOnlyFetcher()

    pdf = html_to_pdf('<p>Mark</p><img src="/static/img/mark.png" alt="">', title="t", language="en", fetcher=fetcher)

    assert fetcher.refused == []
    assert pdf_image_count(pdf) == 1


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("letters:pdf", ""),
        ("letters:pdf", "?variant=pdfa"),
        ("letters:pdf", "?paper=letter"),
    ],
)
def test_the_downloads_fetch_nothing_either(listener, make_letter, client, name, query):
    """The web's PDFs are laid out in the bounded worker processes: the same fetcher refuses there too."""
    from django.urls import reverse

    base, requests = listener
    hostile = LetterTemplate.objects.create(
        name="Hostile",
        slug="hostile",
        html=f"""
        <link rel="stylesheet" href="{base}/style.css"><img src="{base}/logo.png">
        <img src="file:///etc/passwd"><p style="background: url('{base}/bg.png')">{{{{ letter.title }}}}</p>""",
    )
    letter = make_letter(template=hostile)

    response = client.get(reverse(name, args=[letter.slug]) + query)

    assert response.status_code == 200
    assert requests == []
    assert pdf_image_count(response.content) == 0
    assert letter.title in pdf_text(response.content)


@pytest.mark.parametrize("kind", ["docx", "text", "json"])
def test_the_other_exports_fetch_nothing(listener, make_letter, client, kind):
    from django.urls import reverse

    base, requests = listener
    letter = make_letter()
    letter.paragraphs.create(section="situation", text=f'See ![x]({base}/tracker.png) and <img src="{base}/t.png">.')

    response = client.get(reverse("letters:export", args=[letter.slug, kind]))

    assert response.status_code == 200
    assert requests == []
