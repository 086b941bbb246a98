"""A letter in other forms than the PDF: plain text for an email body, and JSON to move it between sites.

The text says what the PDF says (it reads ``letter_context()``); the JSON keeps the letter's own words
(the Markdown, not its rendering) so that ``imports.letter_import()`` reads it back without loss. The
DOCX export lives in ``exports_docx.py``.
"""

from __future__ import annotations

import json
import re
import textwrap

from .exports_docx import Block, html_blocks, html_runs, print_context, reference_line

TEXT_WIDTH = 72
# Runs of ordinary white space fold to one space. The no-break spaces of the letter's typography (French " : ")
# stay, and textwrap never breaks a line at one, as the PDF does not.
_SPACES = re.compile(r"[ \t\r\f\v]+")
JSON_FORMAT = "r2p-letter"
JSON_VERSION = 1


# -- Plain text ---------------------------------------------------------------------------------------


def _runs_text(runs) -> str:
    """Runs as plain text: a link keeps its address after its words, "words <https://…>"; a footnote call
    is its note's number in brackets, "fled.[3] Many", as the notes are listed at the end."""
    parts = []
    for run in runs:
        if run.note:
            parts.append(f"[{run.note}]")
            continue
        parts.append(run.text)
        if run.href and run.href.removeprefix("mailto:") != run.text.strip():
            parts.append(f" <{run.href}>")
    return "".join(parts)


