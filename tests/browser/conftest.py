"""A real Chromium (Debian's package) driven by Playwright, against a live server."""

import os
import shutil
import warnings

import pytest

from r2p_letters.letters.services import examples_load, letter_create_from
from r2p_letters.organizations.services import organization_create

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
        message = (
            "NO CHROMIUM FOUND: the browser tests cannot run. Install Debian's 'chromium' package "
            "(make test does it when run as root) or set CHROMIUM_PATH."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
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


@pytest.fixture
def site(live_server, transactional_db, django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    letters = examples_load()
    assert letters.letters_created
    user = django_user_model.objects.create_user(email="drafter@example.org", password="long-enough-pass-42")
    organization = organization_create(user=user, name="Genocide Alert", city="Köln", country="DE")
    from r2p_letters.letters.models import Letter

    draft = letter_create_from(
        source=Letter.objects.get(slug="2010-kyrgyzstan-icrtop"), organization=organization, author=user
    )
    return {"url": live_server.url, "draft": draft, "organization": organization}
