"""What a letter template sees: a letter turned into plain data (never model instances), in its language."""

from __future__ import annotations

import base64
import datetime
import logging
import re

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from markupsafe import Markup, escape

from r2p_letters.lib.text import fold

from .citations import citations_find, instrument_key, makes_a_note, official_text_url
from .formatting import format_block, format_inline, long_date
from .layouts import AsksStyle, DateStyle
from .lines import (
    ask_due,
    citation,
    citation_note_after_symbol,
    colon,
    comma,
)
from .sandbox import css_string

logger = logging.getLogger(__name__)

RTL_LANGUAGES = {"ar", "he", "fa", "ur"}
# Logos print from data: URIs (see _logo_data_uri); the types the logo form accepts, by extension.
LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}
# How the letter is laid out: "screen" (the letter page: notes at the end) or "pdf" (notes at the foot of their page).
MEDIA = ("screen", "pdf")
# Signatories print in two columns when there are more than this many and their lines are short:
TWO_COLUMNS_AFTER = 12
HALF_LINE_CHARACTERS = 40  # what fits half the A4 text width at 10.5 pt without wrapping


def page_footer_content(words: str) -> Markup:
    """A CSS ``content`` value from a sentence holding "{page}" and "{pages}": quoted words, page counters."""
    parts = re.split(r"(\{page\}|\{pages\})", words)
    values = [
        ("counter(page)" if part == "{page}" else "counter(pages)") if i % 2 else css_string(part)
        for i, part in enumerate(parts)
        if part
    ]
    return Markup(" ".join(values))


def _signatory_data(signatory) -> dict:
    # The signatory's own rule (Signatory.place, .display_line): the UN's country name in the letter's language.
    place = signatory.place
    return {
        # One line for everyone: "Jane Doe, Director, Organization (City, Country)".
        "line": signatory.display_line,
        "organization": signatory.organization,
        "place": place,
        "person_name": signatory.person_name,
        "person_title": signatory.person_title,
        "role": signatory.role,
        "is_person": bool(signatory.person_name),
        "signed_on": signatory.signed_on,
        # Non-breaking spaces: a date never wraps ("2\u00a0March\u00a02026").
        "date": long_date(signatory.signed_on).replace(" ", "\u00a0") if signatory.signed_on else "",
        "is_late": _is_late(signatory),
    }


def _is_late(signatory) -> bool:
    """Whether an online signatory signed after the sign-on closed (its Signature, prefetched, says so)."""
    if signatory.source != signatory.Source.ONLINE:
        return False
    try:
        return signatory.signature.is_late
    except ObjectDoesNotExist:
        return False


def _instrument_data(instrument, language: str) -> dict:
    return {
        "symbol": instrument.symbol,
        "title": instrument.title,
        "kind": instrument.get_kind_display(),
        "date": long_date(instrument.adopted_on) if instrument.adopted_on else "",
        "url": official_text_url(instrument.symbol, instrument.url, language),
    }


def _cited_instruments(letter) -> dict[str, dict]:
    """The catalogue entries the letter's text cites (its legal basis, kept from the text), by instrument_key."""
    return {
        instrument_key(basis.instrument.symbol): _instrument_data(basis.instrument, letter.language)
        for basis in letter.legal_bases.all()
    }


def _references(letter) -> list[dict]:
    """Each instrument the letter's legal basis holds, once, in citing order: its symbol, title and date."""
    seen, references = set(), []
    for basis in letter.legal_bases.all():
        if basis.instrument_id not in seen:
            seen.add(basis.instrument_id)
            references.append(_instrument_data(basis.instrument, letter.language))
    return references


