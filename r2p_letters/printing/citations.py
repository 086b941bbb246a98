"""Where a letter's text cites an instrument: a UN symbol in its words, or a note call naming one.

A sentence cites an instrument in two ways, and its note prints right there:
- by writing its symbol: "as the Council decided in resolution 1718 (2006), ..." (see lib/un_symbols.py);
- by a note call, as a footnote is called with "[^1]": "[^S/RES/1674 (2006), para. 4]", the symbol (as the
  catalogue writes it, or any form un_symbols reads) then, after a comma, the pinpoint. The call prints only
  the note's number: it cites what the words do not name ("the World Summit in 2005[^A/RES/60/1, paras
  138–139]"), or gives a pinpoint.

A symbol written in a paragraph that also calls the same instrument is left to the call (the call says where
the note goes). This module only finds the citations; the letter's catalogue entries (its legal basis) say
which instrument each one names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from r2p_letters.lib.un_symbols import un_symbol_normalize, un_symbol_without_year, un_symbols_find

# "[^S/RES/1674 (2006), para. 4]": a note call whose inside is not a footnote's number.
CITATION_CALL = re.compile(
    r"""
    \[\^
    (?P<inside>(?!\d{1,3}\])[^\[\]\n]{1,200})
    \]
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Citation:
    """One citation in a text: where it is, and the (symbol, pinpoint) it may name, the likeliest first."""

    start: int
    end: int
    readings: tuple[tuple[str, str], ...]
    is_call: bool

    @property
    def symbol(self) -> str:
        return self.readings[0][0]


def call_readings(inside: str) -> tuple[tuple[str, str], ...]:
    """What "[^inside]" may name: a UN symbol and what follows its comma, else each cut at a comma ("UN Charter,
    Chapter VII, Art. 39": "UN Charter, Chapter VII, Art. 39", then "UN Charter, Chapter VII" with pinpoint
    "Art. 39"...), the longest first."""
    inside = " ".join(inside.split())
    readings = []
    found = un_symbols_find(inside)
    if found and found[0].start == 0:
        readings.append((found[0].symbol, inside[found[0].end :].lstrip(" ,;")))
    parts = inside.split(",")
    for cut in range(len(parts), 0, -1):
        symbol = un_symbol_normalize(",".join(parts[:cut]))
        reading = (symbol, ",".join(parts[cut:]).strip())
        if symbol and reading not in readings:
            readings.append(reading)
    return tuple(readings)


def citations_find(text: str) -> list[Citation]:
    """Every citation in a text (plain text, or the text between two HTML tags), in reading order."""
    calls = [
        Citation(m.start(), m.end(), call_readings(m["inside"]), is_call=True) for m in CITATION_CALL.finditer(text)
    ]
    written = [
        Citation(m.start, m.end, ((m.symbol, ""),), is_call=False)
        for m in un_symbols_find(text)
        if not any(call.start <= m.start < call.end for call in calls)
    ]
    return sorted(calls + written, key=lambda citation: citation.start)


def makes_a_note(citation: Citation, symbol: str, *, called_here: set[str], cited: set[str]) -> bool:
    """Whether a citation of the instrument ``symbol`` calls a note: a call always; a symbol in the words unless
    its text also calls that instrument (the call places the note) or the letter cited it before (one note)."""
    return citation.is_call or (symbol not in called_here and symbol not in cited)


def instrument_key(symbol: str) -> str:
    """The key on which a citation and a catalogue entry meet: "resolution 1674" finds "S/RES/1674 (2006)"."""
    return un_symbol_without_year(un_symbol_normalize(symbol))


OFFICIAL_LANGUAGES = ("en", "fr", "es", "ar", "zh", "ru")


def official_text_url(symbol: str, url: str, language: str) -> str:
    """Where a cited instrument's official text is: for a UN document, the UN's own in the letter's language
    (https://docs.un.org/fr/S/RES/1718(2006)), whatever link the catalogue keeps; else the catalogue's link
    ("Rome Statute (1998)": the treaty collection's page), or "" without one."""
    tidy = " ".join(symbol.split())
    found = un_symbols_find(tidy)
    if not found or found[0].start != 0 or found[0].end != len(tidy):
        return url
    code = (language or "en").split("-")[0].lower()
    code = code if code in OFFICIAL_LANGUAGES else "en"
    # The document system writes a resolution's year without a space: S/RES/1718(2006).
    return f"https://docs.un.org/{code}/{found[0].symbol.replace(' (', '(')}"


def citation_call(symbol: str, pinpoint: str = "") -> str:
    """The note call that cites ``symbol`` at ``pinpoint``: "[^S/RES/1674 (2006), para. 4]"."""
    inside = symbol + (f", {pinpoint}" if pinpoint else "")
    return "[^" + " ".join(inside.replace("[", "(").replace("]", ")").split()) + "]"


# One or more note calls naming instruments at the end of a paragraph, as legal_basis_as_paragraphs writes them.
TRAILING_CALLS = re.compile(r"(?:\[\^(?!\d{1,3}\])[^\[\]\n]{1,200}\])+$")


def legal_basis_as_paragraphs(entries: list[dict], *, last_paragraph: str | None) -> tuple[str | None, list[str]]:
    """Legal-basis entries as they were written before citations went inline (each {"symbol", "pinpoint",
    "text"}: an entry with words printed them as a paragraph with its note; one without words added its note
    to the paragraph before), as the situation's text: (its last paragraph with the calls it gains, the new
    paragraphs). The words and the notes print as before, in the same order and at the same place."""
    paragraphs: list[str] = []
    for entry in entries:
        call = citation_call(entry["symbol"], entry.get("pinpoint", ""))
        text = (entry.get("text") or "").strip()
        if text:
            paragraphs.append(text + call)
        elif paragraphs:
            paragraphs[-1] += call
        elif last_paragraph is not None:
            last_paragraph += call  # the situation's last paragraph invokes it, not a lone number
        else:
            paragraphs.append(call)
    return last_paragraph, paragraphs


def paragraphs_as_legal_basis(paragraphs: list[str]) -> tuple[list[str], list[dict]]:
    """The way back: the situation's last paragraphs that end with calls naming instruments, as legal-basis
    entries ({"symbol", "pinpoint", "text"}, each call a reading of call_readings); returns the paragraphs left
    and the entries."""
    kept = list(paragraphs)
    moved: list[list[dict]] = []
    while kept and (trailing := TRAILING_CALLS.search(kept[-1])):
        text = kept.pop()
        calls = [call_readings(m["inside"]) for m in CITATION_CALL.finditer(trailing.group(0))]
        entries = [{"readings": readings, "text": ""} for readings in calls]
        entries[0]["text"] = text[: trailing.start()].strip()
        moved.insert(0, entries)
    return kept, [entry for group in moved for entry in group]
