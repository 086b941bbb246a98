"""In a real browser on a phone, without JavaScript: a partner signs from the short link and confirms."""

import pytest
from playwright.sync_api import expect

from tests.signatures.conftest import open_sign_on, ready_letter  # noqa: F401 (fixtures)

from ..helpers.signing import link_in

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "java_script_enabled": False, "is_mobile": True}


@pytest.fixture
def sign_on(transactional_db, open_sign_on):  # noqa: F811
    return open_sign_on


def test_a_partner_signs_on_a_phone_without_javascript_and_confirms_by_email(
    live_server, new_page, sign_on, run_worker, tmp_path
):  # noqa: F811
    page = new_page(**PHONE)
    page.goto(f"{live_server.url}/s/{sign_on.short_code}/")
    assert page.get_by_role("heading", name="Sign the letter “Protect civilians in El Fasher”").is_visible()

    page.get_by_role("radio", name="Everyone").check()
    page.get_by_role("textbox", name="Organization").fill("Darfur Bar Association")
    page.get_by_role("checkbox", name="I am authorized to sign for this organization").check()
    page.get_by_role("textbox", name="City").fill("Nyala")
    page.get_by_role("combobox", name="Country").select_option("SD")
    page.get_by_role("textbox", name="Your name").fill("Amna Ahmed")
    page.get_by_role("textbox", name="Your title").fill("Secretary-General")
    page.get_by_role("textbox", name="Your email").first.fill("amna@dba.example.org")
    page.get_by_role("checkbox", name="I agree").check()
    page.screenshot(path=tmp_path / "sign-phone.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign the letter").click()

    assert page.get_by_role("heading", name="One more step: confirm by email").is_visible()
    confirm = link_in(run_worker()[-1], "/sign/confirm/")
    page.goto(f"{live_server.url}{confirm}")
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm my signature").click()
    assert page.get_by_text("your signature on “Protect civilians in El Fasher” is confirmed").is_visible()

    page.goto(f"{live_server.url}/letters/{sign_on.letter.slug}/")
    assert page.locator(".signature-count strong").inner_text() == "1"
    frame = page.frame_locator("iframe.letter-frame")
    assert frame.get_by_text("Darfur Bar Association (Nyala, Sudan)").is_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_a_form_sent_back_with_errors_on_a_phone_opens_at_its_error_summary(live_server, new_page, sign_on, javascript):
    page = new_page(**{**PHONE, "java_script_enabled": javascript})
    page.goto(f"{live_server.url}/letters/{sign_on.letter.slug}/sign/")
    page.get_by_role("textbox", name="City").fill("Nyala")

    with page.expect_navigation():
        page.get_by_role("button", name="Sign the letter").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0  # the frame of the letter comes first on a phone
    assert page.get_by_role("textbox", name="City").input_value() == "Nyala"
    if javascript:
        expect(summary).to_be_focused()
        summary.get_by_role("link").first.click()
        # The first choice the form asks for is who may see the name: its safest answer first.
        expect(page.get_by_role("radio", name="No one")).to_be_focused()
    else:
        assert page.url.endswith("#error-summary")
