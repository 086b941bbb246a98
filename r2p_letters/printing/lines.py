"""The short lines of a letter, punctuated as the active language writes them (Chinese "，" and "：",
French " : "): a signatory's place and line, a legal-basis citation and its note.

Every place that prints one of them (the letter's template, its DOCX and text, the organizers' pages,
the admin) calls these: the PDF and the exports never disagree on a comma.
"""

from __future__ import annotations

from django.utils.translation import pgettext


def comma() -> str:
    """The comma between a place and a date, or a symbol and its pinpoint ("，" in Chinese)."""
    return pgettext("punctuation between a place and a date, space included", ", ")


def colon() -> str:
    """The colon between a citation and its title (" : " in French, "：" in Chinese)."""
    return pgettext("punctuation between a citation and its title, space included", ": ")


def signatory_place(*, city: str, country: str, location: str = "") -> str:
    """Where a signatory is: "Bangui, Central African Republic" ("班吉，中非共和国"), or the printed override."""
    if location:
        return location
    if city and country:
        return pgettext("a signatory's place: city, country", "%(city)s, %(country)s") % {
            "city": city,
            "country": country,
        }
    return city or country


def signatory_line(*, name: str, place: str) -> str:
    """A signatory's line: "Name (City, Country)", or the name alone where there is no place."""
    if not place:
        return name
    return pgettext("a signatory's line: name (place)", "%(name)s (%(place)s)") % {"name": name, "place": place}


def citation(symbol: str, pinpoint: str = "") -> str:
    """An instrument's symbol and its pinpoint: "S/RES/1674 (2006), para. 4"."""
    return symbol + _pinpoint(pinpoint)


def citation_note_after_symbol(*, pinpoint: str, title: str, date: str) -> str:
    """What a legal-basis note prints after the instrument's symbol (which links to the instrument):
    ", para. 4: Protection of civilians (28 April 2006).", the date left out when unknown."""
    return _pinpoint(pinpoint) + colon() + title + (f" ({date})." if date else ".")


def _pinpoint(pinpoint: str) -> str:
    return comma() + pinpoint if pinpoint else ""
