"""Checks before a letter goes out: what a diplomat would stop at (an ask with no one to act, a figure with no
source, a resolution that did not exist yet...), each pointing at the section and item to fix.

Each check yields ``Finding``s. The checks that need only the letter live here; apps above letters add theirs
with ``on_letter_checks`` at start-up (council checks the addressee against the Council of the letter's month,
in ``council/apps.py``), so that letters never imports them. ``letter_checks`` runs them all: the composer's
list (templates/letters/_letter_checks.html), the summary before "Send for review" and
``manage.py check_letter``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from r2p_letters.lib.countries import countries_named_in
from r2p_letters.lib.text import fold, name_key
from r2p_letters.lib.un_symbols import un_symbols_find
from r2p_letters.printing.citations import CITATION_CALL, citations_find, instrument_key

from .citations import instruments_by_key
from .models import Letter, Signatory

ERROR = "error"
WARNING = "warning"

# The composer's sections, in the order the list shows them (letters/sections.py names them).
SECTION_ORDER = ("header", "opening", "situation", "legal_basis", "asks", "closing", "footnotes", "signatories")

# About two printed pages of the built-in templates (serif on A4, with the heading and the date line), measured
# on the seed letters' PDFs: 542 and 627 words end early on page 2, 1,293 words end on page 3.
TWO_PAGES_WORDS = 1_000

# The letter is still being prepared: its dates are yet to come (a published letter's deadlines are history).
NOT_SENT = (Letter.Status.DRAFT, Letter.Status.IN_REVIEW, Letter.Status.READY, Letter.Status.OPEN)


@dataclass(frozen=True)
class Finding:
    """One thing to fix: its check's code, how serious it is, where it is (a composer section, the item's
    number in it from 1, or None for the section as a whole) and what to do, in the active language."""

    code: str
    severity: str
    section: str
    item: int | None
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_dict(self) -> dict:
        return asdict(self)


LetterCheck = Callable[[Letter], Iterable[Finding]]
_registered: list[LetterCheck] = []


def on_letter_checks(check: LetterCheck) -> LetterCheck:
    """Register ``check(letter)``, run by ``letter_checks`` after the letters' own checks."""
    if check not in _registered:
        _registered.append(check)
    return check


def letter_checks(letter: Letter) -> list[Finding]:
    """Every finding on the letter, section by section in the composer's order, then item by item."""
    found = [finding for check in [*LETTER_CHECKS, *_registered] for finding in check(letter)]
    return sorted(
        found,
        key=lambda f: (
            SECTION_ORDER.index(f.section) if f.section in SECTION_ORDER else len(SECTION_ORDER),
            f.item or 0,
        ),
    )


# -- the letter's texts, where each is ----------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    section: str
    item: int | None
    text: str


def letter_places(letter: Letter) -> list[Place]:
    """The letter's texts that may cite or state facts, each with its section and number, in reading order."""
    paragraphs = {"opening": [], "situation": [], "closing": []}
    for paragraph in letter.paragraphs.all():
        paragraphs.setdefault(paragraph.section, []).append(paragraph.text)
    places = []
    for section in ("opening", "situation"):
        places += [Place(section, i, text) for i, text in enumerate(paragraphs[section], 1)]
    places += [Place("asks", i, ask.text) for i, ask in enumerate(letter.asks.all(), 1)]
    places += [Place("closing", i, text) for i, text in enumerate(paragraphs["closing"], 1)]
    return places


def _words(text: str) -> str:
    """The text folded, punctuation as spaces, with a space at each end: " the security council must "."""
    return " " + " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split()) + " "


def says(text: str, phrases: Iterable[str]) -> bool:
    words = _words(text)
    return any(f" {phrase} " in words for phrase in phrases)


def item_label(section: str, item: int) -> str:
    labels = {
        "opening": _("paragraph %(number)s of the opening"),
        "situation": _("paragraph %(number)s of the situation"),
        "closing": _("paragraph %(number)s of the closing"),
        "asks": _("ask %(number)s"),
        "signatories": _("signatory %(number)s"),
    }
    return labels.get(section, "%(number)s") % {"number": item}


# -- dates written in a text -------------------------------------------------------------------------

