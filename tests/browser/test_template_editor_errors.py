"""In a real browser: a broken house style's error, with its line, shows in the template editor beside the
HTML, and a button selects that line; the preview frame holds the error alone, not the site."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from r2p_letters.letters.models import LetterTemplate
from r2p_letters.letters.services import letter_template_create_for

from ..helpers.browser import log_in

pytestmark = pytest.mark.browser


def test_a_broken_template_shows_its_line_and_message_in_the_editor(page, site):
    template = letter_template_create_for(
        organization=site["organization"],
        source=LetterTemplate.objects.get(slug="open-letter-security-council"),
        name="House",
    )
    log_in(page, site)
    page.goto(site["url"] + reverse("letters:template_edit", args=[site["organization"].slug, template.slug]))

    html = page.get_by_label("HTML (Jinja2)")
    html.fill('{% extends "base.j2" %}\n{% block body %}\n{{ letter.title.nope.deeper }}\n{% endblock %}')

    error = page.locator("#template-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Line 3:")
    expect(html).to_have_attribute("aria-invalid", "true")
    frame = page.frame_locator("iframe[name=letter-preview]")
    expect(frame.locator("[data-template-error]")).to_contain_text("Line 3:")
    expect(frame.locator(".navbar")).to_have_count(0)

    error.get_by_role("button", name="Select this line in the HTML").click()
    assert (
        page.evaluate(
            "() => { const f = document.getElementById('id_html');"
            " return f.value.slice(f.selectionStart, f.selectionEnd); }"
        )
        == "{{ letter.title.nope.deeper }}"
    )

    html.fill('{% extends "base.j2" %}')
    expect(error).to_be_hidden()
    expect(html).not_to_have_attribute("aria-invalid", "true")


def test_a_preview_the_server_refuses_as_too_old_says_so_in_the_frame(page, site):
    template = letter_template_create_for(
        organization=site["organization"],
        source=LetterTemplate.objects.get(slug="open-letter-security-council"),
        name="House",
    )
    log_in(page, site)
    page.goto(site["url"] + reverse("letters:template_edit", args=[site["organization"].slug, template.slug]))
    page.context.clear_cookies()  # as if the page had outlived its CSRF cookie

    page.get_by_label("HTML (Jinja2)").fill('{% extends "base.j2" %}')

    frame = page.frame_locator("iframe[name=letter-preview]")
    expect(frame.get_by_text("The preview could not be sent.")).to_be_visible()
    expect(frame.locator(".navbar")).to_have_count(0)
