"""Every main page passes axe-core's WCAG 2.1 A and AA rules, and the composer works with the keyboard alone."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.signatures.conftest import open_sign_on, ready_letter  # noqa: F401 (fixtures)

from ..helpers.browser import log_in
from ..helpers.signing import many

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "vendor" / "axe.min.js"  # axe-core 4.14.1, MPL-2.0


@pytest.fixture
def audit_page(new_page):
    # axe is injected as a script: the pages' CSP (rightly) forbids that, so this context bypasses it.
    return new_page(bypass_csp=True)


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return r.violations.map(v => `${v.impact} ${v.id}: ${v.nodes.length} × ${v.nodes[0].target.join(' ')}`);
    }""")
    return result


def test_public_pages_pass_axe(audit_page, site):
    for path in (
        reverse("letters:library"),
        reverse("letters:detail", args=["2014-car-unsc-members"]),
        reverse("letters:instruments"),
        reverse("accounts:signup"),
        reverse("accounts:login"),
    ):
        audit_page.goto(site["url"] + path)
        assert violations(audit_page) == [], path


def test_drafting_pages_pass_axe(audit_page, site):
    log_in(audit_page, site)
    slug = site["draft"].slug
    for path in (
        reverse("letters:compose", args=[slug]),
        reverse("letters:compose_section", args=[slug, "asks"]),
        reverse("letters:compose_section", args=[slug, "header"]),
        reverse("letters:compose_section", args=[slug, "legal_basis"]) + "?q=civilians",
        reverse("letters:history", args=[slug]),
        site["organization"].get_absolute_url(),
        reverse("letters:templates", args=[site["organization"].slug]),
        reverse("letters:detail", args=[slug]),  # with its languages panel
        reverse("council:pack", args=[slug]) + "?month=2014-03&audience=ministers",
    ):
        audit_page.goto(site["url"] + path)
        assert violations(audit_page) == [], path


@pytest.fixture
def sign_on(transactional_db, open_sign_on):  # noqa: F811
    return open_sign_on


@pytest.mark.parametrize("width", [1280, 390])
def test_the_sign_page_passes_axe_as_it_opens_and_with_errors(live_server, sign_on, new_page, width):
    page = new_page(bypass_csp=True, viewport={"width": width, "height": 900})
    page.goto(live_server.url + reverse("signatures:sign", args=[sign_on.letter.slug]))
    assert violations(page) == []

    with page.expect_navigation():
        page.get_by_role("button", name="Sign the letter").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert violations(page) == []


@pytest.fixture
def dashboard_of_30(site, django_user_model):
    """The draft, made ready and opened for signatures, with 30 of them (some leads, some late)."""
    import datetime

    from django.utils import timezone

    from r2p_letters.letters.models import Letter
    from r2p_letters.signatures.services import SignOnRules, letter_open_for_signatures

    letter = site["draft"]
    Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.READY)
    letter.refresh_from_db()
    sign_on = letter_open_for_signatures(
        letter=letter,
        user=django_user_model.objects.get(email="drafter@example.org"),
        rules=SignOnRules(
            deadline=timezone.now() + datetime.timedelta(days=7),
            time_zone="Europe/Paris",
            signers="organizations",
            moderated=True,
            list_public=True,
        ),
    )
    many(sign_on, 30)
    return reverse("signatures:dashboard", args=[letter.slug])


@pytest.mark.parametrize("width", [1280, 390])
def test_the_sign_on_dashboard_passes_axe_and_fits_the_screen(new_page, site, dashboard_of_30, width):
    page = new_page(bypass_csp=True, viewport={"width": width, "height": 900})
    log_in(page, site)
    page.goto(site["url"] + dashboard_of_30)

    assert violations(page) == []
    # The page never scrolls sideways; its tables scroll inside their own regions.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("[role=region][tabindex='0'] table").count() == 2
    # One page of compact rows, not a 7,000 px page for 30 signatures.
    assert page.evaluate("document.documentElement.scrollHeight") < 7000
    assert page.get_by_text("Page 1 of 2").is_visible()


def test_the_composer_works_with_the_keyboard_alone(page, site):
    log_in(page, site)
    page.goto(site["url"] + reverse("letters:compose_section", args=[site["draft"].slug, "asks"]))

    field = page.get_by_label("What the Council must do").first
    field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Typed without a mouse.")
    while not page.evaluate("document.activeElement.textContent.trim() === 'Save this section'"):
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.get_by_text("Asks saved.").is_visible()
    assert page.get_by_label("What the Council must do").first.input_value() == "Typed without a mouse."


def test_the_audit_does_find_violations(audit_page):
    audit_page.set_content('<html lang="en"><title>t</title><main><img src="x.png"><input type="text"></main></html>')

    found = " ".join(violations(audit_page))

    assert "image-alt" in found and "label" in found


@pytest.mark.parametrize("width", [1280, 390])
def test_the_in_place_composer_passes_axe_on_a_desktop_and_a_phone(new_page, site, width):
    page = new_page(bypass_csp=True, viewport={"width": width, "height": 900})
    log_in(page, site)
    page.goto(site["url"] + reverse("letters:compose", args=[site["draft"].slug]))
    page.locator("#editor-asks .item-view").first.click()  # an item open for editing, its tools showing
    page.screenshot(path=f"/tmp/composer-{width}.png")

    assert violations(page) == []
    if width == 390:
        page.get_by_role("tab", name="Preview").click()
        assert violations(page) == []
