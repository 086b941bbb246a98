"""In a real browser: open the library, search, open a letter, download its PDF."""

import re

import pytest

from r2p_letters.letters.services import examples_load

from ..helpers.pdf import pdf_text

pytestmark = pytest.mark.browser


@pytest.fixture
def library(live_server, transactional_db):
    examples_load()
    return live_server.url


def test_a_visitor_finds_a_letter_and_downloads_its_pdf(page, library, tmp_path):
    page.goto(f"{library}/letters/")
    assert page.get_by_role("heading", name="Library of letters").is_visible()
    assert page.locator("article.letter-card").count() == 3

    page.get_by_role("searchbox", name="Search").fill("anti-balaka")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=anti-balaka"))
    cards = page.locator("article.letter-card")
    assert cards.count() == 1

    cards.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/letters/2014-car-unsc-members/$"))
    frame = page.frame_locator("iframe.letter-frame")
    assert frame.get_by_text("Dear Minister,").is_visible()
    assert frame.get_by_text("Invisible Children").is_visible()
    # The frame grows to the letter's height: the whole letter is on the page, not in a scroll box.
    assert page.locator("iframe.letter-frame").bounding_box()["height"] > 1500

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    download = download_info.value
    assert download.suggested_filename == "2014-car-unsc-members.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = pdf_text(saved.read_bytes())
    assert "Dear Minister," in text
    assert "Human Rights Watch" in text


def test_filters_narrow_the_library_without_javascript_tricks(page, library):
    page.goto(f"{library}/letters/")

    page.get_by_label("Country concerned").select_option(label="Kyrgyzstan")
    page.get_by_label("Year").select_option("2010")
    page.get_by_role("button", name="Search").click()

    assert page.locator("article.letter-card").count() == 2
    assert page.get_by_text("2 letters").is_visible()


def test_the_page_loads_nothing_from_elsewhere(page, library):
    external = []
    page.on("request", lambda request: external.append(request.url) if not request.url.startswith(library) else None)

    page.goto(f"{library}/letters/2010-kyrgyzstan-icrtop/")
    page.wait_for_load_state("networkidle")

    assert external == []
