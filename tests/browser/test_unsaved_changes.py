"""Leaving a composer page with unsaved changes warns; a preview does not count as saving."""

import pytest
from django.urls import reverse

from ..helpers.browser import log_in

pytestmark = pytest.mark.browser


def leave(page) -> list[str]:
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    other = page.context.new_page()  # keeps the browser's events flowing once this page is gone
    page.close(run_before_unload=True)
    other.wait_for_timeout(800)
    return dialogs


def open_asks(new_page, site):  # noqa: F811
    page = new_page()
    log_in(page, site)
    page.goto(site["url"] + reverse("letters:compose_section", args=[site["draft"].slug, "asks"]))
    return page


def test_leaving_after_typing_warns(new_page, site):  # noqa: F811
    page = open_asks(new_page, site)
    page.get_by_label("What the Council must do").first.click()  # a real gesture, as a person makes
    page.keyboard.type(" Unsaved words.")
    page.wait_for_timeout(1500)  # the live preview runs meanwhile: still unsaved

    assert leave(page) == ["beforeunload"]


def test_leaving_without_changes_does_not_warn(new_page, site):  # noqa: F811
    page = open_asks(new_page, site)

    assert leave(page) == []