_MONTHS = {
    **dict.fromkeys(("january", "janvier", "enero"), 1),
    **dict.fromkeys(("february", "fevrier", "febrero"), 2),
    **dict.fromkeys(("march", "mars", "marzo"), 3),
    **dict.fromkeys(("april", "avril", "abril"), 4),
    **dict.fromkeys(("may", "mai", "mayo"), 5),
    **dict.fromkeys(("june", "juin", "junio"), 6),
    **dict.fromkeys(("july", "juillet", "julio"), 7),
    **dict.fromkeys(("august", "aout", "agosto"), 8),
    **dict.fromkeys(("september", "septembre", "septiembre"), 9),
    **dict.fromkeys(("october", "octobre", "octubre"), 10),
    **dict.fromkeys(("november", "novembre", "noviembre"), 11),
    **dict.fromkeys(("december", "decembre", "diciembre"), 12),
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:de\s+)?(?P<month>{_MONTH})\s+(?:de\s+)?(?P<year>\d{{4}})\b"
)
_MONTH_DAY_YEAR = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b")
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")


def dates_in(text: str) -> list[datetime.date]:
    """The full dates a text writes ("15 November 2026", "November 15, 2026", "15 novembre 2026",
    "2026-11-15"), in English, French or Spanish."""
    folded = fold(text)
    found = []
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _ISO):
        for match in pattern.finditer(folded):
            month = match["month"]
            month = int(month) if month.isdigit() else _MONTHS[month]
            try:
                found.append(datetime.date(int(match["year"]), month, int(match["day"])))
            except ValueError:
                continue
    return found


# -- the asks ----------------------------------------------------------------------------------------

# Who may be asked to act, folded, in English, French and Spanish; "you" for a letter to one member.
ACTORS = (
    "council", "security council", "members", "member states", "member", "secretary general", "secretariat",
    "government", "governments", "authorities", "states", "state", "parties", "you", "your",
    "african union", "united nations", "international community", "mission", "president",
    "conseil", "membres", "etats", "etat", "secretaire general", "gouvernement", "gouvernements", "autorites",
    "vous", "votre", "vos", "union africaine", "nations unies", "communaute internationale", "parties",
    "consejo", "miembros", "estados", "estado", "secretario general", "gobierno", "gobiernos", "autoridades",
    "ustedes", "naciones unidas", "comunidad internacional",
)  # fmt: skip
# When, without a date: words that set the time of the act.
WHEN = (
    "immediately", "immediate", "urgently", "urgent", "without delay", "now", "today", "tomorrow", "before",
    "ahead of", "prior to", "in advance of", "within", "by the end of", "at its next", "next", "until",
    "immediatement", "immediate", "d urgence", "sans delai", "sans tarder", "avant", "d ici", "des maintenant",
    "aujourd hui", "lors de", "au plus tard",
    "inmediatamente", "inmediata", "urgentemente", "sin demora", "antes de", "hoy", "a mas tardar",
)  # fmt: skip


def ask_checks(letter: Letter) -> Iterator[Finding]:
    """An ask says who must act and by when (its "by when", a date or words such as "immediately")."""
    today = timezone.localdate()
    for number, ask in enumerate(letter.asks.all(), 1):
        if not says(ask.text, ACTORS):
            yield Finding(
                "ask-no-actor",
                WARNING,
                "asks",
                number,
                _("Ask %(number)s names no one to act: say who must do it (the Council, its members, the "
                  "Secretary-General…).") % {"number": number},
            )  # fmt: skip
        written = f"{ask.text} {ask.by_when}"
        if not (ask.by_when.strip() or dates_in(written) or says(written, WHEN)):
            yield Finding(
                "ask-no-deadline",
                WARNING,
                "asks",
                number,
                _("Ask %(number)s does not say by when: fill in its “by when” (a date, or “before the mandate "
                  "renewal”).") % {"number": number},
            )  # fmt: skip
        if letter.status in NOT_SENT and any(day < today for day in dates_in(written)):
            yield Finding(
                "deadline-past",
                ERROR,
                "asks",
                number,
                _("Ask %(number)s sets a date that has already passed: change it or take it out.") % {"number": number},
            )


# -- figures and their sources -----------------------------------------------------------------------

# A figure: a number of people, a date, a percentage ("2,000", "400 000", "18 June", "12%", "2013").
_FIGURE = re.compile(r"(?<![\w/])\d[\d,.\u00a0\u202f ]*\d*(?:\s?%|\s?per\s?cent|(?:st|nd|rd|th)\b)?")
# Words that give the source in the sentence itself.
ATTRIBUTIONS = (
    "according to", "reported", "reportedly", "reports", "documented", "estimates", "estimated", "figures from",
    "data from", "said", "found", "cited by", "source",
    "selon", "d apres", "rapporte", "rapport", "signale", "estime", "estimations", "source",
    "segun", "de acuerdo con", "informe", "informo", "fuente",
)  # fmt: skip


