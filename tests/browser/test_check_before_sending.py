"""A drafter reads the checks beside the letter, follows one to its section, fixes it, and the check is gone;
then finds the letter's decision on the Council's calendar. On a phone, without JavaScript too."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from r2p_letters.council.models import Decision
from r2p_letters.letters.models import Ask

from ..helpers.browser import log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False])
def test_a_drafter_follows_a_check_to_its_ask_and_fixes_it(new_page, site, javascript):
    draft = site["draft"]
    Ask.objects.create(letter=draft, position=1, text="More peacekeepers.", by_when="Before the renewal")
    page = new_page(viewport={"width": 390, "height": 800}, java_script_enabled=javascript)
    log_in(page, site)
    page.goto(site["url"] + reverse("letters:compose", args=[draft.slug]))

    checks = page.locator("#letter-checks")
    expect(checks.get_by_text("Ask 2 names no one to act")).to_be_visible()
    expect(page.get_by_text("Before you send it for review, the checks found:")).to_be_visible()
    with page.expect_navigation():
        checks.locator("[data-check=ask-no-actor]").get_by_role("link", name="Fix it").click()
    assert page.url.endswith(reverse("letters:compose_section", args=[draft.slug, "asks"]) + "#item-2")
    expect(page.locator("#item-2")).to_be_in_viewport()  # the page opens at the ask to fix

    page.locator("textarea").nth(1).fill("The Security Council must deploy more peacekeepers.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save this section").click()
    page.goto(site["url"] + reverse("letters:compose", args=[draft.slug]))
    expect(page.locator("#letter-checks")).to_be_visible()
    expect(page.locator("[data-check=ask-no-actor]")).to_have_count(0)


def test_the_calendar_lists_the_decision_a_letter_aims_at(new_page, site):
    today = timezone.localdate()
    decision = Decision.objects.create(
        kind="mandate", name="MINUSTEST", decides_on=today + datetime.timedelta(days=20),
        source="https://press.un.org/en/test", checked_on=today,
    )  # fmt: skip
    page = new_page(viewport={"width": 390, "height": 800})
    log_in(page, site)
    page.goto(site["url"] + reverse("calendar:aim", args=[site["draft"].slug]))

    page.get_by_label("The Council's decision the letter aims at").select_option(str(decision.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Ahead of the renewal of MINUSTEST's mandate on")).to_be_visible()

    page.goto(site["url"] + reverse("calendar:page"))
    expect(page.get_by_role("link", name=site["draft"].title)).to_be_visible()
