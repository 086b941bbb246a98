"""The pack's and the letter's downloads say what they are preparing ("Preparing 15 PDFs…"), for the script that
turns each into a button with a spinner; without the script they stay plain links that download."""

import re

import pytest

pytestmark = pytest.mark.django_db


def preparing(html: str, href_part: str) -> str:
    link = re.search(rf'<a [^>]*href="[^"]*{re.escape(href_part)}[^"]*"[^>]*>', html)
    assert link, href_part
    found = re.search(r'data-preparing="([^"]+)"', link.group(0))
    return found.group(1) if found else ""


@pytest.mark.parametrize(
    ("language", "many", "one"),
    [("en", "Preparing 15 PDFs…", "Preparing the PDF…"), ("fr", "Préparation de 15 PDF…", "Préparation du PDF…")],
)
def test_the_pack_downloads_say_how_many_pdfs_they_prepare(ministers_letter, as_, pack_url, language, many, one):
    html = as_("viewer").get(pack_url(ministers_letter), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert preparing(html, "pack.zip") == many
    assert preparing(html, "pack.pdf") == many
    assert preparing(html, "president.pdf") == one
    assert "js/download-progress" in html


def test_the_letter_pages_pdf_downloads_say_they_prepare_a_pdf(ministers_letter, as_):
    html = as_("viewer").get(ministers_letter.get_absolute_url()).content.decode()

    assert preparing(html, "/pdf/") == "Preparing the PDF…"


def test_without_the_script_the_zip_link_still_downloads_the_pack(ministers_letter, as_, pack_url):
    html = as_("viewer").get(pack_url(ministers_letter)).content.decode()
    href = re.search(r'href="([^"]*pack\.zip[^"]*)"', html).group(1).replace("&amp;", "&")

    response = as_("viewer").get(href)

    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
