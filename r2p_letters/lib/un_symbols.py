"""UN document symbols as letters write them: "S/RES/1718 (2006)", "resolution 1718 (2006)", "A/RES/60/1",
"General Assembly resolution 60/1", "S/PRST/2021/7", "S/2024/123", "A/63/677", in English, French and Spanish.

Each is normalized to the symbol the UN's document system uses, with one space before a Security Council
resolution's year: "S/RES/2811(2025)" and "resolution 2811 (2025)" are both "S/RES/2811 (2025)".

A Council resolution cited without its year ("Security Council resolution 1674", "UNSCR 1325") normalizes
to the symbol without the year ("S/RES/1674"): the year cannot be known from the text, and the number alone
names the resolution (the Council numbers its resolutions once, across years). `un_symbol_without_year`
gives the key on which "S/RES/1674" and "S/RES/1674 (2006)" meet.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class UNSymbolMatch:
    """One symbol found in a text: where it is, how it was written, and its normalized form."""

    start: int
    end: int
    text: str
    symbol: str


# A symbol written as a symbol: a body (A General Assembly, S Security Council, E ECOSOC), then at least two
# parts separated by slashes, one of them with a digit. "A/63/677", "S/RES/1718", "S/PRST/2021/7",
# "A/HRC/RES/16/1", "E/CN.4/1998/53", "S/2024/123/Add.1".
_WRITTEN_SYMBOL = re.compile(
    r"""
    (?<![\w/.])                      # not inside a word, a URL path or a file name
    (?P<body>[ASE])
    (?P<parts>
        (?:/
            [A-Za-z0-9]              # a part: letters, digits, dots and dashes ...
            (?:[A-Za-z0-9.\-]*[A-Za-z0-9])?   # ... never ending with the sentence's full stop
        ){2,}
    )
    (?![\w/])
    """,
    re.VERBOSE,
)

# The year (or, for the Assembly's early resolutions, the session in Roman numerals) that follows a
# resolution's number: "S/RES/1718 (2006)", "S/RES/2811(2025)", "A/RES/2625 (XXV)".
_YEAR = re.compile(
    r"""
    \s*\(\s*
    (?P<year>(?:19[4-9]\d|2[01]\d\d) | [IVXL]{1,6})
    \s*\)
    """,
    re.VERBOSE,
)

# The word "resolution" in the letters' languages, with the organ that adopted it when it comes first.
_RESOLUTION_WORD = re.compile(
    r"""
    (?<!\w)
    (?:
        (?P<organ>
            (?:UN\s+|United\s+Nations\s+)?Security\s+Council
          | (?:UN\s+|United\s+Nations\s+)?General\s+Assembly
          | Human\s+Rights\s+Council
          | Council                          # "the Council's resolution" is not matched, "Council resolution" is
        )
        (?:['’]s)?\s+
    )?
    (?P<word>
        [Rr]esolutions? | [Rr]ésolutions? | [Rr]esoluci(?:ón|ones)
      | UNSCR | UNGAR                        # "UNSCR 1325 (2000)"
    )
    \s+
    (?:(?:No\.?|n[°º]|n\.?\s?o)\s*)?        # "resolution No. 1718", "résolution n° 1718"
    """,
    re.VERBOSE,
)

# A resolution's number after that word: a Council resolution "1718 (2006)" or "1674", an Assembly or Human
# Rights Council resolution "60/1" (session/number, "ES-11/1" for an emergency session), an early Assembly
# resolution "2625 (XXV)".
_RESOLUTION_NUMBER = re.compile(
    r"""
    (?:
        (?P<session>\d{1,2} | ES-\d{1,2})/(?P<in_session>\d{1,3})
      | (?P<number>\d{1,4})
    )
    (?![\d,.]\d | [\w/])                     # not "1,000", "12.5", "12/03/2020" or "1718th"
    """,
    re.VERBOSE,
)

# Between the numbers of several resolutions: "resolutions 1325 (2000), 1820 (2008) and 2467 (2019)".
_LIST_SEPARATOR = re.compile(
    r"""
    \s*(?:,|;)?\s*
    (?:and\s+|et\s+|y\s+|as\s+well\s+as\s+|ainsi\s+que\s+)?
    """,
    re.VERBOSE,
)

# The organ named after the resolution, as French and Spanish put it: "la résolution 60/1 de l'Assemblée
# générale", "la resolución 1674 (2006) del Consejo de Seguridad".
_ORGAN_AFTER = re.compile(
    r"""
    \s+(?:
        (?P<security_council>du\s+Conseil\s+de\s+sécurité | del\s+Consejo\s+de\s+Seguridad)
      | (?P<general_assembly>de\s+l['’]Assemblée\s+générale | de\s+la\s+Asamblea\s+General)
      | (?P<human_rights_council>du\s+Conseil\s+des\s+droits\s+de\s+l['’]homme
                              | del\s+Consejo\s+de\s+Derechos\s+Humanos)
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)

# The organ named before the word, as English puts it.
_ORGAN_WORDS = {  # the longest names first: "Human Rights Council" is not the Security Council
    "human_rights_council": ("human rights council",),
    "general_assembly": ("general assembly", "ungar"),
    "security_council": ("security council", "council", "unscr"),
}


def _organ_of(match: re.Match, text: str, end: int) -> str:
    """Which organ adopted the resolution: named before the word, after the number, or unnamed ("")."""
    written = " ".join((match["organ"] or match["word"]).split()).casefold()
    for organ, names in _ORGAN_WORDS.items():
        if any(written.endswith(name) for name in names):
            return organ
    after = _ORGAN_AFTER.match(text, end)
    if after:
        return after.lastgroup or ""
    return ""


def _resolution_symbol(organ: str, number: re.Match, year: str) -> str | None:
    """The symbol of a resolution cited by its number, or None when the words do not name one."""
    if number["session"]:
        session, in_session = number["session"], number["in_session"]
        if organ == "security_council":
            return None  # the Council's resolutions have no session
        if organ == "human_rights_council":
            return f"A/HRC/RES/{session}/{in_session}"
        return f"A/RES/{session}/{in_session}"
    resolution = number["number"]
    if year and not year[0].isdigit():  # a Roman session: the Assembly's resolutions before 1976
        return f"A/RES/{resolution} ({year})" if organ in ("", "general_assembly") else None
    if organ in ("general_assembly", "human_rights_council"):
        return None  # "General Assembly resolution 1718" names no symbol we can write
    if year:
        return f"S/RES/{resolution} ({year})"
    # Without a year, a bare "resolution 12" is too often something else; the Council named, or a number of
    # three digits or more (every resolution since 1956), is a Council resolution.
    if organ == "security_council" or len(resolution) >= 3:
        return f"S/RES/{resolution}"
    return None


def _written_symbols(text: str) -> list[UNSymbolMatch]:
    found = []
    for match in _WRITTEN_SYMBOL.finditer(text):
        parts = match["parts"].split("/")[1:]
        if not any(ch.isdigit() for ch in match["parts"]):
            continue
        # Parts all in letters are the organ's or the series' ("RES", "PRST", "HRC"): always in capitals.
        parts = [part.upper() if part.isalpha() else part for part in parts]
        symbol = "/".join([match["body"], *parts])
        end = match.end()
        if len(parts) == 2 and parts[0] == "RES" and parts[1].isdigit():
            year = _YEAR.match(text, end)
            if year:
                symbol, end = f"{symbol} ({year['year']})", year.end()
        found.append(UNSymbolMatch(match.start(), end, text[match.start() : end], symbol))
    return found


def _resolutions_by_number(text: str) -> list[UNSymbolMatch]:
    found = []
    for word in _RESOLUTION_WORD.finditer(text):
        start, position, first = word.start(), word.end(), True
        while True:
            if not first:
                separator = _LIST_SEPARATOR.match(text, position)
                position = separator.end()
            number = _RESOLUTION_NUMBER.match(text, position)
            if not number:
                break
            end, year = number.end(), ""
            if number["number"]:
                year_match = _YEAR.match(text, end)
                if year_match:
                    year, end = year_match["year"], year_match.end()
            symbol = _resolution_symbol(_organ_of(word, text, end), number, year)
            if symbol is None:
                break
            item_start = start if first else number.start()
            found.append(UNSymbolMatch(item_start, end, text[item_start:end], symbol))
            position, first = end, False
    return found


def un_symbols_find(text: str) -> list[UNSymbolMatch]:
    """Every UN document symbol in the text, in reading order, none overlapping another."""
    candidates = sorted(_written_symbols(text) + _resolutions_by_number(text), key=lambda m: (m.start, -m.end))
    found: list[UNSymbolMatch] = []
    for candidate in candidates:
        if found and candidate.start < found[-1].end:
            continue
        found.append(candidate)
    return found


def un_symbol_normalize(text: str) -> str:
    """The normalized symbol when the text is one symbol ("S/RES/2811(2025)" -> "S/RES/2811 (2025)"), else the
    text with its spaces tidied ("UN Charter, Article 24" stays as it is)."""
    tidy = " ".join(text.split())
    found = un_symbols_find(tidy)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(tidy):
        return found[0].symbol
    return tidy


_YEAR_SUFFIX = re.compile(r"^(?P<symbol>S/RES/\d+) \(\d{4}\)$")


def un_symbol_without_year(symbol: str) -> str:
    """The key on which a Council resolution cited with and without its year meet: "S/RES/1674 (2006)" and
    "S/RES/1674" are both "S/RES/1674"; any other symbol is its own key."""
    match = _YEAR_SUFFIX.match(symbol)
    return match["symbol"] if match else symbol
