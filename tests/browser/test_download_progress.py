"""In a real browser: a pack download shows "Preparing 15 PDFs…" with a spinner on a disabled button while the
server makes it, then the browser saves the file under its name and the button is a link again; a failed one
opens the error page; without JavaScript the link downloads."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from playwright.sync_api import expect

from ..helpers.browser import log_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def council_members(site):
    """The Council's shipped members: a live-server test empties the tables its migrations filled."""
    from r2p_letters.council.models import CouncilMember

    if not CouncilMember.objects.exists():
        importlib.import_module("r2p_letters.council.migrations.0002_load_membership_and_presidencies").load(apps, None)


def pack_page(site):
    return site["url"] + reverse("council:pack", args=[site["draft"].slug]) + "?month=2014-03&audience=ministers"


def test_the_zip_download_shows_its_progress_then_saves_the_file(page, site):
    log_in(page, site)
    page.goto(pack_page(site))
    held = []
    # The server's answer is held back until the test has seen the button busy: no race with a fast server.
    page.route("**/delivery/pack.zip*", lambda route: held.append(route))
    link = page.get_by_role("link", name="ZIP of 15 PDFs")

    link.click()

    busy = page.locator("a[aria-busy=true]")
    expect(busy).to_have_text("Preparing 15 PDFs…")
    expect(busy).to_have_class("btn btn-primary disabled")
    expect(busy.locator(".spinner-border")).to_have_count(1)
    expect(page.get_by_role("status")).to_have_text("Preparing 15 PDFs…")
    with page.expect_download() as download:
        held[0].continue_()
    assert download.value.suggested_filename.endswith("-council-2014-03.zip")
    expect(link).to_be_visible()
    expect(page.locator("a[aria-busy=true]")).to_have_count(0)


def test_a_download_that_fails_opens_its_error_page(page, site):
    log_in(page, site)
    page.goto(pack_page(site))
    # The ZIP link of the page, pointing at a month the server refuses (a 400 page that lists the known ones).
    page.evaluate("""() => {
        const link = document.querySelector("a[href*='pack.zip']");
        link.href = link.href.replace("2014-03", "1900-01");
    }""")

    with page.expect_navigation():
        page.get_by_role("link", name="ZIP of 15 PDFs").click()

    assert "month=1900-01" in page.url and "pack.zip" in page.url
    expect(page.locator("main")).to_contain_text("2009")


def test_without_javascript_the_link_downloads(new_page, site):
    page = new_page(java_script_enabled=False)
    log_in(page, site)
    page.goto(pack_page(site))

    with page.expect_download() as download:
        page.get_by_role("link", name="ZIP of 15 PDFs").click()

    assert download.value.suggested_filename.endswith("-council-2014-03.zip")
