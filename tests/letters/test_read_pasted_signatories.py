"""A pasted list of signatories is read row by row, in the forms real letters use, and the seed letters'
signatory blocks read exactly as their hand-structured versions list them."""

import tomllib
from pathlib import Path

import pytest

from r2p_letters.letters.signatory_text import SignatoryRow, signatory_rows_from_table, signatory_rows_parse

EXAMPLES = Path(__file__).resolve().parents[2] / "r2p_letters" / "letters" / "examples"


def fields(row: SignatoryRow) -> tuple:
    return (row.organization, row.city, row.country, row.person_name, row.person_title)


def signatory_block(source: str, *, ends_before: str | None = None) -> str:
    text = (EXAMPLES / "sources" / source).read_text()
    block = text[text.rindex("Sincerely,") + len("Sincerely,") :]
    return block[: block.index(ends_before)] if ends_before else block


@pytest.mark.parametrize(
    ("slug", "ends_before"),
    [
        ("2010-kyrgyzstan-icrtop", "To download a pdf"),
        ("2014-car-unsc-members", None),
    ],
)
def test_the_seed_letters_signatory_blocks_read_as_their_structured_versions(slug, ends_before):
    expected = tomllib.loads((EXAMPLES / "letters" / f"{slug}.toml").read_text())["signatory"]

    rows = signatory_rows_parse(signatory_block(f"letter-{slug}.txt", ends_before=ends_before))

    assert [(r.organization, r.city, r.country, r.location, r.problem) for r in rows] == [
        (s["organization"], s["city"], s["country"], s["location"], "") for s in expected
    ]


def test_the_signature_of_a_person_reads_as_a_name_and_a_title():
    expected = tomllib.loads((EXAMPLES / "letters" / "2010-kyrgyzstan-gcr2p.toml").read_text())["signatory"]

    rows = signatory_rows_parse(signatory_block("letter-2010-kyrgyzstan-gcr2p.txt"))

    # The organization is the letter's own (its issuer), which the block does not repeat.
    assert [(r.person_name, r.person_title, r.city, r.country) for r in rows] == [
        (s["person_name"], s["person_title"], s["city"], s["country"]) for s in expected
    ]


def test_each_form_of_line_reads_into_its_fields():
    text = """
Amnesty International (London, UK)
People's Solidarity for Participatory Democracy (South Korea)
Human Rights Watch, New York, USA
Save the Children, Norway
Enough Project

Jane Doe, Executive Director, Peace Network
Mr. John Smith
Chair of the Board
"""
    assert [fields(r) for r in signatory_rows_parse(text)] == [
        ("Amnesty International", "London", "GB", "", ""),
        ("People's Solidarity for Participatory Democracy", "", "KR", "", ""),
        ("Human Rights Watch", "New York", "US", "", ""),
        ("Save the Children", "", "NO", "", ""),
        ("Enough Project", "", "", "", ""),
        ("Peace Network", "", "", "Jane Doe", "Executive Director"),
        ("", "", "", "Mr. John Smith", "Chair of the Board"),
    ]


def test_brackets_that_are_part_of_the_name_stay_in_it():
    rows = signatory_rows_parse("International Federation for Human Rights (FIDH)\nOSCE Network (OSCE)")

    assert [r.organization for r in rows] == ["International Federation for Human Rights (FIDH)", "OSCE Network (OSCE)"]


def test_several_places_print_as_written_and_the_first_one_is_kept():
    (row,) = signatory_rows_parse("International Refugees Rights Initiative (Kampala, Uganda; New York, USA)")

    assert (row.city, row.country, row.location) == ("Kampala", "UG", "Kampala, Uganda; New York, USA")


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Corée du Sud", "KR"),
        ("Allemagne", "DE"),
        ("Royaume-Uni", "GB"),
        ("États-Unis", "US"),
        ("Estados Unidos", "US"),
        ("Alemania", "DE"),
        ("Costa de Marfil", "CI"),
        ("Ivory Coast", "CI"),
        ("COTE D'IVOIRE", "CI"),
        ("DRC", "CD"),
        ("Congo-Kinshasa", "CD"),
        ("Türkiye", "TR"),
        ("Burma", "MM"),
        ("U.S.", "US"),
    ],
)
def test_countries_are_read_in_english_french_spanish_and_short_forms(written, code):
    (row,) = signatory_rows_parse(f"Civil Society Forum (Capital, {written})")

    assert (row.country, row.problem) == (code, "")


def test_a_country_it_does_not_know_is_marked_in_the_language_asked():
    (row,) = signatory_rows_parse("Some Group (Nowhere, Atlantis)", language="fr")

    assert row.problem == "Nous ne connaissons pas le pays «\u00a0Atlantis\u00a0»."
    assert row.line == "Some Group (Nowhere, Atlantis)"


def test_a_row_with_no_name_or_too_long_a_name_is_marked():
    rows = signatory_rows_parse("-----\n" + "A" * 301)

    assert [bool(r.problem) for r in rows] == [True, True]


def test_spreadsheet_columns_read_with_a_french_header_in_its_order():
    text = "Pays\tOrganisation\tVille\tNom\tFonction\nRoyaume-Uni\tAmnesty\tLondres\tJane Doe\tDirectrice\n"

    assert [fields(r) for r in signatory_rows_parse(text)] == [("Amnesty", "Londres", "GB", "Jane Doe", "Directrice")]


def test_spreadsheet_columns_without_a_header_read_as_organization_city_country():
    text = "Amnesty\tLondon\tUK\nHRW\tKampala, Uganda\nEnough Project\n"

    assert [fields(r) for r in signatory_rows_parse(text)] == [
        ("Amnesty", "London", "GB", "", ""),
        ("HRW", "Kampala", "UG", "", ""),
        ("Enough Project", "", "", "", ""),
    ]


def test_a_spreadsheet_file_reads_like_pasted_columns():
    rows = signatory_rows_from_table([["Organization", "Country"], ["Amnesty", "South Korea"], ["", ""]])

    assert [fields(r) for r in rows] == [("Amnesty", "", "KR", "", "")]


def test_a_person_line_may_end_with_the_place_and_the_signers_email():
    rows = signatory_rows_parse(
        "Jane Doe, Director, Peace Network (Nairobi, Kenya) jane@peace.example.org\n"
        "John Smith, Chair, Rights League, Bangui, Central African Republic <john@league.example.org>"
    )

    assert [(*fields(r), r.email) for r in rows] == [
        ("Peace Network", "Nairobi", "KE", "Jane Doe", "Director", "jane@peace.example.org"),
        ("Rights League", "Bangui", "CF", "John Smith", "Chair", "john@league.example.org"),
    ]


def test_a_one_column_spreadsheet_leaves_its_header_out():
    rows = signatory_rows_from_table([["Organisation"], ["Amnesty International (London, UK)"]])

    assert [fields(r) for r in rows] == [("Amnesty International", "London", "GB", "", "")]
