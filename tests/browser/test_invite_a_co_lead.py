"""An editor finds a co-lead by a word of its name and invites it with the match's own button, script or not."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from r2p_letters.letters.models import CoLeadInvitation
from r2p_letters.organizations.services import organization_create

from ..helpers.browser import log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False])
def test_an_editor_searches_and_invites_a_co_lead_on_a_phone(new_page, site, django_user_model, javascript):
    stranger = django_user_model.objects.create_user(email="stc@example.net", password="long-enough-pass-42")
    organization_create(user=stranger, name="Save the Children International", short_name="STC", city="Fairfax")
    page = new_page(viewport={"width": 390, "height": 800}, java_script_enabled=javascript)
    log_in(page, site)
    page.goto(site["url"] + reverse("letters:compose", args=[site["draft"].slug]))

    page.get_by_label("Invite a co-lead organization: search by name, short name or city").fill("save the children")
    with page.expect_navigation():
        page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("1 organization matches")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Invite Save the Children International").click()

    expect(page.get_by_text("Save the Children International is invited to co-lead the letter")).to_be_visible()
    assert CoLeadInvitation.objects.get().organization.name == "Save the Children International"
