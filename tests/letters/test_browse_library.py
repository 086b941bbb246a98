"""A visitor browses the library: search any section, filter by country, year and status, page through."""

import datetime

import pytest
from django.urls import reverse

from r2p_letters.letters.models import Letter
from r2p_letters.letters.services import letter_refresh

LIBRARY = reverse("letters:library")


def titles(response) -> list[str]:
    return [letter.title for letter in response.context["page"]]


def test_the_library_shows_the_three_seed_letters_newest_first(client, examples):
    response = client.get(LIBRARY)

    assert response.status_code == 200
    assert [letter.slug for letter in response.context["page"]] == [
        "2014-car-unsc-members",
        "2010-kyrgyzstan-gcr2p",
        "2010-kyrgyzstan-icrtop",
    ]
    assert "20 signatories" in response.content.decode()


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("anti-balaka", ["2014-car-unsc-members"]),  # situation
        ("international stabilization force", ["2010-kyrgyzstan-gcr2p"]),  # asks
        ("A/RES/63/308", ["2010-kyrgyzstan-icrtop"]),  # legal basis
        ("koln", ["2010-kyrgyzstan-icrtop"]),  # a signatory's city, without its accent
        ("MÓNICA serrano", ["2010-kyrgyzstan-gcr2p"]),  # a signatory, any case
        ("Kyrgyzstan responsibility", ["2010-kyrgyzstan-gcr2p", "2010-kyrgyzstan-icrtop"]),
        ("Kyrgyzstan anti-balaka", []),  # every word must match
    ],
)
def test_search_finds_words_in_any_section(client, examples, words, expected):
    response = client.get(LIBRARY, {"q": words})

    assert sorted(letter.slug for letter in response.context["page"]) == expected


def test_filters_by_country_year_and_status(client, examples, make_letter):
    make_letter(
        title="Letter on Sudan", concerned_country="SD", date=datetime.date(2023, 4, 20), status=Letter.Status.OPEN
    )

    assert titles(client.get(LIBRARY, {"country": "CF"})) == [examples["2014-car-unsc-members"].title]
    assert len(titles(client.get(LIBRARY, {"year": "2010"}))) == 2
    assert titles(client.get(LIBRARY, {"status": "open"})) == ["Letter on Sudan"]
    assert titles(client.get(LIBRARY, {"country": "KG", "year": "2014"})) == []


def test_drafts_are_not_in_the_public_library(client, examples, make_letter):
    make_letter(title="Unfinished draft", status=Letter.Status.DRAFT)

    assert "Unfinished draft" not in titles(client.get(LIBRARY))
    assert "Unfinished draft" not in titles(client.get(LIBRARY, {"status": "draft"}))


def test_the_library_is_paginated(client, make_letter, settings):
    for day in range(1, 26):
        letter = make_letter(title=f"Letter of day {day}", date=datetime.date(2024, 1, day))
        letter_refresh(letter=letter)

    first = client.get(LIBRARY)
    second = client.get(LIBRARY, {"page": 2})

    assert len(titles(first)) == settings.LETTERS_PER_PAGE
    assert titles(first)[0] == "Letter of day 25"
    assert titles(second) == [f"Letter of day {day}" for day in range(5, 0, -1)]
    assert "page=2" in first.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
        {"page": "1e9"},
        {"year": "twenty"},
        {"year": "99999999999999999999"},
        {"country": "ZZ"},
        {"status": "deleted"},
        {"q": "x" * 5000},
        {"q": "\x00"},
        {"q": "%_'\";--"},
        {"country": ["CF", "KG"]},
    ],
)
def test_bad_filter_or_page_values_never_give_an_error_page(client, examples, params):
    response = client.get(LIBRARY, params)

    assert response.status_code == 200


def test_an_invalid_filter_is_ignored_while_the_valid_ones_apply(client, examples):
    response = client.get(LIBRARY, {"country": "CF", "year": "twenty"})

    assert titles(response) == [examples["2014-car-unsc-members"].title]