def unnamed_lines(hidden: list, *, audience: str) -> list[str]:
    """What prints instead of the names ``audience`` may not read: "and 3 signatories named only in the copy
    delivered to the Security Council" (for the public), "and 12 organizations that cannot be named for their
    safety", in the letter's language."""
    lines = []
    # The public is told that the Council's copy names some: the pack names them (Signatory.is_named_for).
    in_council_copy = 0 if audience == "council" else sum(1 for s in hidden if s.is_named_for("council"))
    if in_council_copy:
        lines.append(
            ngettext(
                "and %(count)s signatory named only in the copy delivered to the Security Council",
                "and %(count)s signatories named only in the copy delivered to the Security Council",
                in_council_copy,
            )
            % {"count": in_council_copy}
        )
    never = [s for s in hidden if not s.is_named_for("council")]
    if never and all(s.capacity != "personal" and s.organization for s in never):
        lines.append(
            ngettext(
                "and %(count)s organization that cannot be named for its safety",
                "and %(count)s organizations that cannot be named for their safety",
                len(never),
            )
            % {"count": len(never)}
        )
    elif never:
        lines.append(
            ngettext(
                "and %(count)s signatory who cannot be named for their safety",
                "and %(count)s signatories who cannot be named for their safety",
                len(never),
            )
            % {"count": len(never)}
        )
    return lines


def _ordered_signatories(letter, *, show_online: bool) -> list:
    """The signatories as they print, one list: those the drafters entered (or imported) in the drafters' order,
    then those who signed online, the ones the organizers made leads first, each part in the sign-on's order."""
    letter = letter.original_letter  # parallel versions: a translation prints its original's signatories
    rows = list(letter.signatories.all())
    entered = sorted((s for s in rows if s.source != s.Source.ONLINE), key=lambda s: (s.position, s.pk or 0))
    online = [s for s in rows if s.source == s.Source.ONLINE] if show_online else []
    sign_on = getattr(letter, "sign_on", None)

    def name(s) -> str:
        return fold(s.organization or s.person_name)

    keys = {
        "alphabetical": lambda s: (name(s),),
        "country": lambda s: (fold(str(s.country.name)) if s.country else "\uffff", name(s)),
        "date": lambda s: (s.signed_on or datetime.date.max, s.pk or 0),
    }
    key = keys.get(sign_on.order if sign_on else "", keys["alphabetical"])
    return entered + sorted(online, key=lambda s: (s.role != s.Role.LEAD, *key(s)))


def cosigner_columns(signatories: list[dict]) -> int:
    """2 for more than TWO_COLUMNS_AFTER signatories whose lines mostly (3 in 4) fit half a line, else 1.

    Long "Organization (City, Country)" lines would wrap in a half-width column: they keep one column.
    """
    if len(signatories) <= TWO_COLUMNS_AFTER:
        return 1
    short = sum(1 for s in signatories if len(s["line"]) <= HALF_LINE_CHARACTERS)
    return 2 if short * 4 >= len(signatories) * 3 else 1


def _logo_data_uri(organization) -> str:
    """The organization's logo as a data: URI read from storage, or "" (no logo, an unknown type, a lost file).

    Inline, the logo needs no fetch: the PDF fetcher keeps refusing every uploaded file, the letter page
    shows it under its CSP (img-src data:), and any storage backend works.
    """
    logo = organization.logo
    mime = LOGO_TYPES.get(logo.name.rsplit(".", 1)[-1].lower()) if logo and "." in logo.name else None
    if mime is None:
        return ""
    try:
        with logo.open("rb") as f:
            data = f.read(settings.LOGO_MAX_BYTES + 1)
    except OSError:
        logger.warning("The logo %s of %s cannot be read", logo.name, organization.slug)
        return ""
    if len(data) > settings.LOGO_MAX_BYTES:
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _letterhead_data(letter) -> list[dict]:
    """The lead organization then the co-leads, as their letterhead prints: logo, name, letterhead text."""
    return [
        {
            "name": o.name,
            "short_name": o.short_name,
            "logo": _logo_data_uri(o),
            "logo_alt": _("Logo of %(organization)s") % {"organization": o.name},
            "lines": [line.strip() for line in o.letterhead.splitlines() if line.strip()],
        }
        for o in letter.lead_organizations()
    ]


# A drafter calls the letter's footnote k in any text with "[^k]" (k as numbered in the composer).
FOOTNOTE_CALL = re.compile(r"\[\^(\d{1,3})\]")
_TAG = re.compile(r"(<[^>]*>)")


