"""Drafters start a blank letter: the form starts in the language they read the site in, for their organization."""

import re

import pytest
from django.urls import reverse

from r2p_letters.letters.models import Letter
from r2p_letters.organizations.services import organization_create


def selected(page: str, name: str) -> list[str]:
    """The values of the options selected in the <select> called ``name``."""
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select)


@pytest.mark.parametrize(("accept_language", "language"), [("en", "en"), ("fr", "fr")])
def test_the_new_letter_form_starts_in_the_language_the_drafter_reads_the_site_in(
    as_, ngo, builtin_templates, accept_language, language
):
    page = as_("owner").get(reverse("letters:new"), headers={"accept-language": accept_language}).text

    assert selected(page, "language") == [language]


def test_a_new_letter_sent_without_choosing_a_language_is_in_english_left_to_right(as_, ngo, builtin_templates):
    client = as_("owner")
    page = client.get(reverse("letters:new")).text
    data = {"organization": selected(page, "organization")[0], "template": selected(page, "template")[0]}

    client.post(reverse("letters:new"), {**data, "language": selected(page, "language")[0], "title": "On Sudan"})

    letter = Letter.objects.get(title="On Sudan")
    assert (letter.language, letter.lead_organization) == ("en", ngo)
    assert 'dir="rtl"' not in client.get(reverse("letters:document", args=[letter.slug])).text


def test_the_new_letter_form_preselects_the_drafters_only_organization(as_, ngo, builtin_templates):
    page = as_("editor").get(reverse("letters:new")).text

    assert selected(page, "organization") == [str(ngo.pk)]


def test_a_drafter_of_two_organizations_chooses_which_one(as_, ngo, people, builtin_templates):
    organization_create(user=people["owner"], name="Second NGO", city="Paris", country="FR")

    page = as_("owner").get(reverse("letters:new")).text

    assert not any(selected(page, "organization"))
