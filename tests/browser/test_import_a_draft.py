"""In a real browser: paste a seed letter's source, review the section of each block, create the draft, and
download its PDF: every paragraph and signatory of the source is in it."""

import pytest
from django.urls import reverse

from r2p_letters.letters.models import Letter

from ..helpers.browser import log_in
from ..helpers.pdf import SEED_LETTERS, SOURCES_DIR, letters_only, pdf_text, printed_fragments

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("slug", SEED_LETTERS)
def test_a_pasted_seed_letter_becomes_a_draft_whose_pdf_holds_all_of_its_source(page, site, slug):
    log_in(page, site)
    page.goto(site["url"] + reverse("letters:new"))
    page.get_by_role("link", name="Import a draft").click()
    page.get_by_label("Paste the letter").fill((SOURCES_DIR / f"letter-{slug}.txt").read_text())
    with page.expect_navigation():
        page.get_by_role("button", name="Read the letter").click()

    assert page.get_by_role("heading", name="Review the imported draft").is_visible()
    sincerely = page.get_by_role("row").filter(has_text="Sincerely,")
    assert sincerely.get_by_role("combobox").input_value() == "valediction"
    with page.expect_navigation():
        page.get_by_role("button", name="Create the draft").click()

    letter = Letter.objects.filter(lead_organization=site["organization"]).exclude(pk=site["draft"].pk).get()
    assert page.url.endswith(reverse("letters:compose", args=[letter.slug]))
    pdf = page.context.request.get(site["url"] + reverse("letters:pdf", args=[letter.slug]))
    assert pdf.status == 200
    # A resolution the source names gets its note call printed after it ("Resolution 1674¹ on"): the words
    # are compared without the digits, which the notes' numbers would split.
    text = words_only(pdf_text(pdf.body()))
    missing = [fragment for fragment in printed_fragments(slug) if words_only(fragment) not in text]
    assert missing == []


def words_only(text: str) -> str:
    return "".join(ch for ch in letters_only(text) if not ch.isdigit())


def test_on_a_phone_the_review_page_fits_the_screen_and_each_section_list_shows_its_choice(new_page, site):
    page = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    log_in(page, site)
    page.goto(site["url"] + reverse("letters:import"))
    page.get_by_label("Paste the letter").fill((SOURCES_DIR / "letter-2010-kyrgyzstan-icrtop.txt").read_text())
    with page.expect_navigation():
        page.get_by_role("button", name="Read the letter").click()

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # A list too narrow for its choice shows "Pla" for "Place and date"; each shows its whole choice.
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('.draft-block-section select')]
            .filter(s => s.scrollWidth > s.clientWidth + 1 || s.getBoundingClientRect().width < 130)
            .map(s => s.value)"""
    )
    assert clipped == []