class _Notes:
    """The letter's notes, numbered in reading order: the instruments the text cites (printing/citations.py) and
    the footnotes it calls ("[^k]" calls footnote k as numbered in the composer), then the footnotes nobody
    calls. The PDF, the letter page, the DOCX and the text all number them so, as Word numbers its footnotes.

    An instrument's note is made where the text first cites it; a later call of the same instrument and
    pinpoint repeats its number, a later mention of its symbol in the words prints no second note.
    """

    def __init__(self, footnotes: list[Markup], medium: str, instruments: dict[str, dict]):
        self.footnotes, self.medium, self.instruments = footnotes, medium, instruments
        self.last = 0
        self.called: dict[int, int] = {}  # footnote k -> its number
        self.cited: dict[tuple[str, str], dict] = {}  # (symbol, pinpoint) -> its note

    def next_number(self) -> int:
        self.last += 1
        return self.last

    def calls(self, markup: Markup) -> Markup:
        """``markup`` with its citations and "[^k]" turned into calls: a link to the note on the letter page, the
        note itself floating to the foot of the page in the PDF (a second call of one note repeats its number)."""
        parts = _TAG.split(str(markup))
        # The instruments a call of this paragraph cites: the call places their note, not their symbol.
        called_here = {
            self._resolve(citation)[0]["symbol"]
            for i in range(0, len(parts), 2)
            for citation in citations_find(parts[i])
            if citation.is_call and self._resolve(citation)
        }
        in_link = False
        for i, part in enumerate(parts):
            if i % 2:  # a tag: a link's words get no note inside the link
                in_link = part.startswith("<a ") or (in_link and part != "</a>")
                continue
            parts[i] = self._text_calls(part, called_here, in_link=in_link)
        return Markup("".join(parts))

    def _resolve(self, citation) -> tuple[dict, str] | None:
        """The cited instrument's data and the pinpoint, or None when the catalogue entry is not in the letter's
        legal basis (an unknown symbol: the composer offers to add it to the catalogue)."""
        for symbol, pinpoint in citation.readings:
            instrument = self.instruments.get(instrument_key(symbol))
            if instrument is not None:
                return instrument, pinpoint
        return None

    def _text_calls(self, text: str, called_here: set[str], *, in_link: bool) -> str:
        marks = [(m.start(), m.end(), m) for m in FOOTNOTE_CALL.finditer(text)]
        if not in_link:
            marks += [(c.start, c.end, c) for c in citations_find(text)]
        if not marks:
            return text
        out, position = [], 0
        for start, end, mark in sorted(marks, key=lambda mark: mark[0]):
            if start < position:
                continue
            if isinstance(mark, re.Match):
                call = self._footnote_call(mark)
                out += [text[position:start], call]
            else:
                call = self._citation_call(mark, called_here)
                # A call prints instead of itself; a symbol in the words stays, its note after it.
                out += [text[position:start], call if mark.is_call else text[start:end] + call]
                if mark.is_call and call == "":
                    out[-1] = text[start:end]  # an unknown instrument: the call stays as typed
            position = end
        out.append(text[position:])
        return "".join(out)

    def _citation_call(self, citation, called_here: set[str]) -> str:
        resolved = self._resolve(citation)
        if resolved is None:
            return ""
        instrument, pinpoint = resolved
        cited = {symbol for symbol, _pinpoint in self.cited}
        if not makes_a_note(citation, instrument["symbol"], called_here=called_here, cited=cited):
            return ""
        key = (instrument["symbol"], pinpoint)
        note = self.cited.get(key)
        if note is not None:  # the same instrument and pinpoint called again: its number again
            return self._call_html(note["number"], repeat=True)
        note = self.cited[key] = _legal_note(self.next_number(), instrument, pinpoint)
        return self._call_html(note["number"], note=note["html"])

    def _footnote_call(self, match: re.Match) -> str:
        k = int(match.group(1))
        if not 1 <= k <= len(self.footnotes):
            return match.group(0)  # no such footnote: the text stays as typed
        first = k not in self.called
        if first:
            self.called[k] = self.next_number()
        number = self.called[k]
        return self._call_html(number, note=self.footnotes[k - 1], repeat=not first)

    def _call_html(self, number: int, *, note: Markup | str = "", repeat: bool = False) -> str:
        if self.medium == "pdf":
            if not repeat:
                return f'<span class="footnote" data-number="{number}">{note}</span>'
            return f'<sup class="note-ref">{number}</sup>'
        return f'<sup class="note-ref"><a href="#note-{number}">{number}</a></sup>'

    def legal_notes(self) -> list[dict]:
        """The notes of the instruments the text cites, in number order."""
        return sorted(self.cited.values(), key=lambda note: note["number"])

    def footnote_list(self) -> list[dict]:
        """Every footnote with its number, those nobody calls numbered after all the others."""
        listed = []
        for k, text in enumerate(self.footnotes, start=1):
            called = k in self.called
            listed.append(
                {
                    "kind": "footnote",
                    "number": self.called[k] if called else self.next_number(),
                    "text": text,
                    "called": called,
                }
            )
        return listed