def _figures(text: str) -> list[str]:
    """The figures of a text, leaving out what its citations and note calls hold ("resolution 1674 (2006)")."""
    cited = [(c.start, c.end) for c in citations_find(text)] + [(m.start(), m.end()) for m in _NOTE_CALL.finditer(text)]
    return [m.group().strip() for m in _FIGURE.finditer(text) if not any(s <= m.start() < e for s, e in cited)]


_NOTE_CALL = re.compile(r"\[\^[^\[\]\n]{1,200}\]")


def figure_checks(letter: Letter) -> Iterator[Finding]:
    """A figure in the situation comes with its source in that paragraph: a footnote, a citation, "according to"."""
    for place in letter_places(letter):
        if place.section != "situation":
            continue
        figures = _figures(place.text)
        if not figures:
            continue
        sourced = _NOTE_CALL.search(place.text) or citations_find(place.text) or says(place.text, ATTRIBUTIONS)
        if not sourced:
            yield Finding(
                "figure-no-source",
                WARNING,
                "situation",
                place.item,
                _("Paragraph %(number)s of the situation gives a figure (%(figure)s) with no source: add a footnote "
                  "or say whose figure it is.") % {"number": place.item, "figure": figures[0]},
            )  # fmt: skip


# -- UN symbols --------------------------------------------------------------------------------------

# What looks like a Council or Assembly symbol, however badly written: "S/RES/1674(2006", "S/RES1674",
# "s/res/1674", "A/RES/60". Each must read as one symbol (lib/un_symbols.py) with nothing left over.
_LOOKS_LIKE_SYMBOL = re.compile(r"(?<![\w/])[AaSs]\s?/\s?(?:RES|Res|res|PRST|Prst|prst)[\w./\-]*(?: ?\(\w[^\s)]*\)?)?")
_SYMBOL_YEAR = re.compile(r"^S/RES/\d+ \((?P<year>\d{4})\)$")


def _malformed(written: str) -> bool:
    written = written.rstrip(".,;:")
    found = un_symbols_find(written)
    if not found or found[0].start != 0 or found[0].end != len(written):
        return True
    symbol = found[0].symbol
    if symbol.startswith("S/RES/"):
        return not re.fullmatch(r"S/RES/[1-9]\d{0,3}(?: \((?:19[4-9]\d|20\d\d)\))?", symbol)
    if symbol.startswith("A/RES/"):
        return not re.fullmatch(r"A/RES/(?:ES-)?\d{1,2}/\d{1,3}|A/RES/\d{1,4} \([IVXL]+\)", symbol)
    if symbol.startswith("S/PRST/"):
        return not re.fullmatch(r"S/PRST/(?:19|20)\d\d/\d{1,3}", symbol)
    return False


def symbol_checks(letter: Letter) -> Iterator[Finding]:
    """Every UN symbol is well formed, in the catalogue, with the year the catalogue gives it, and adopted by the
    letter's date."""
    places = letter_places(letter)
    cited = [(place, c) for place in places for c in citations_find(place.text)]
    catalogue = instruments_by_key([symbol for _place, c in cited for symbol, _pin in c.readings])
    reported: set[tuple[str, str]] = set()

    def once(code: str, symbol: str) -> bool:
        if (code, symbol) in reported:
            return False
        reported.add((code, symbol))
        return True

    for place in places:
        for match in _LOOKS_LIKE_SYMBOL.finditer(place.text):
            if _malformed(match.group()) and once("symbol-malformed", match.group()):
                yield Finding(
                    "symbol-malformed",
                    ERROR,
                    place.section,
                    place.item,
                    _("“%(written)s” in %(place)s is not a UN symbol as the UN writes it, e.g. S/RES/1674 (2006).")
                    % {"written": match.group().strip(), "place": item_label(place.section, place.item)},
                )
    for place, citation in cited:
        symbol = citation.symbol
        if not un_symbols_find(symbol):  # a call naming a treaty or the Charter, not a UN symbol
            continue
        values = {"symbol": symbol, "place": item_label(place.section, place.item)}
        instrument = next(
            (catalogue[instrument_key(s)] for s, _pin in citation.readings if instrument_key(s) in catalogue), None
        )
        if instrument is None:
            if once("symbol-unknown", instrument_key(symbol)):
                yield Finding(
                    "symbol-unknown",
                    WARNING,
                    place.section,
                    place.item,
                    _("%(symbol)s (%(place)s) is not in the catalogue: check the symbol, or add it on the legal "
                      "basis page.") % values,
                )  # fmt: skip
            continue
        written_year = _SYMBOL_YEAR.match(symbol)
        known_year = _SYMBOL_YEAR.match(instrument.symbol)
        if written_year and known_year and written_year["year"] != known_year["year"]:
            if once("symbol-wrong-year", symbol):
                yield Finding(
                    "symbol-wrong-year",
                    ERROR,
                    place.section,
                    place.item,
                    _("%(symbol)s (%(place)s): the resolution is %(known)s.") % {**values, "known": instrument.symbol},
                )
            continue
        adopted = instrument.adopted_on
        year = int(written_year["year"]) if written_year else None
        if letter.date and ((adopted and adopted > letter.date) or (year and year > letter.date.year)):
            if once("resolution-after-letter", instrument.symbol):
                yield Finding(
                    "resolution-after-letter",
                    ERROR,
                    place.section,
                    place.item,
                    _("%(symbol)s (%(place)s) was adopted after the letter's date: check the symbol or the date.")
                    % values,
                )


