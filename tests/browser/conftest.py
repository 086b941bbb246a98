"""A real Chromium (Debian's package) driven by Playwright, against a live server."""

import os
import shutil
import warnings

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def find_chromium() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    for candidate in ((configured,) if configured else ()) + CHROMIUM_CANDIDATES:
        if candidate and shutil.which(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def chromium():
    path = find_chromium()
    if path is None:
        message = ("NO CHROMIUM FOUND: the browser tests cannot run. Install Debian's 'chromium' package "
                   "(make test does it when run as root) or set CHROMIUM_PATH.")
        if os.environ.get("CI"):
            pytest.fail(message)
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ])
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium):
    """Open a page in a fresh browser context (options as Playwright's new_context); all closed after the test."""
    contexts = []

    def open_page(**options):
        context = chromium.new_context(**{"accept_downloads": True, "locale": "en-GB", **options})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