def _legal_note(number: int, instrument: dict, pinpoint: str) -> dict:
    # The note is the symbol (a link to the instrument's official text where it has one), then this.
    after_symbol = citation_note_after_symbol(pinpoint=pinpoint, title=instrument["title"], date=instrument["date"])
    symbol = escape(instrument["symbol"])
    linked = Markup('<a href="{}">{}</a>').format(instrument["url"], symbol) if instrument["url"] else symbol
    return {
        "kind": "legal",
        "number": number,
        "citation": citation(instrument["symbol"], pinpoint),
        "pinpoint": pinpoint,
        "instrument": instrument,
        "after_symbol": after_symbol,
        "html": Markup(linked) + escape(after_symbol),
    }


def letter_context(
    letter,
    *,
    show_online: bool = True,
    audience: str = "public",
    medium: str = "screen",
    addressee: str | None = None,
    salutation: str | None = None,
) -> dict:
    """Everything a letter template may use, as plain data (dicts, lists and strings).

    ``medium`` is "screen" or "pdf": the template places its notes accordingly. ``audience`` is who reads it
    ("public", or "council" for the delivery pack): the signatories it may not name (letters.models.named_for)
    print only as a count, in ``unnamed_signatories``.
    """
    medium = medium if medium in MEDIA else "screen"
    numbering = _Notes([format_inline(f.text) for f in letter.footnotes.all()], medium, _cited_instruments(letter))
    call = numbering.calls
    # The parts in reading order, so that their notes number 1, 2, 3... down the letter.
    opening = [call(format_block(p.text)) for p in letter.paragraphs_of("opening")]
    situation = [call(format_block(p.text)) for p in letter.paragraphs_of("situation")]
    asks = [
        {
            "text": call(format_inline(a.text)),
            "by_when": a.by_when,
            "due": ask_due(a.by_when),  # "Within 30 days" as written; a bare date "by 30 June 2026"
        }
        for a in letter.asks.all()
    ]
    closing = [call(format_block(p.text)) for p in letter.paragraphs_of("closing")]
    notes = numbering.legal_notes()
    footnotes = numbering.footnote_list()
    page_footer = pgettext("page footer", "Page {page} of {pages}")
    subject_label = _("Subject:")
    named, hidden = printed_signatories(letter, show_online=show_online, audience=audience)
    signatories = [_signatory_data(s) for s in named]
    main = [s for s in signatories if not s["is_late"]]
    cosigners = [s for s in main if s["role"] != "lead"]
    month_first = letter.date_style == DateStyle.MONTH_DAY_YEAR
    date_line = letter.date_line or (long_date(letter.date, month_first=month_first) if letter.date else "")
    return {
        "letter": {
            "title": letter.title,
            # What prints as the letter's headline: its title, or nothing when the drafters chose none.
            "headline": "" if letter.no_headline else letter.title,
            "language": letter.language,
            "direction": "rtl" if letter.language.split("-")[0] in RTL_LANGUAGES else "ltr",
            "issued_by": letter.issued_by,
            "place": letter.place,
            "date_line": date_line,
            # "New York, 2 March 2026" ("纽约，2026年3月2日"): the date line as every medium prints it.
            "place_and_date": comma().join(part for part in (letter.place, date_line) if part),
            # A delivery pack addresses each copy to one member state: addressee and salutation override.
            "addressee_lines": [
                line for line in (letter.addressee if addressee is None else addressee).splitlines() if line.strip()
            ],
            "salutation": letter.salutation if salutation is None else salutation,
            "subject": letter.subject,
            "concerned": str(letter.concerned_country.name) if letter.concerned_country else "",
            "region": letter.concerned_region,
            "opening": opening,
            "situation": situation,
            # Citations print inside the sentences that make them: no legal-basis paragraphs (kept empty for
            # house styles written when there were).
            "legal_basis": [],
            "asks": asks,
            "asks_style": letter.asks_style,  # "numbered" or "bulleted"
            "asks_numbered": letter.asks_style != AsksStyle.BULLETED,
            "closing": closing,
            "valediction": letter.valediction,
            # Printed above the signatories ("Signatories", "Signed by"); empty for none.
            "signatories_heading": letter.signatories_heading,
            "status": letter.status,
            "authors": letter_authors(letter),
        },
        # The lead organization and its co-leads (empty for letters without one: issued_by speaks for them).
        "letterhead": _letterhead_data(letter),
        "medium": medium,
        "notes": notes,
        # The letter's own footnotes; "called" ones sit at the foot of their page in the PDF (not in the list).
        "footnotes": footnotes,
        # Every note by its number (the template's note calls look them up), and all of them in order.
        "notes_by_number": {note["number"]: note for note in notes + footnotes},
        "all_notes": sorted(notes + footnotes, key=lambda note: note["number"]),
        # Everyone who signed, late ones too (flagged ``is_late``), in print order; the main list is
        # signatory_list (the drafters' order, then those who signed online); late_signatories, by date
        # signed, print in an annex. lead_signatories and cosigners are the main list's leads and the rest.
        "signatories": signatories,
        "signatory_list": main,
        "signatory_columns": cosigner_columns(main),
        # Printed after the list: how many signed without being named for this audience (empty for none).
        "unnamed_signatories": unnamed_lines(hidden, audience=audience),
        "lead_signatories": [s for s in main if s["role"] == "lead"],
        "cosigners": cosigners,
        "cosigner_columns": cosigner_columns(cosigners),
        # The annex of every document cited, in the order the text cites them, when the drafters chose it.
        "references": _references(letter) if letter.print_references else [],
        "late_signatories": sorted(
            (s for s in signatories if s["is_late"]), key=lambda s: s["signed_on"] or datetime.date.max
        ),
        "labels": {
            "notes": _("Notes"),
            "signatories": _("Signatories"),
            "subject": subject_label,
            "after_subject": "" if subject_label.endswith("：") else " ",  # a full-width colon holds its space
            "late_signatories": _("Late signatories"),
            "references": _("References"),
            # The page footer, "Page 2 of 5" ("第 2 页，共 5 页"): a CSS content value, the numbers counters.
            # Punctuation the template writes between words, as the letter's language writes it (space included).
            "colon": colon(),
            "comma": comma(),
            "page_footer": page_footer_content(page_footer),
            "page_footer_words": page_footer,  # the same with "{page}" and "{pages}" left in (DOCX fields)
        },
    }