# -- the responsibility to protect -------------------------------------------------------------------

R2P_PHRASES = (
    "responsibility to protect", "r2p", "rtop", "responsabilite de proteger", "responsibilite de proteger",
    "responsabilidad de proteger",
)  # fmt: skip
WORLD_SUMMIT = "A/RES/60/1"


def r2p_checks(letter: Letter) -> Iterator[Finding]:
    """A letter that invokes the responsibility to protect cites where states accepted it: the 2005 World Summit
    Outcome (A/RES/60/1, paras 138–139)."""
    places = letter_places(letter)
    invoking = next((p for p in places if says(p.text, R2P_PHRASES)), None)
    if invoking is None:
        return
    symbols = {instrument_key(symbol) for p in places for c in citations_find(p.text) for symbol, _pin in c.readings}
    cites = WORLD_SUMMIT in symbols
    if not cites:
        yield Finding(
            "r2p-no-world-summit",
            WARNING,
            invoking.section,
            invoking.item,
            _("The letter invokes the responsibility to protect without citing the 2005 World Summit Outcome: add "
              "[^A/RES/60/1, paras 138–139] where it does.")
        )  # fmt: skip


# -- length ------------------------------------------------------------------------------------------


def length_checks(letter: Letter) -> Iterator[Finding]:
    """Diplomats read two pages: the letter without its signatories fits on them."""
    texts = [letter.addressee, letter.salutation, letter.subject, *(p.text for p in letter_places(letter))]
    texts += [ask.by_when for ask in letter.asks.all()]
    words = sum(len(CITATION_CALL.sub("", text).split()) for text in texts)
    if words > TWO_PAGES_WORDS:
        yield Finding(
            "letter-too-long",
            WARNING,
            "situation",
            None,
            _("The letter runs to about %(words)s words, more than two printed pages before its signatories: "
              "diplomats read two pages. Shorten the situation.") % {"words": number_format(words, force_grouping=1)},
        )  # fmt: skip


# -- signatories -------------------------------------------------------------------------------------


def signatory_checks(letter: Letter) -> Iterator[Finding]:
    """Each signatory once (names folded: case, accents, look-alike letters), each with its country."""
    entered = [s for s in letter.signatories.all() if s.source != Signatory.Source.ONLINE]
    seen: dict[str, int] = {}
    for number, signatory in enumerate(entered, 1):
        key = name_key(f"{signatory.organization} {signatory.person_name}")
        values = {"number": number, "name": signatory.organization or signatory.person_name}
        if key in seen:
            yield Finding(
                "signatory-duplicate",
                ERROR,
                "signatories",
                number,
                _("Signatory %(number)s, %(name)s, is signatory %(first)s again: remove one.")
                % {**values, "first": seen[key]},
            )
        else:
            seen[key] = number
        if not signatory.country and not signatory.location.strip():
            yield Finding(
                "signatory-no-country",
                WARNING,
                "signatories",
                number,
                _("Signatory %(number)s, %(name)s, has no country.") % values,
            )


# -- the country concerned ---------------------------------------------------------------------------


def country_checks(letter: Letter) -> Iterator[Finding]:
    """A letter about a country names it."""
    if not letter.concerned_country:
        return
    texts = [letter.title, letter.subject, *(p.text for p in letter_places(letter))]
    if letter.concerned_country.code not in countries_named_in(" \n ".join(texts)):
        yield Finding(
            "country-not-named",
            WARNING,
            "opening",
            None,
            _("The letter never names %(country)s, the country it is about.")
            % {"country": letter.concerned_country.name},
        )


LETTER_CHECKS: list[LetterCheck] = [
    country_checks,
    figure_checks,
    symbol_checks,
    r2p_checks,
    ask_checks,
    length_checks,
    signatory_checks,
]
