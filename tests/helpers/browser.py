"""What the browser tests share besides fixtures."""

from django.urls import reverse


def log_in(page, site):
    page.goto(site["url"] + reverse("accounts:login"))
    page.get_by_label("Email address").fill("drafter@example.org")
    page.get_by_label("Password").fill("long-enough-pass-42")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
