"""The three seed letters, imported from their sources, land in the sections their hand-structured versions
give them: at least 95 % of the paragraphs, every signatory with its organization, city and country."""

import pytest

from ..helpers.drafts import seed_comparison, seed_import
from ..helpers.pdf import SEED_LETTERS


def test_at_least_95_percent_of_the_seed_letters_paragraphs_land_in_their_section():
    results = [seed_comparison(slug, seed_import(slug)) for slug in SEED_LETTERS]

    right = sum(r.right for r in results)
    total = sum(r.paragraphs for r in results)
    assert total == 30
    assert right / total >= 0.95, [r.wrong for r in results]


@pytest.mark.parametrize("slug", SEED_LETTERS)
def test_every_signatory_of_a_seed_letter_is_read_with_its_organization_city_and_country(slug):
    result = seed_comparison(slug, seed_import(slug))

    assert result.signatories_right == result.signatories, result.wrong_signatories
    assert not result.wrong_signatories


@pytest.mark.parametrize(
    ("slug", "date", "title", "salutation"),
    [
        (
            "2010-kyrgyzstan-gcr2p",
            "2010-06-24",
            "Open Letter to the United Nations Security Council on the situation in Kyrgyzstan",
            "",
        ),
        (
            "2014-car-unsc-members",
            "2014-03-13",
            "Letter to Foreign Ministers of Security Council Member States Regarding Authorization of a UN "
            "Peacekeeping Mission in Central African Republic",
            "Dear Minister,",
        ),
    ],
)
def test_the_heading_of_a_seed_letter_is_read_from_its_source(slug, date, title, salutation):
    structure = seed_import(slug)

    assert (structure["date"], structure["title"], structure["salutation"]) == (date, title, salutation)
    assert structure["valediction"] == "Sincerely,"


def test_the_web_page_around_a_seed_letter_is_left_out():
    structure = seed_import("2010-kyrgyzstan-icrtop")
    everything = str(structure)

    assert "still updating the Open Letter" not in everything
    assert "To download a pdf" not in everything
    assert structure["title"].startswith("Open Letter to the United Nations Security Council")


def test_the_resolutions_a_seed_letter_cites_are_found():
    assert "A/RES/63/308" in seed_import("2010-kyrgyzstan-icrtop")["citations"]