def _wrap(text: str, *, first: str = "", indent: str = "") -> str:
    """``text`` wrapped at TEXT_WIDTH, each line break of its own kept, addresses never cut."""
    lines = []
    for i, line in enumerate(text.split("\n")):
        lines.append(
            textwrap.fill(
                _SPACES.sub(" ", line).strip(" "),
                width=TEXT_WIDTH,
                initial_indent=first if i == 0 else indent,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or (first if i == 0 else indent).rstrip()
        )
    return "\n".join(lines)


def _block_text(block: Block, number: int) -> str:
    text = _runs_text(block.runs).strip()
    if not block.list_kind:
        return _wrap(text)
    indent = "   " * block.level
    marker = f"{number}. " if block.list_kind == "ol" else "- "
    return _wrap(text, first=indent + marker, indent=indent + " " * len(marker))


def _html_text(html: str) -> list[str]:
    """A paragraph's HTML as text chunks: a paragraph, or a list whose items follow one another."""
    chunks: list[str] = []
    counters: dict[int, int] = {}
    in_list = False
    for block in html_blocks(html):
        number = counters[block.list_id] = counters.get(block.list_id, block.list_start - 1) + 1
        text = _block_text(block, number)
        if block.list_kind and in_list:
            chunks[-1] += "\n" + text
        else:
            chunks.append(text)
        in_list = bool(block.list_kind)
    return chunks


def _signatory_text(s: dict, labels: dict, *, late: bool = False) -> str:
    return _wrap(s["line"] + (labels["comma"] + s["date"] if late and s["date"] else ""), indent="    ")


def letter_text(letter, *, show_online: bool = True, audience: str = "public") -> str:
    """The letter as plain text for an email body: wrapped lines, numbered or bulleted asks, notes as [1]."""
    context = print_context(letter, show_online=show_online, audience=audience)
    data, labels = context["letter"], context["labels"]
    chunks: list[str] = []
    add = chunks.append
    for organization in context["letterhead"]:
        add("\n".join([organization["name"], *organization["lines"]]))
    add("\n".join(_wrap(line) for line in (data["headline"], data["issued_by"]) if line))
    add(data["place_and_date"])
    if data["addressee_lines"]:
        add("\n".join(data["addressee_lines"]))
    if data["subject"]:
        add(_wrap(labels["subject"] + labels["after_subject"] + data["subject"]))
    if data["salutation"]:
        add(data["salutation"])
    for html in data["opening"] + data["situation"]:
        chunks.extend(_html_text(html))
    for number, ask in enumerate(data["asks"], start=1):
        text = _runs_text(html_runs(ask["text"])).strip() + (f" ({ask['due']})" if ask["due"] else "")
        marker = f"{number}. " if data["asks_numbered"] else "- "
        add(_wrap(text, first=marker, indent=" " * len(marker)))
    for html in data["closing"]:
        chunks.extend(_html_text(html))
    if data["valediction"]:
        add(data["valediction"])
    heading = [data["signatories_heading"]] if data["signatories_heading"] else []
    lines = [_signatory_text(s, labels) for s in context["signatory_list"]]
    lines += [_wrap(line, indent="    ") for line in context["unnamed_signatories"]]
    add("\n".join(heading + lines))
    notes = [
        f"[{n['number']}] {_note_text(n) if n['kind'] == 'legal' else _runs_text(html_runs(n['text'])).strip()}"
        for n in context["all_notes"]
    ]
    if notes:
        add(labels["notes"] + "\n" + "\n".join(_wrap(note, indent="    ") for note in notes))
    if context["late_signatories"]:
        add(
            labels["late_signatories"]
            + "\n"
            + "\n".join(_signatory_text(s, labels, late=True) for s in context["late_signatories"])
        )
    if context["references"]:
        add(
            labels["references"]
            + "\n"
            + "\n".join(_wrap(reference_line(r, labels), first="- ", indent="  ") for r in context["references"])
        )
    return "\n\n".join(chunk for chunk in chunks if chunk) + "\n"


def _note_text(note: dict) -> str:
    instrument = note["instrument"]
    return instrument["symbol"] + note["after_symbol"] + (f" <{instrument['url']}>" if instrument["url"] else "")


def letter_text_filename(letter) -> str:
    return f"{letter.slug}.txt"


# -- JSON ---------------------------------------------------------------------------------------------

LETTER_JSON_FIELDS = (
    "title",
    "no_headline",
    "language",
    "issued_by",
    "place",
    "date_line",
    "date_style",
    "addressee",
    "salutation",
    "subject",
    "concerned_region",
    "valediction",
    "asks_style",
    "signatories_heading",
    "print_references",
)
SIGNATORY_JSON_FIELDS = (
    "organization",
    "city",
    "location",
    "person_name",
    "person_title",
    "role",
    "position",
    "source",
    "capacity",
    "visibility",
)


def letter_data(letter, *, show_online: bool = True, audience: str = "public") -> dict:
    """The letter and its signatories as plain data, in its own words (Markdown), versioned. The signatories
    ``audience`` may not name are left out, counted in ``unnamed_signatories``."""
    # A translation has its original's signatories, as it prints them.
    listed = [s for s in letter.original_letter.signatories.all() if show_online or s.source != s.Source.ONLINE]
    signatories = [s for s in listed if s.is_named_for(audience)]
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "letter": {
            "slug": letter.slug,
            **{name: getattr(letter, name) for name in LETTER_JSON_FIELDS},
            "date": letter.date.isoformat() if letter.date else None,
            "concerned_country": letter.concerned_country.code or "",
            "template": letter.template.slug,
            "lead_organization": letter.lead_organization.slug if letter.lead_organization else None,
            "paragraphs": {
                section: [p.text for p in letter.paragraphs_of(section)]
                for section in letter.paragraphs.model.Section.values
            },
            "asks": [{"text": a.text, "by_when": a.by_when} for a in letter.asks.all()],
            # The instruments the text cites (its words carry the citations): an importing site adds those its
            # catalogue lacks.
            "legal_bases": [
                {
                    "instrument": {
                        "symbol": b.instrument.symbol,
                        "kind": b.instrument.kind,
                        "title": b.instrument.title,
                        "adopted_on": b.instrument.adopted_on.isoformat() if b.instrument.adopted_on else None,
                        "url": b.instrument.url,
                    },
                    "pinpoint": b.pinpoint,
                }
                for b in letter.legal_bases.all()
            ],
            "footnotes": [f.text for f in letter.footnotes.all()],
            "signatories": [
                {
                    **{name: getattr(s, name) for name in SIGNATORY_JSON_FIELDS},
                    "country": s.country.code or "",
                    "signed_on": s.signed_on.isoformat() if s.signed_on else None,
                }
                for s in signatories
            ],
            "unnamed_signatories": len(listed) - len(signatories),
        },
    }


def letter_json(letter, *, show_online: bool = True, audience: str = "public") -> str:
    data = letter_data(letter, show_online=show_online, audience=audience)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def letter_json_filename(letter) -> str:
    return f"{letter.slug}.json"
