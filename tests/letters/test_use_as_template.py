"""'Use as template' makes a new letter: its own title, file names and date, its country asked for again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from r2p_letters.letters.models import Letter
from r2p_letters.letters.services import letter_template_create_for
from r2p_letters.organizations.services import organization_create

from ..factories import LetterFactory

NEW_TITLE = "Open letter on the situation in the Sahel"


def reuse(client, source, organization, **data):
    return client.post(
        reverse("letters:reuse", args=[source.slug]), {"organization": organization.pk, "title": NEW_TITLE, **data}
    )


def test_the_new_letter_and_its_downloads_are_named_after_its_new_title(as_, examples, ngo):
    client = as_("editor")

    reuse(client, examples["2010-kyrgyzstan-gcr2p"], ngo)

    letter = Letter.objects.get(derived_from=examples["2010-kyrgyzstan-gcr2p"])
    assert (letter.title, letter.slug) == (NEW_TITLE, "open-letter-on-the-situation-in-the-sahel")
    pdf = client.get(reverse("letters:pdf", args=[letter.slug]))
    assert "kyrgyzstan" not in pdf["Content-Disposition"].lower()
    assert "open-letter-on-the-situation-in-the-sahel" in pdf["Content-Disposition"]


def test_the_new_letter_is_of_today_and_leaves_out_the_issuer_and_printed_date_of_the_old_one(as_, examples, ngo):
    source = examples["2010-kyrgyzstan-gcr2p"]
    assert source.issued_by and source.date_line

    reuse(as_("editor"), source, ngo)

    letter = Letter.objects.get(derived_from=source)
    assert (letter.date, letter.date_line, letter.issued_by) == (timezone.localdate(), "", "")
    assert source.date == datetime.date(2010, 6, 24)


def test_the_country_and_region_are_asked_for_again_and_the_composer_says_they_are_missing(as_, examples, ngo):
    client = as_("editor")
    page = client.get(reverse("letters:reuse", args=["2010-kyrgyzstan-gcr2p"])).text
    assert 'name="concerned_country"' in page and 'name="concerned_region"' in page

    response = reuse(client, examples["2010-kyrgyzstan-gcr2p"], ngo)

    letter = Letter.objects.get(derived_from=examples["2010-kyrgyzstan-gcr2p"])
    assert (letter.concerned_country, letter.concerned_region) == ("", "")
    composer = client.get(response["Location"]).text
    assert "No country or region concerned yet" in composer


def test_the_country_and_region_given_in_the_form_are_kept_and_the_composer_asks_nothing(as_, examples, ngo):
    client = as_("editor")

    response = reuse(client, examples["2010-kyrgyzstan-gcr2p"], ngo, concerned_country="ML", concerned_region="Sahel")

    letter = Letter.objects.get(derived_from=examples["2010-kyrgyzstan-gcr2p"])
    assert (letter.concerned_country.code, letter.concerned_region) == ("ML", "Sahel")
    assert "No country or region concerned yet" not in client.get(response["Location"]).text


def test_a_reuse_without_a_title_is_refused_and_makes_no_letter(as_, examples, ngo):
    response = as_("editor").post(
        reverse("letters:reuse", args=["2010-kyrgyzstan-gcr2p"]), {"organization": ngo.pk, "title": ""}
    )

    assert response.status_code == 200
    assert "This field is required" in response.text
    assert not Letter.objects.filter(derived_from=examples["2010-kyrgyzstan-gcr2p"]).exists()


@pytest.fixture
def other_house_style(people, builtin_templates):
    """Another organization's house style, copied from the foreign ministers' template, and a public letter in it."""
    other = organization_create(user=people["outsider"], name="Other Watch", city="Geneva", country="CH")
    style = letter_template_create_for(
        organization=other, source=builtin_templates["letter-foreign-ministers"], name="Our style"
    )
    return style, LetterFactory(lead_organization=other, template=style, title="Protect civilians")


def test_a_letter_in_another_organizations_house_style_is_reused_with_the_built_in_one_it_was_copied_from(
    as_, ngo, other_house_style, builtin_templates
):
    _style, source = other_house_style

    reuse(as_("editor"), source, ngo)

    assert Letter.objects.get(derived_from=source).template == builtin_templates["letter-foreign-ministers"]


def test_a_letter_in_the_organizations_own_house_style_keeps_it(as_, ngo, builtin_templates):
    style = letter_template_create_for(
        organization=ngo, source=builtin_templates["letter-foreign-ministers"], name="House"
    )
    source = LetterFactory(lead_organization=ngo, template=style, title="Earlier letter")

    reuse(as_("editor"), source, ngo)

    assert Letter.objects.get(derived_from=source).template == style


def test_a_letter_in_a_built_in_template_keeps_it(as_, examples, ngo, builtin_templates):
    reuse(as_("editor"), examples["2014-car-unsc-members"], ngo)

    letter = Letter.objects.get(derived_from=examples["2014-car-unsc-members"])
    assert letter.template == builtin_templates["letter-foreign-ministers"]
