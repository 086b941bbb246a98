"""In a real browser: a blank letter written to the end in the composer's in-place editor, with no page load after
the first; and the same letter through the section forms with JavaScript off."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from r2p_letters.letters.models import Letter, LetterTemplate
from r2p_letters.letters.sections import items_update
from r2p_letters.letters.services import letter_create, letter_section_items_edit

from ..helpers.browser import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def blank(site, django_user_model):
    user = django_user_model.objects.get(email="drafter@example.org")
    return letter_create(
        organization=site["organization"],
        template=LetterTemplate.objects.default(),
        title="Untitled",
        language="en",
        author=user,
    )


def saved(page):
    expect(page.locator("#save-status")).to_have_attribute("data-state", "saved")


def add(page, section, text, **fields):
    page.locator(f"#id_{section}_new_{'organization' if section == 'signatories' else 'text'}").fill(text)
    for name, value in fields.items():
        page.locator(f"#id_{section}_new_{name}").fill(value)
    page.locator(f"#id_{section}_new_{'organization' if section == 'signatories' else 'text'}").blur()
    saved(page)


def items(page, section):
    return page.locator(f"#editor-{section} .compose-item[data-index] .item-view")


def test_a_blank_letter_is_written_to_ready_without_a_page_load(page, site, blank):
    log_in(page, site)
    loads = []
    page.on("framenavigated", lambda frame: loads.append(frame.url) if frame == page.main_frame else None)
    page.goto(site["url"] + reverse("letters:compose", args=[blank.slug]))
    page.evaluate("window.sameDocument = 'yes'")

    page.locator("#id_fields-title").fill("Protect civilians in El Fasher")
    page.locator("#id_fields-place").fill("New York")
    saved(page)
    add(page, "opening", "We write about El Fasher.")
    add(page, "opening", "The city has been besieged for a year.")
    add(page, "situation", "The Council demanded an end to the siege in resolution 1674 (2006).")
    for ask in ("Enforce the arms embargo.", "Protect aid convoys.", "Refer the situation to the ICC."):
        add(page, "asks", ask)
    for organization in ("Sudan Civil Society Coalition", "Global Centre for R2P", "Genocide Alert"):
        add(page, "signatories", organization, city="Khartoum")

    # An item is changed where it shows, as it prints.
    items(page, "asks").nth(1).click()
    page.locator("#id_asks_1_text").fill("Protect **all** aid convoys.")
    saved(page)
    expect(items(page, "asks").nth(1).locator("strong")).to_have_text("all")

    # Two items of a section changed one after the other, faster than a save: both are kept.
    page.locator("#id_asks_1_text").fill("Protect **all** aid convoys, now.")
    items(page, "asks").nth(2).click()
    page.locator("#id_asks_2_text").fill("Refer the situation to the ICC.")
    page.locator("#id_asks_2_text").blur()
    saved(page)
    expect(items(page, "asks").nth(1)).to_have_text("Protect all aid convoys, now.")
    items(page, "asks").nth(1).click()
    page.locator("#id_asks_1_text").fill("Protect **all** aid convoys.")
    page.locator("#id_asks_1_text").blur()
    saved(page)

    # Reorder: a button, the keyboard, drag and drop.
    page.get_by_role("button", name="Move up ask 3").click()
    saved(page)
    expect(items(page, "asks").nth(1)).to_have_text("Refer the situation to the ICC.")
    page.locator("#editor-asks .compose-item[data-index='0'] .item-view").focus()
    page.keyboard.press("Alt+ArrowDown")
    saved(page)
    expect(items(page, "asks").nth(0)).to_have_text("Refer the situation to the ICC.")
    # Drag and drop as the browser sends it (a mouse's path over a page that scrolls is not for a test).
    transfer = page.evaluate_handle("new DataTransfer()")
    page.locator("#item-signatories-2 .drag-handle").dispatch_event("dragstart", {"dataTransfer": transfer})
    page.locator("#item-signatories-0 .item-view").dispatch_event("dragover", {"dataTransfer": transfer})
    page.locator("#item-signatories-0 .item-view").dispatch_event("drop", {"dataTransfer": transfer})
    saved(page)
    expect(items(page, "signatories").nth(0)).to_contain_text("Genocide Alert")

    # Delete, then undo.
    page.get_by_role("button", name="Delete ask 2").click()
    saved(page)
    expect(items(page, "asks")).to_have_count(2)
    page.get_by_role("button", name="Undo").click()
    saved(page)
    expect(items(page, "asks")).to_have_count(3)

    # Insert after the first paragraph.
    page.locator("#editor-opening").get_by_role("button", name="Insert after paragraph 1").click()
    page.keyboard.type("Inserted between.")
    page.keyboard.press("Tab")
    saved(page)

    letter = Letter.objects.with_everything().get(pk=blank.pk)
    assert letter.title == "Protect civilians in El Fasher"
    assert [p.text for p in letter.paragraphs_of("opening")] == [
        "We write about El Fasher.",
        "Inserted between.",
        "The city has been besieged for a year.",
    ]
    assert [a.text for a in letter.asks.all()] == [
        "Refer the situation to the ICC.",
        "Enforce the arms embargo.",
        "Protect **all** aid convoys.",
    ]
    assert [s.organization for s in letter.signatories.all()] == [
        "Genocide Alert",
        "Sudan Civil Society Coalition",
        "Global Centre for R2P",
    ]
    assert [b.instrument.symbol for b in letter.legal_bases.all()] == ["S/RES/1674 (2006)"]
    expect(page.frame_locator("#letter-preview").locator(".asks li").first).to_have_text(
        "Refer the situation to the ICC."
    )

    # To ready: sent for review, then approved by the one lead organization, from the composer's review panel.
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator("#review-panel").get_by_role("status")).to_contain_text("The letter is in review")
    expect(page.locator("#letter-status")).to_have_text("In review")
    page.get_by_role("button", name=f"Approve for {site['organization'].name}").click()
    expect(page.locator("#review-panel")).to_contain_text("Every organization approved: the letter is ready.")
    expect(page.locator("#letter-status")).to_have_text("Ready")
    expect(page.locator("#composer-editors")).to_have_text(re.compile("The letter is ready: its text is frozen"))
    assert Letter.objects.get(pk=blank.pk).status == Letter.Status.READY

    assert page.evaluate("window.sameDocument") == "yes"
    assert len(loads) == 1, loads


def test_a_save_that_does_not_reach_the_server_keeps_the_text_and_is_sent_again(page, site, blank):
    log_in(page, site)
    page.goto(site["url"] + reverse("letters:compose", args=[blank.slug]))
    page.route("**/items/**", lambda route: route.abort("internetdisconnected"))

    page.locator("#id_asks_new_text").fill("Sent while offline.")
    page.locator("#id_asks_new_text").blur()

    expect(page.locator("#save-status")).to_have_text("Not saved: retry")
    expect(page.locator("#id_asks_new_text")).to_have_value("Sent while offline.")
    assert not Letter.objects.get(pk=blank.pk).asks.exists()
    page.unroute("**/items/**")
    page.locator("#save-status").get_by_role("button", name="retry").click()
    saved(page)
    assert [a.text for a in Letter.objects.get(pk=blank.pk).asks.all()] == ["Sent while offline."]


def test_the_same_letter_is_written_through_the_forms_without_javascript(new_page, site, blank):
    page = new_page(java_script_enabled=False)
    log_in(page, site)

    def section(name, **fields):
        page.goto(site["url"] + reverse("letters:compose_section", args=[blank.slug, name]))
        for label, value in fields.items():
            page.locator(label).fill(value)
        with page.expect_navigation():
            page.get_by_role("button", name="Save this section").click()
        expect(page.get_by_role("status").filter(has_text="saved")).to_have_count(1)

    section("header", **{"#id_fields-title": "Protect civilians in El Fasher"})
    for text in ("We write about El Fasher.", "The city has been besieged for a year."):
        section("opening", **{"textarea[name$='-text'] >> nth=-1": text})
    section("situation", **{"textarea[name$='-text'] >> nth=-1": "As resolution 1674 (2006) demanded."})
    for text in ("Enforce the arms embargo.", "Protect aid convoys.", "Refer the situation to the ICC."):
        section("asks", **{"textarea[name$='-text'] >> nth=-1": text})
    for name in ("Sudan Civil Society Coalition", "Global Centre for R2P", "Genocide Alert"):
        section("signatories", **{"input[name$='-organization'] >> nth=-1": name})
    # Reorder and delete as the forms do it: order numbers and a box to tick.
    section("asks", **{"#id_items-2-ORDER": "0"})
    page.goto(site["url"] + reverse("letters:compose_section", args=[blank.slug, "signatories"]))
    page.locator("#id_items-1-DELETE").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save this section").click()

    letter = Letter.objects.with_everything().get(pk=blank.pk)
    assert letter.title == "Protect civilians in El Fasher"
    assert len(letter.paragraphs_of("opening")) == 2
    assert [a.text for a in letter.asks.all()][0] == "Refer the situation to the ICC."
    assert [s.organization for s in letter.signatories.all()] == ["Sudan Civil Society Coalition", "Genocide Alert"]
    assert [b.instrument.symbol for b in letter.legal_bases.all()] == ["S/RES/1674 (2006)"]
    # The composer itself reads without JavaScript: the letter's items as they print, and their forms.
    page.goto(site["url"] + reverse("letters:compose", args=[blank.slug]))
    expect(page.locator("#editor-asks .item-view").first).to_have_text("Refer the situation to the ICC.")
    # To ready through the review panel's forms.
    with page.expect_navigation():
        page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("status").filter(has_text="The letter is in review")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name=f"Approve for {site['organization'].name}").click()
    expect(page.get_by_role("status").filter(has_text="the letter is ready")).to_be_visible()
    assert Letter.objects.get(pk=blank.pk).status == Letter.Status.READY


@pytest.mark.parametrize("width", [1280, 390])
def test_the_preview_scrolls_to_the_item_being_edited(new_page, site, width):
    page = new_page(viewport={"width": width, "height": 800})
    log_in(page, site)
    page.goto(site["url"] + reverse("letters:compose", args=[site["draft"].slug]))
    expect(page.frame_locator("#letter-preview").locator(".asks li").first).to_be_attached()

    page.locator("#editor-asks .item-view").last.click()
    if width == 390:
        page.get_by_role("tab", name="Preview").click()

    frame = page.frame_locator("#letter-preview")
    expect(frame.locator(".asks > li").last).to_be_in_viewport()
    expect(frame.locator(".title")).not_to_be_in_viewport()


def test_a_conflict_stays_visible_with_the_users_text_kept_until_they_choose(page, site, blank, django_user_model):
    log_in(page, site)
    page.goto(site["url"] + reverse("letters:compose", args=[blank.slug]))
    add(page, "asks", "The first ask.")
    # A colleague saves the asks meanwhile.
    letter_section_items_edit(
        letter=blank,
        section="asks",
        edit=items_update(0, {"text": "The colleague's ask.", "by_when": ""}),
        base_edit=Letter.objects.get(pk=blank.pk).section_edits["asks"],
        author=django_user_model.objects.get(email="drafter@example.org"),
    )

    items(page, "asks").first.click()
    page.locator("#id_asks_0_text").fill("My ask.")
    page.locator("#id_asks_0_text").blur()

    expect(page.get_by_role("alert").filter(has_text="Someone else saved this section")).to_be_visible()
    expect(items(page, "asks").first).to_have_text("The colleague's ask.")
    expect(page.locator("#id_asks_0_text")).to_have_value("My ask.")
    assert Letter.objects.get(pk=blank.pk).asks.get().text == "The colleague's ask."
    page.locator("#item-asks-0").get_by_role("button", name="Save").click()
    saved(page)
    assert Letter.objects.get(pk=blank.pk).asks.get().text == "My ask."
