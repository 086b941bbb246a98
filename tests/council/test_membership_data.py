"""The Council's membership and presidencies shipped with the app (data/, loaded by migration 0002)."""

import unicodedata

import pytest

from r2p_letters.council.models import CouncilMember, Presidency
from r2p_letters.council.services import members_in

pytestmark = pytest.mark.django_db


def alphabetical(name: str) -> str:
    """The English alphabetical order, accents aside, written again here so the test checks the app's key."""
    return "".join(c for c in unicodedata.normalize("NFD", name.lower()) if unicodedata.category(c) != "Mn")


@pytest.mark.parametrize("year", range(2010, 2028))
def test_every_year_has_the_five_permanent_and_ten_elected_members(year):
    members = list(CouncilMember.objects.in_year(year))
    assert sum(m.permanent for m in members) == 5
    assert sum(not m.permanent for m in members) == 10
    assert len({m.country.code for m in members}) == 15


def test_the_permanent_members_are_the_five_of_the_charter():
    assert sorted(m.name for m in CouncilMember.objects.filter(permanent=True)) == [
        "China",
        "France",
        "Russian Federation",
        "United Kingdom of Great Britain and Northern Ireland",
        "United States of America",
    ]


def test_the_split_2017_2018_seat_and_the_2027_members():
    assert "Italy" in {m.name for m in members_in(2017)} and "Netherlands" not in {m.name for m in members_in(2017)}
    assert "Netherlands" in {m.name for m in members_in(2018)} and "Italy" not in {m.name for m in members_in(2018)}
    elected_2027 = {m.name for m in CouncilMember.objects.filter(first_year=2027)}
    assert elected_2027 == {"Austria", "Kyrgyzstan", "Portugal", "Trinidad and Tobago", "Zimbabwe"}


def test_the_presidency_rotates_monthly_in_alphabetical_order_across_years():
    presidencies = list(Presidency.objects.select_related("member").order_by("year", "month"))
    assert len(presidencies) == 18 * 12
    previous = "Burkina Faso"  # December 2009, before the shipped data
    for presidency in presidencies:
        names = sorted((m.name for m in CouncilMember.objects.in_year(presidency.year)), key=alphabetical)
        after = [n for n in names if alphabetical(n) > alphabetical(previous)]
        expected = after[0] if after else names[0]
        assert presidency.member.name == expected, (presidency.year, presidency.month)
        assert presidency.member.first_year <= presidency.year <= (presidency.member.last_year or 9999)
        previous = presidency.member.name


@pytest.mark.parametrize(
    ("year", "month", "president"),
    [
        (2014, 3, "Luxembourg"),  # the month of the 2014 Central African Republic seed letter
        (2017, 1, "Sweden"),  # Sweden's government: "On 1 January 2017 ... we will do so as President"
        (2020, 1, "Viet Nam"),
        (2026, 1, "Somalia"),
    ],
)
def test_known_presidencies(year, month, president):
    assert Presidency.objects.get(year=year, month=month).member.name == president


def test_the_un_names_order_the_members():
    names = [m.name for m in members_in(2018)]
    assert names.index("China") < names.index("Côte d'Ivoire") < names.index("Equatorial Guinea")
    assert names[-3:] == ["Sweden", "United Kingdom of Great Britain and Northern Ireland", "United States of America"]
