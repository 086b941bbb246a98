"""In a real browser: paste the 55 Korean organizations of a letter, see them in the preview, add them in order."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from r2p_letters.letters.models import Signatory

from ..helpers.browser import log_in

pytestmark = pytest.mark.browser

CITIES = ["Seoul", "Busan", "Gwangju", "Daegu", "Incheon"]


def korean_organizations() -> list[tuple[str, str]]:
    return [(f"Korean Citizens' Network for Peace No. {n}", CITIES[n % len(CITIES)]) for n in range(1, 56)]


def pasted_list() -> str:
    """The 55 lines written the ways such a list is: with brackets, with commas, in French."""
    forms = ["{name} ({city}, South Korea)", "{name}, {city}, Republic of Korea", "{name} ({city}, Corée du Sud)"]
    return "\n".join(forms[n % 3].format(name=name, city=city) for n, (name, city) in enumerate(korean_organizations()))


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_drafter_pastes_55_signatories_previews_them_and_adds_them_in_order(new_page, site, javascript):
    page = new_page(java_script_enabled=javascript)
    log_in(page, site)
    draft = site["draft"]
    page.goto(site["url"] + reverse("letters:compose_section", args=[draft.slug, "signatories"]))
    with page.expect_navigation():
        page.get_by_role("link", name="Paste a list").click()

    page.get_by_label("The list").fill(pasted_list())
    with page.expect_navigation():
        page.get_by_role("button", name="Preview the list").click()

    table = page.get_by_role("table", name="Each row of the list as it will be added")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(55)
    assert [rows.nth(i).locator("td").nth(1).inner_text() for i in (0, 27, 54)] == [
        korean_organizations()[0][0],
        korean_organizations()[27][0],
        korean_organizations()[54][0],
    ]
    assert table.get_by_role("cell", name="Republic of Korea").count() == 55
    assert page.get_by_text("55 to add").is_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="Add the 55 signatories").click()

    assert page.get_by_role("status").filter(has_text="55 signatories added.").is_visible()
    added = Signatory.objects.filter(letter=draft).order_by("position").values_list("organization", "city", "country")
    assert list(added) == [(name, city, "KR") for name, city in korean_organizations()]
