"""Countries are found by the names drafters write, and printed with the United Nations' short names."""

import pytest

from r2p_letters.lib.countries import country_code, country_name


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("South Korea", "KR"),
        ("Korea", "KR"),
        ("Republic of Korea", "KR"),
        ("USA", "US"),
        ("U.S.", "US"),
        ("United States of America", "US"),
        ("UK", "GB"),
        ("DRC", "CD"),
        ("Congo-Kinshasa", "CD"),
        ("Congo", "CG"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Burma", "MM"),
        ("Russia", "RU"),
        ("Syria", "SY"),
        ("Iran", "IR"),
        ("Palestine", "PS"),
        ("The Gambia", "GM"),
        ("corée du sud", "KR"),
        ("RÉPUBLIQUE DÉMOCRATIQUE DU CONGO", "CD"),
        ("Reino Unido", "GB"),
        ("KOR", "KR"),
    ],
)
def test_it_finds_the_code_of_a_country_however_it_is_written(written, code):
    assert country_code(written) == code


@pytest.mark.parametrize("written", ["Washington", "Atlantis", "", "Human Rights Watch"])
def test_a_word_that_is_no_country_has_no_code(written):
    assert country_code(written) == ""


@pytest.mark.parametrize(
    ("code", "english", "french"),
    [
        ("KR", "Republic of Korea", "République de Corée"),
        ("US", "United States of America", "États-Unis d'Amérique"),
        ("CI", "Côte d'Ivoire", "Côte d'Ivoire"),
        ("TR", "Türkiye", "Türkiye"),
        ("CD", "Democratic Republic of the Congo", "République démocratique du Congo"),
        ("BO", "Bolivia (Plurinational State of)", "Bolivie (État plurinational de)"),
        (
            "GB",
            "United Kingdom of Great Britain and Northern Ireland",
            "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
        ),
        ("NR", "Nauru", "Nauru"),
        ("BS", "Bahamas", "Bahamas"),
        ("PS", "State of Palestine", "État de Palestine"),
        ("DE", "Germany", "Allemagne"),
    ],
)
def test_it_prints_the_united_nations_short_name(code, english, french):
    assert (country_name(code, "en"), country_name(code, "fr")) == (english, french)


def test_the_other_un_languages_print_the_un_name_or_else_django_countries_translation():
    assert country_name("KR", "zh-hans") == "大韩民国"
    assert country_name("KR", "es") == "República de Corea"
    assert country_name("DE", "es") == "Alemania"
    assert country_name("", "en") == ""
