"""The short lines of a letter, punctuated as the active language writes them (Chinese "，" and "：",
French " : "): a signatory's place and line, a legal-basis citation and its note.

Every place that prints one of them (the letter's template, its DOCX and text, the organizers' pages,
the admin) calls these: the PDF and the exports never disagree on a comma.
"""

from __future__ import annotations

import re

from django.utils.dates import MONTHS, MONTHS_3, MONTHS_ALT, MONTHS_AP
from django.utils.translation import gettext, pgettext

from r2p_letters.lib.text import fold


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


def signatory_line(*, name: str, place: str, for_identification: bool = False) -> str:
    """A signatory's line: "Name (City, Country)", or the name alone where there is no place; one who signs in a
    personal capacity, named with an organization, has it marked (``for_identification``): "…, organization for
    identification only"."""
    line = name
    if place:
        line = pgettext("a signatory's line: name (place)", "%(name)s (%(place)s)") % {"name": name, "place": place}
    if for_identification:
        line += comma() + identification_only()
    return line


def identification_only() -> str:
    """The mark of a person who signs in a personal capacity, after the organization named with them."""
    return pgettext("after a personal signatory's line", "organization for identification only")


def citation(symbol: str, pinpoint: str = "") -> str:
    """An instrument's symbol and its pinpoint: "S/RES/1674 (2006), para. 4"."""
    return symbol + _pinpoint(pinpoint)


def citation_note_after_symbol(*, pinpoint: str, title: str, date: str) -> str:
    """What a legal-basis note prints after the instrument's symbol (which links to the instrument):
    ", para. 4: Protection of civilians (28 April 2006).", the date left out when unknown."""
    return _pinpoint(pinpoint) + colon() + title + (f" ({date})." if date else ".")


def _pinpoint(pinpoint: str) -> str:
    return comma() + pinpoint if pinpoint else ""


def signatory_name(*, organization: str, person_name: str = "", person_title: str = "") -> str:
    """Who signs, on one line: "Jane Doe, Director, Organization", or the organization alone."""
    return comma().join(part for part in (person_name, person_title, organization) if part)


# Ordinal endings a typed date may carry: "1st", "2nd", "3rd", "4th", the French "1er".
_ORDINALS = {"st", "nd", "rd", "th", "er"}
_WORDS = re.compile(r"[^\W\d_]+")


def ask_due(by_when: str) -> str:
    """An ask's "by when" as it prints: the drafter's words as written ("Within 30 days", "without delay"), a
    bare date or year given its "by" in the letter's language ("by 30 June 2026", "d’ici 2026")."""
    by_when = by_when.strip()
    if not by_when:
        return ""
    if _is_bare_date(by_when):
        return gettext("by %(when)s") % {"when": by_when}
    return by_when


def _is_bare_date(text: str) -> bool:
    """Whether ``text`` is a date and nothing else: digits, punctuation and month names of the active language
    or English ("30 June 2026", "2026-06-30", "June 2026", "2026"); "within 30 days" is not."""
    if not any(ch.isdigit() for ch in text):
        return False
    months = {
        fold(str(name)).rstrip(".") for names in (MONTHS, MONTHS_3, MONTHS_ALT, MONTHS_AP) for name in names.values()
    }
    months |= {fold(name) for name in _ENGLISH_MONTHS}
    return all(fold(word) in months or fold(word) in _ORDINALS for word in _WORDS.findall(text))


_ENGLISH_MONTHS = (
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
).split()
