"""Countries by name: the code a drafter means by "South Korea", "Corée du Sud" or "DRC", and the name the
United Nations prints for it ("Republic of Korea")."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from django import forms
from django.utils import translation
from django_countries import countries

from .text import name_key

# The languages whose names a pasted country is matched against (django-countries' catalogues).
MATCHED_LANGUAGES = ("en", "fr", "es")
UN_NAMES_FILE = Path(__file__).with_name("un_country_names.toml")

# Short forms and former names that neither django-countries nor the UN spell out (";" between names).
ALIASES = {
    "US": "USA; U.S.; U.S.A.; US; United States; America; Etats-Unis; EE.UU.; Estados Unidos",
    "GB": "UK; U.K.; Great Britain; Britain; England; Scotland; Wales; Northern Ireland; Royaume Uni",
    "KR": "South Korea; Korea; Korea (South); Korea, Republic of; ROK; Corée; Corea",
    "KP": "North Korea; DPRK; DPR Korea; Korea (North); Korea, Democratic People's Republic of",
    "CD": "DRC; D.R.C.; DR Congo; RDC; R.D.C.; RD Congo; Congo-Kinshasa; Democratic Republic of Congo; "
    "Congo, Democratic Republic of the; Zaire",
    "CG": "Congo-Brazzaville; Republic of the Congo; Republic of Congo; Congo, Republic of the",
    "CI": "Ivory Coast; Cote d'Ivoire; Côte-d'Ivoire; Costa de Marfil",
    "TR": "Turkey; Turkiye; Turquie; Turquía",
    "MM": "Burma; Birmanie",
    "RU": "Russia; Russie",
    "SY": "Syria; Syrie",
    "IR": "Iran; Persia",
    "PS": "Palestine; Occupied Palestinian Territory; Palestinian Territories; OPT; Gaza; West Bank",
    "CF": "CAR; RCA; Centrafrique",
    "AE": "UAE; U.A.E.; Emirates",
    "CN": "PRC; People's Republic of China",
    "CZ": "Czech Republic",
    "SZ": "Swaziland",
    "MK": "Macedonia; FYROM",
    "NL": "Holland",
    "VA": "Vatican",
    "TL": "East Timor",
    "CV": "Cape Verde",
    "BN": "Brunei",
    "LA": "Laos",
    "VN": "Vietnam",
    "BO": "Bolivia",
    "VE": "Venezuela",
    "TZ": "Tanzania",
    "MD": "Moldova",
    "KG": "Kyrgyz Republic",
    "FM": "Micronesia",
    "BA": "Bosnia",
    "KN": "St Kitts and Nevis; St. Kitts and Nevis",
    "LC": "St Lucia; St. Lucia",
    "VC": "St Vincent and the Grenadines; St. Vincent and the Grenadines",
    "ST": "Sao Tome; São Tomé",
}
# An article before or after a name ("The Gambia", "Bahamas (The)", "la République centrafricaine").
_ARTICLE = re.compile(r"^(the|la|le|les|l|el|los|las) | (the)$")


def _key(name: str) -> str:
    return _ARTICLE.sub("", name_key(name)).strip()


@cache
def _un_names() -> dict[str, dict[str, str]]:
    with UN_NAMES_FILE.open("rb") as file:
        return tomllib.load(file)


@cache
def _codes_by_name() -> dict[str, str]:
    """Every name a country goes by, folded, to its code: the aliases first, then the UN's names, then
    django-countries' in English, French and Spanish (the first one to claim a name keeps it)."""
    table: dict[str, str] = {}

    def claim(name: str, code: str) -> None:
        if key := _key(name):
            table.setdefault(key, code)

    for code, names in ALIASES.items():
        for name in names.split("; "):
            claim(name, code)
    for code, names in _un_names().items():
        for name in names.values():
            claim(name, code)
    for language in MATCHED_LANGUAGES:
        with translation.override(language):
            for country in countries:
                claim(str(country.name), country.code)
    return table


def country_code(name: str) -> str:
    """The ISO 3166 alpha-2 code of a country written in English, French or Spanish or a common short form
    ("South Korea", "Corée du Sud", "DRC", "Ivory Coast"), whatever the case, accents or punctuation; ""
    when the name is no country."""
    name = name.strip()
    if re.fullmatch(r"[A-Z]{2,3}", name) and (code := countries.alpha2(name)):
        return code  # a code, as spreadsheets often hold ("KR", "KOR")
    return _codes_by_name().get(_key(name), "")


@cache  # a letter of 10,000 signatories asks for the same few countries again and again
def country_name(code: str, language: str) -> str:
    """The country's name as the UN prints it in ``language`` ("Republic of Korea", "République de Corée"),
    django-countries' name in that language where the UN's is not listed; "" for no country."""
    if not code:
        return ""
    base = language.lower().split("-")[0]
    if name := _un_names().get(code, {}).get(base):
        return name
    with translation.override(language):
        return str(countries.name(code))


@cache
def _iso_codes() -> frozenset[str]:
    return frozenset(code for code, _name in countries)


class CountryChoiceField(forms.ChoiceField):
    """A country chosen by its ISO code (the choices are django-countries', in the page's language).

    Checked against the set of codes: Django's ChoiceField walks the 250 translated names for each value, which a
    pasted list of a thousand signatories would do a thousand times."""

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", lambda: [("", "---------"), *countries])
        super().__init__(**kwargs)

    def valid_value(self, value) -> bool:
        return value in _iso_codes()


# The longest country name, in words ("Saint Vincent and the Grenadines", "United Kingdom of Great Britain and
# Northern Ireland"): the longest run of words countries_named_in() looks up.
_LONGEST_NAME = 10
# Aliases too common as words to name a country in running text ("car", "us", "opt").
_NOT_IN_TEXT = frozenset({"car", "us", "opt", "rca", "america"})


def countries_named_in(text: str) -> set[str]:
    """The codes of the countries a text names, by any name country_code() knows: "the Central African
    Republic", "Kyrgyzstan", "la République démocratique du Congo"."""
    table = _codes_by_name()
    words = name_key(text).split()
    found = set()
    for start in range(len(words)):
        for length in range(min(_LONGEST_NAME, len(words) - start), 0, -1):
            key = " ".join(words[start : start + length])
            if key in table and key not in _NOT_IN_TEXT:
                found.add(table[key])
                break
    return found
