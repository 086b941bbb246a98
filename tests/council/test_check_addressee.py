"""A letter addressed to the President of the Council, or to a member, is checked against the Council of its month."""

import datetime

import pytest

from r2p_letters.letters.checks import letter_checks
from r2p_letters.letters.models import Letter


@pytest.fixture
def letter(make_letter):
    return make_letter(status=Letter.Status.DRAFT, date=datetime.date(2020, 4, 20), concerned_country="")


def codes(letter, **fields):
    Letter.objects.filter(pk=letter.pk).update(**fields)
    return [f.code for f in letter_checks(Letter.objects.with_everything().get(pk=letter.pk))]


def test_the_president_of_the_month_passes(letter):
    addressee = (
        "H.E. Mr. José Singer Weisinger\nPresident of the Security Council\n"
        "Permanent Representative of the Dominican Republic to the United Nations"
    )

    assert codes(letter, addressee=addressee) == []


def test_a_president_who_does_not_preside_that_month_is_an_error(letter):
    addressee = "President of the Security Council\nPermanent Representative of France to the United Nations"

    assert codes(letter, addressee=addressee) == ["president-not-presiding"]
    [finding] = letter_checks(Letter.objects.get(pk=letter.pk))
    assert finding.severity == "error" and finding.section == "header"
    assert "Dominican Republic presides in April 2020, not France" in finding.message


def test_a_member_not_on_the_council_that_year_is_an_error(letter):
    addressee = "Permanent Representative of Brazil to the United Nations, member of the Security Council"

    assert codes(letter, addressee=addressee) == ["addressee-not-member"]
    assert codes(letter, addressee=addressee, date=datetime.date(2023, 4, 20)) == []  # Brazil sat in 2022–2023


def test_a_letter_to_the_members_as_a_whole_is_not_checked(letter):
    assert codes(letter, addressee="Members of the United Nations Security Council", salutation="Excellencies,") == []


def test_a_letter_to_a_country_without_naming_the_council_is_not_checked(letter):
    assert codes(letter, addressee="Minister for Foreign Affairs of Brazil") == []


def test_the_salutation_is_checked_too(letter):
    assert codes(letter, salutation="Dear President of the Council, Ambassador of France,") == [
        "president-not-presiding"
    ]
