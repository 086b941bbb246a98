"""In a real browser: sign up, verify, create an organization, invite, draft a letter from the 2010
Kyrgyzstan letter section by section with the preview beside it, and download its PDF."""

import re

import pytest

from r2p_letters.letters.services import examples_load

from ..helpers.pdf import pdf_text

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    examples_load()
    return live_server.url


def link_from(message, pattern: str) -> str:
    return re.search(pattern, message.body).group(1)


def open_section(page, name: str) -> None:
    """Open a section of the composer and wait for its page: typing into the page being left would be lost."""
    with page.expect_navigation():
        page.get_by_role("navigation", name="Sections of the letter").get_by_role("link", name=name).click()


def save_section(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Save this section").click()
    assert page.get_by_role("status").filter(has_text="saved").count() == 1


def test_a_drafter_goes_from_sign_up_to_the_pdf_of_a_new_letter(page, site, mailoutbox, run_worker, tmp_path):
    # Sign up and verify the address from the link in the email.
    page.goto(f"{site}/accounts/signup/")
    page.get_by_label("Email address").fill("amina@example.org")
    page.get_by_label("Full name").fill("Amina Drafter")
    page.locator("#id_password1").fill("long-enough-pass-42")
    page.get_by_label("Password confirmation").fill("long-enough-pass-42")
    page.get_by_role("button", name="Create my account").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()
    page.goto(site + link_from(run_worker()[-1], r"http://[^/\s]+(/accounts/verify/\S+/)"))
    page.get_by_role("button", name="Confirm my email address").click()
    assert page.get_by_role("heading", name="Your profile").is_visible()

    # Create an organization and invite a colleague.
    page.goto(f"{site}/organizations/new/")
    page.locator("#id_name").fill("Kyrgyz Committee for Human Rights")
    page.locator("#id_city").fill("Bishkek")
    page.get_by_role("button", name="Create").click()
    assert page.get_by_text("you are its owner").is_visible()
    page.get_by_label("Email address").fill("colleague@example.org")
    page.get_by_role("button", name="Send the invitation").click()
    assert page.get_by_text("An invitation is on its way to colleague@example.org").is_visible()
    assert "/invitations/" in mailoutbox[-1].body

    # Start a letter from the 2010 Kyrgyzstan letter.
    page.goto(f"{site}/letters/2010-kyrgyzstan-gcr2p/")
    with page.expect_navigation():
        page.get_by_role("link", name="Use as template").click()
    page.get_by_label("Title of the new letter").fill("Open letter on Osh")
    with page.expect_navigation():
        page.get_by_role("button", name="Create the draft").click()
    assert page.get_by_text("Its signatories were left out").is_visible()

    # Heading.
    open_section(page, "Heading")
    page.get_by_label("Title").fill("Open letter on Osh, one year on")
    page.get_by_label("Salutation").fill("Excellencies,")
    save_section(page)

    # Opening: the live preview follows the typing before anything is saved.
    open_section(page, "Opening")
    page.get_by_label("Paragraph").first.fill("We write again, one year after the violence in **Osh**.")
    preview = page.frame_locator("iframe[name=letter-preview]")
    preview.get_by_text("We write again, one year after the violence in").wait_for(timeout=10_000)
    save_section(page)

    # Legal basis: find resolution 1674 in the catalogue, which says how to cite it.
    open_section(page, "Legal basis")
    page.get_by_role("searchbox", name="Search the catalogue").fill("1674")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_text("[^S/RES/1674 (2006), para. 4]", exact=True).is_visible()

    # Situation: the country concerned, and a paragraph that cites the resolution with its pinpoint.
    open_section(page, "Situation")
    page.get_by_label("Region concerned").fill("Fergana Valley")
    page.get_by_label("Paragraph").last.fill("The Council has reaffirmed this duty.[^S/RES/1674 (2006), para. 4]")
    save_section(page)
    open_section(page, "Closing")
    page.get_by_label("Valediction").fill("Yours sincerely,")
    save_section(page)

    # Asks: move the first ask to the end, and add one.
    open_section(page, "Asks")
    first_ask = page.get_by_label("What the Council must do").first.input_value()
    page.get_by_label("Order").first.fill("99")
    page.get_by_label("What the Council must do").last.fill("Request a briefing by the OSCE within a week.")
    save_section(page)
    asks = page.get_by_label("What the Council must do")  # the saved asks, then a blank one to add
    assert asks.nth(-3).input_value() == first_ask
    assert asks.nth(-2).input_value() == "Request a briefing by the OSCE within a week."

    # Footnotes and lead signatories.
    open_section(page, "Footnotes")
    page.get_by_label("Footnote").last.fill("Figures of the UN Office for the Coordination of Humanitarian Affairs.")
    save_section(page)
    open_section(page, "Lead signatories")
    page.get_by_label("Organization").last.fill("Kyrgyz Committee for Human Rights")
    page.get_by_label("City").last.fill("Bishkek")
    page.get_by_label("Country").last.select_option(label="Kyrgyzstan")
    page.get_by_label("Role").last.select_option("lead")
    save_section(page)

    # The PDF holds every change.
    open_section(page, "Overview")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    saved = tmp_path / "draft.pdf"
    download_info.value.save_as(saved)
    text = " ".join(pdf_text(saved.read_bytes()).split())
    for expected in (
        "Open letter on Osh, one year on",
        "Excellencies,",
        "Yours sincerely,",
        "We write again, one year after",
        "Request a briefing by the OSCE within a week.",
        "S/RES/1674 (2006), para. 4",
        "Figures of the UN Office",
        "Kyrgyz Committee for Human Rights (Bishkek, Kyrgyzstan)",
    ):
        assert expected in text
    assert (
        text.index("Yet government action")
        < text.index(" ".join(first_ask.split())[:60])
        < text.index("Request a briefing by the OSCE")
    )