def letter_authors(letter) -> list[str]:
    """Who the letter is from: its issuer, else its lead signatories' organizations."""
    if letter.issued_by:
        return [letter.issued_by]
    # Signatures collected online are co-signers, never the authors (and may not be public yet).
    # A translation's signatories are its original's (parallel versions).
    entered = [s for s in letter.original_letter.signatories.all() if s.source != s.Source.ONLINE]
    leads = [s.organization or s.person_name for s in entered if s.role == "lead"]
    return leads or [s.organization or s.person_name for s in entered][:3]


# Referenced so makemessages keeps the lazy form in the catalogue.
_LABELS = (gettext_lazy("Notes"), gettext_lazy("Signatories"))


def printed_signatories(letter, *, show_online: bool, audience: str = "public") -> tuple[list, list]:
    """The signatories the letter names for ``audience``, in its order, and those it may not name (they print
    only as a count, ``unnamed_lines``): what its page, its PDF and the public API list (``show_online`` as the
    page decides it). Whoever changes who is shown changes it here."""
    ordered = _ordered_signatories(letter, show_online=show_online)
    # Who this audience may not name never enters the data a template or the API reads: only their count does.
    return [s for s in ordered if s.is_named_for(audience)], [s for s in ordered if not s.is_named_for(audience)]
