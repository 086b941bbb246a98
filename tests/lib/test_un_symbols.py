"""UN document symbols are recognized as letters write them, and only those."""

import pytest

from r2p_letters.lib.un_symbols import un_symbol_normalize, un_symbol_without_year, un_symbols_find


def symbols(text: str) -> list[str]:
    return [match.symbol for match in un_symbols_find(text)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We recall S/RES/1718 (2006) and its sanctions regime.", ["S/RES/1718 (2006)"]),
        ("as decided in S/RES/2811(2025), the Council", ["S/RES/2811 (2025)"]),
        ("Recalling its resolution 1718 (2006) on the Democratic People's Republic of Korea,", ["S/RES/1718 (2006)"]),
        ("In Security Council resolution 1674 (2006) the Council reaffirmed", ["S/RES/1674 (2006)"]),
        ("In Security Council resolution 1674 the Council reaffirmed", ["S/RES/1674"]),
        ("UNSCR 1325 (2000) opened the Women, Peace and Security agenda.", ["S/RES/1325 (2000)"]),
        ("the World Summit Outcome (A/RES/60/1), paragraphs 138 and 139", ["A/RES/60/1"]),
        ("General Assembly resolution 60/1 affirms the responsibility to protect.", ["A/RES/60/1"]),
        ("Human Rights Council resolution 16/1 on human rights education", ["A/HRC/RES/16/1"]),
        ("the presidential statement S/PRST/2021/7.", ["S/PRST/2021/7"]),
        ("the Secretary-General's report (S/2024/123) and A/63/677.", ["S/2024/123", "A/63/677"]),
        ("see document E/CN.4/1998/53/Add.2, annex.", ["E/CN.4/1998/53/Add.2"]),
        (
            "Recalling resolutions 1325 (2000), 1820 (2008) and 2467 (2019), the Council",
            ["S/RES/1325 (2000)", "S/RES/1820 (2008)", "S/RES/2467 (2019)"],
        ),
        ("the Declaration in resolution 2625 (XXV)", ["A/RES/2625 (XXV)"]),
        ("resolution No. 2417 (2018) condemns starvation", ["S/RES/2417 (2018)"]),
        # French
        ("Rappelant la résolution 1718 (2006) du Conseil de sécurité,", ["S/RES/1718 (2006)"]),
        ("la résolution\u00a02417\u202f(2018) condamne", ["S/RES/2417 (2018)"]),
        ("la résolution n° 1674 (2006)", ["S/RES/1674 (2006)"]),
        ("la résolution 60/1 de l'Assemblée générale", ["A/RES/60/1"]),
        (
            "le document S/RES/1718 (2006) et les résolutions 1970 (2011) et 1973 (2011)",
            ["S/RES/1718 (2006)", "S/RES/1970 (2011)", "S/RES/1973 (2011)"],
        ),
        # Spanish
        ("la resolución 1325 (2000) del Consejo de Seguridad", ["S/RES/1325 (2000)"]),
    ],
)
def test_it_recognizes_the_symbols_letters_cite(sentence, expected):
    assert symbols(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "On 12/03/2020 more than 1,000 people fled.",
        "See page 12, paragraph 4 (2006 figures).",
        "a resolution 12 days ago",
        "the resolution 1,000 delegates adopted",
        "Over 2,500,000 people (2024) are displaced.",
        "USA/2024/1 is not a UN symbol, nor is AS/2024/1.",
        "the A/B testing of 2024",
        "https://docs.un.org/en/S/RES/1718(2006) is the link",
        "the file reports/S/2024/123.pdf",
        "General Assembly resolution 1718 is no symbol we can write",
        "the Council's 1718th meeting",
        "resolution 2006/12 of a national parliament",
    ],
)
def test_it_is_not_fooled_by_dates_numbers_and_links(sentence):
    assert symbols(sentence) == []


def test_it_tells_where_each_symbol_is_and_how_it_was_written():
    text = "Recalling Security Council resolution 1674 (2006) and S/PRST/2021/7."
    first, second = un_symbols_find(text)
    assert (first.text, first.symbol) == ("Security Council resolution 1674 (2006)", "S/RES/1674 (2006)")
    assert text[first.start : first.end] == first.text
    assert (second.text, text[second.end]) == ("S/PRST/2021/7", ".")


def test_a_list_of_resolutions_marks_each_number_after_the_first():
    found = un_symbols_find("resolutions 1325 (2000) and 2467 (2019)")
    assert [match.text for match in found] == ["resolutions 1325 (2000)", "2467 (2019)"]


def test_it_normalizes_one_symbol_and_leaves_other_names_as_written():
    assert un_symbol_normalize("S/RES/2811(2025)") == "S/RES/2811 (2025)"
    assert un_symbol_normalize("  S/RES/2811   (2025) ") == "S/RES/2811 (2025)"
    assert un_symbol_normalize("resolution 1718 (2006)") == "S/RES/1718 (2006)"
    assert un_symbol_normalize("General Assembly resolution 60/1") == "A/RES/60/1"
    assert un_symbol_normalize("UN Charter,  Article 24") == "UN Charter, Article 24"
    assert un_symbol_normalize("Rome Statute (1998)") == "Rome Statute (1998)"


def test_a_council_resolution_with_and_without_its_year_share_one_key():
    assert un_symbol_without_year("S/RES/1674 (2006)") == un_symbol_without_year("S/RES/1674") == "S/RES/1674"
    assert un_symbol_without_year("A/RES/60/1") == "A/RES/60/1"
