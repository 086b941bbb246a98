"""Reading a letter drafted elsewhere (pasted text, .txt, .md, .docx, .odt) into the sections of a letter.

The source becomes a list of blocks, each given a section (``BLOCK_SECTIONS``); the drafter reviews them and
moves any block before anything is created. Nothing here fetches anything: a document's images and links are
never followed. The signatory block's lines go to ``signatory_text.signatory_rows_parse``.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

import docx
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx.table import Table
from lxml import etree
from odf import teletype
from odf.namespaces import TEXTNS
from odf.opendocument import load as odf_load

from r2p_letters.lib.un_symbols import un_symbols_find
from r2p_letters.printing.layouts import AsksStyle, DateStyle

from .models import Ask, Footnote, Letter, Paragraph
from .signatory_text import signatory_rows_parse

# Bounds of what is read: a letter is a few pages; its longest known signatory list is a few hundred lines.
MAX_UPLOAD_BYTES = 5_000_000
MAX_TEXT_CHARS = 1_000_000
MAX_LINES = 5_000
# A .docx is a zip: its parts are read only if the zip says, and really is, at most this big uncompressed.
MAX_UNZIPPED_BYTES = 30_000_000
MAX_ZIP_MEMBERS = 2_000
# Signatory rows the review page shows as fields (seven each); a longer list goes in the signatories section.
MAX_REVIEW_SIGNATORIES = 1_000

# The section a block of the source is given; the review page offers them in this order.
BLOCK_SECTIONS = [
    ("title", gettext_lazy("Title")),
    ("date", gettext_lazy("Place and date")),
    ("addressee", gettext_lazy("Addressee")),
    ("salutation", gettext_lazy("Salutation")),
    ("subject", gettext_lazy("Subject")),
    ("opening", gettext_lazy("Opening")),
    ("situation", gettext_lazy("Situation")),
    ("ask", gettext_lazy("Ask")),
    ("closing", gettext_lazy("Closing")),
    ("valediction", gettext_lazy("Valediction")),
    ("signatory", gettext_lazy("Signatories")),
    ("footnote", gettext_lazy("Footnote")),
    ("omit", gettext_lazy("Left out (not part of the letter)")),
]
SECTION_NAMES = [name for name, _label in BLOCK_SECTIONS]
PARAGRAPH_SECTIONS = ("opening", "situation")


class DraftImportError(Exception):
    """The source cannot be read; the message is for the person who gave it. Nothing was created."""


@dataclass
class DraftBlock:
    """One block of the source (a paragraph, a line of the header or of the signatories) and its section."""

    text: str
    section: str = "situation"
    # A bulleted or numbered list item (a Markdown/text bullet or a Word list style).
    listed: bool = False
    # A list item numbered or lettered ("1.", "a)", a Word numbered list) rather than bulleted.
    numbered: bool = False
    # A heading (Markdown "#", a Word heading style).
    heading: bool = False


@dataclass
class DraftSource:
    """What was read from the file or the paste, before sections are given."""

    blocks: list[DraftBlock]
    # Word footnotes (footnotes.xml), in their order; the paragraphs call them with "[^k]".
    footnotes: list[str] = field(default_factory=list)


# -- reading the source ---------------------------------------------------------------------------------------

# Bullets and numbers of a list: "•", "-", "*", "1.", "a)", "(iv)"; small letters only ("J. Smith" is a name).
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣●○■□➢►–—*+-]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)])\s+")
_NUMBERED = re.compile(r"^\s*\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
_SUP = re.compile(r"</?su[pb]>", re.I)
_TAG = re.compile(r"</?(?:b|i|u|em|strong|span|br)\b[^>]*>", re.I)
_NOTE_MARK = re.compile(r"\[\^?(\d{1,3})\]")
# "[1] text", "[^1]: text", "1. text" in a list of notes.
_NOTE_LINE = re.compile(r"^\s*(?:\[\^?(\d{1,3})\]:?|(\d{1,3})[.)])\s+(.+)$", re.S)
_NOTES_HEADING = re.compile(r"^\s*(?:notes?|footnotes|endnotes|references|notes de bas de page)\s*:?\s*$", re.I)


def _clean_markup(text: str) -> str:
    """Light Markdown and stray HTML as a web page copied gives them: emphasis and tags dropped, links kept as
    Markdown only when they lead somewhere on the web."""
    text = _SUP.sub("", text)
    text = _TAG.sub("", text)
    text = text.replace("**", "").replace("__", "")

    def link(match: re.Match) -> str:
        words, target = match[1], match[2]
        return f"[{words}]({target})" if re.match(r"https?://", target) and words else words

    text = _LINK.sub(link, text)
    return text.replace("\\", "") if "\\" in text and "\\\\" not in text else text


def _text_lines_check(text: str) -> None:
    """Refuse what is no letter's text: binary data, more lines or characters than a letter has."""
    # Control characters other than tabs and line breaks, or many undecodable bytes: a binary file read as text.
    start = text[:100_000]
    controls = sum(1 for ch in start if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\x00" in text or controls > 10 or start.count("\ufffd") > 20:
        raise DraftImportError(_("This is not text: it holds binary data. Paste the letter, or upload a document."))
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines > MAX_LINES:
        raise DraftImportError(
            _("The text has %(lines)s lines; a letter to import has at most %(max)s.")
            % {"lines": f"{lines:,}", "max": f"{MAX_LINES:,}"}
        )
    if len(text) > MAX_TEXT_CHARS:
        raise DraftImportError(
            _("The text is %(size)s characters long; a letter to import has at most %(max)s.")
            % {"size": f"{len(text):,}", "max": f"{MAX_TEXT_CHARS:,}"}
        )


def draft_source_from_text(text: str) -> DraftSource:
    """Blocks of pasted or plain text (Markdown allowed): paragraphs are separated by blank lines (their lines are
    mended later), a heading or a bulleted line is a block of its own, the lines of other blocks are kept."""
    _text_lines_check(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    blocks: list[DraftBlock] = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        current: list[str] = []
        for line in (line.rstrip() for line in chunk.split("\n")):
            if not line.strip():
                continue
            if _HEADING.match(line):
                blocks.extend(_lines_block(current))
                current = []
                blocks.append(DraftBlock(text=_HEADING.sub("", line), heading=True))
            elif _BULLET.match(line):
                blocks.extend(_lines_block(current))
                current = []
                blocks.append(
                    DraftBlock(text=_BULLET.sub("", line, count=1), listed=True, numbered=bool(_NUMBERED.match(line)))
                )
            elif not current and blocks and blocks[-1].listed and line[:1] in " \t":
                blocks[-1].text += " " + line.strip()  # an item's text continued on an indented line
            else:
                current.append(line)
        blocks.extend(_lines_block(current))
    for block in blocks:
        block.text = "\n".join(_clean_markup(line).strip() for line in block.text.split("\n")).strip()
    return DraftSource(blocks=[b for b in blocks if b.text])


def _lines_block(lines: list[str]) -> list[DraftBlock]:
    return [DraftBlock(text="\n".join(lines))] if lines else []


def _zip_checked(data: bytes, kind: str) -> zipfile.ZipFile:
    """The document's zip, once its declared and real sizes are known to be bounded (a zip bomb is refused)."""
    not_a = _("This file is not a %(kind)s document (it may be damaged, or another kind of file renamed).") % {
        "kind": kind
    }
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise DraftImportError(not_a) from None
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
        raise DraftImportError(
            _("This document unpacks to more than %(max)s MB: it cannot be a letter.")
            % {"max": MAX_UNZIPPED_BYTES // 1_000_000}
        )
    names = {m.filename for m in members}
    wanted = "word/document.xml" if kind == "Word" else "content.xml"
    if wanted not in names:
        raise DraftImportError(not_a)
    # The sizes a zip declares can lie: read each part with a cap, counting what really comes out.
    total = 0
    try:
        for member in members:
            with archive.open(member) as part:
                while chunk := part.read(1 << 20):
                    total += len(chunk)
                    if total > MAX_UNZIPPED_BYTES:
                        raise DraftImportError(
                            _("This document unpacks to more than %(max)s MB: it cannot be a letter.")
                            % {"max": MAX_UNZIPPED_BYTES // 1_000_000}
                        )
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, zlib.error):
        # A part whose size or checksum is not what the zip declares, or that is encrypted.
        raise DraftImportError(not_a) from None
    return archive


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def draft_source_from_docx(data: bytes) -> DraftSource:
    """A Word document's paragraphs (lists from Word numbering or list styles, headings), its footnotes
    (footnotes.xml) as notes called from the text with "[^k]". Images and links are not followed."""
    _zip_checked(data, "Word")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds on a damaged file: all mean "not a Word document"
        raise DraftImportError(
            _("This file is not a %(kind)s document (it may be damaged, or another kind of file renamed).")
            % {"kind": "Word"}
        ) from None
    footnotes, numbers = _docx_footnotes(document)
    blocks = []
    for item in document.iter_inner_content():  # paragraphs and tables, in the document's order
        if isinstance(item, Table):
            # Signatories are sometimes laid out in a table: a row is a line, its cells separated by commas.
            for row in item.rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                if line := ", ".join(dict.fromkeys(cell for cell in cells if cell)):
                    blocks.append(DraftBlock(text=line))
            continue
        block = _docx_block(item, numbers)
        if block is not None:
            blocks.append(block)
    return DraftSource(blocks=blocks, footnotes=footnotes)


def _docx_block(paragraph, numbers: dict[str, int]) -> DraftBlock | None:
    """A Word paragraph's text, its footnote references written "[^k]"; listed when Word numbers it."""
    element = paragraph._p
    parts = []
    for node in element.iter(f"{_W}t", f"{_W}footnoteReference", f"{_W}br", f"{_W}tab"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}footnoteReference":
            if number := numbers.get(node.get(f"{_W}id")):
                parts.append(f"[^{number}]")
        else:
            parts.append("\n" if node.tag == f"{_W}br" else " ")
    text = "".join(parts).strip()
    if not text:
        return None
    style = ((paragraph.style.name if paragraph.style is not None else "") or "").lower()
    listed = element.find(f"{_W}pPr/{_W}numPr") is not None or style.startswith("list")
    numbered = listed and ("number" in style or bool(_NUMBERED.match(text)))
    if listed and _BULLET.match(text):
        text = _BULLET.sub("", text, count=1)
    return DraftBlock(text=text, listed=listed, numbered=numbered, heading=style.startswith(("heading", "title")))


def _docx_footnotes(document) -> tuple[list[str], dict[str, int]]:
    """The texts of the document's footnotes in their order, and each footnote id's number (1, 2, ...)."""
    part = None
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            part = rel.target_part
    if part is None:
        return [], {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(part.blob, parser)
    texts, numbers = [], {}
    for note in root.iter(f"{_W}footnote"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join("".join(t.text or "" for t in note.iter(f"{_W}t")).split())
        if text:
            texts.append(text)
            numbers[note.get(f"{_W}id")] = len(texts)
    return texts, numbers


def draft_source_from_odt(data: bytes) -> DraftSource:
    """An OpenDocument text's paragraphs, headings and list items, read with odfpy."""
    _zip_checked(data, "OpenDocument")
    try:
        document = odf_load(io.BytesIO(data))
    except Exception:  # odfpy raises many kinds on a damaged file: all mean "not an OpenDocument text"
        raise DraftImportError(
            _("This file is not a %(kind)s document (it may be damaged, or another kind of file renamed).")
            % {"kind": "OpenDocument"}
        ) from None
    blocks: list[DraftBlock] = []
    # Walked without recursion: a document nests lists in lists.
    pending = [(node, False) for node in reversed(document.text.childNodes)]
    while pending:
        node, listed = pending.pop()
        name = getattr(node, "qname", None)
        if name in ((TEXTNS, "p"), (TEXTNS, "h")):
            text = " ".join(teletype.extractText(node).split())
            if text:
                blocks.append(DraftBlock(text=text, listed=listed, heading=name[1] == "h"))
            continue
        inner = listed or name == (TEXTNS, "list")
        pending.extend((child, inner) for child in reversed(getattr(node, "childNodes", [])))
    return DraftSource(blocks=blocks)


def draft_source_read(*, name: str, data: bytes) -> DraftSource:
    """The blocks of an uploaded file, by its extension; refused (DraftImportError) when too big or unreadable."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise DraftImportError(
            _("The file is %(size)s MB; a letter to import is at most %(max)s MB.")
            % {"size": f"{len(data) / 1_000_000:.1f}", "max": MAX_UPLOAD_BYTES // 1_000_000}
        )
    kind = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind == "docx":
        return draft_source_from_docx(data)
    if kind == "odt":
        return draft_source_from_odt(data)
    if kind in ("txt", "md", "markdown", "text"):
        if data[:4] == b"PK\x03\x04" or b"\x00" in data[:8000]:
            raise DraftImportError(_("This is not text: it holds binary data. Paste the letter, or upload a document."))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        return draft_source_from_text(text)
    raise DraftImportError(
        _("Upload a .docx, .odt, .md or .txt file (this one is “%(name)s”), or paste the text.") % {"name": name}
    )


# -- dates ---------------------------------------------------------------------------------------------------

MONTHS = {
    **{
        m: i + 1
        for i, m in enumerate(
            "january february march april may june july august september october november december".split()
        )
    },
    **{m[:3]: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())},
    "sept": 9,
    **{
        m: i + 1
        for i, m in enumerate(
            "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
        )
    },
    "fevrier": 2,
    "aout": 8,
    "decembre": 12,
    # Spanish, for letters drafted in it.
    **{
        m: i + 1
        for i, m in enumerate(
            "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split()
        )
    },
}
_MONTH = r"(?P<month>[A-Za-zéèûôÉ]{3,9})\.?"
_DATE_FORMS = [
    # March 13, 2014 / March 13th, 2014
    re.compile(rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})", re.I),
    # 17 April 2020 / 17 avril 2020 / 1er mars 2020 / 17 de abril de 2020
    re.compile(rf"(?P<day>\d{{1,2}})(?:er|st|nd|rd|th|º)?\s+(?:de\s+)?{_MONTH}(?:\s+de)?,?\s+(?P<year>\d{{4}})", re.I),
    # 2020-04-17
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),
]
# What may stand around a date on a date line: a place, "le", "Date:", a weekday.
_DATE_LINE_MAX = 90


def date_parse(text: str) -> tuple[datetime.date, int, int] | None:
    """The first date written in ``text`` (English, French or Spanish month names, or ISO) and where it is."""
    for form in _DATE_FORMS:
        for match in form.finditer(text):
            month = match["month"]
            number = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
            if not number:
                continue
            try:
                return datetime.date(int(match["year"]), number, int(match["day"])), match.start(), match.end()
            except ValueError:
                continue
    return None


def date_line_parse(text: str) -> tuple[str, datetime.date, str] | None:
    """A date line ("New York, 24 June 2010", "March 13, 2014", "Genève, le 17 avril 2020"): its place, its date
    and the date as written; None when the block is not a date line."""
    line = " ".join(text.split())
    if len(line) > _DATE_LINE_MAX:
        return None
    found = date_parse(line)
    if found is None:
        return None
    date, start, end = found
    before = re.sub(r"(?i)\b(?:le|the|on|date\s*:|dated?)\s*$", "", line[:start]).strip()
    before = re.sub(
        r"(?i),?\s*(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi"
        r"|vendredi|samedi|dimanche)\s*,?\s*$",
        "",
        before,
    )
    before = re.sub(r"(?i)^date\s*:\s*", "", before).strip(" ,;–-")
    if line[end:].strip(" .,"):
        return None
    if len(before.split()) > 5:
        return None
    return before, date, line[start:end] if before else re.sub(r"(?i)^(date\s*:|le)\s*", "", line)


# -- giving each block its section ---------------------------------------------------------------------------

_SALUTATION = re.compile(
    r"^(?:dear\b|excellenc|your excellenc|distinguished|honou?rable|mr\.?\s+president|madam\s+president|"
    r"madame|monsieur|messieurs|mesdames|excellence|chers?\b|chères?\b|estimad|señor|to whom it may)",
    re.I,
)
_VALEDICTION = re.compile(
    r"^(?:(?:yours\s+)?(?:sincerely|faithfully|truly|respectfully)|sincerely yours|respectfully yours|"
    r"(?:with\s+)?(?:best|kind|warm)(?:est)?\s+regards|regards|with (?:highest|high) consideration|"
    r"cordialement|bien cordialement|sinc[eè]rement|respectueusement|atentamente|cordialmente|"
    r"veuillez agréer.*|nous vous prions d.agréer.*|please accept.*assurances.*|accept.*assurances of our.*)"
    r"[,.!]?$",
    re.I,
)
_ADDRESSEE = re.compile(
    r"^(?:to\s*:|à\s*:|a\s*:|attn|h\.\s?e\.|s\.\s?e\.|his excellency|her excellency|their excellencies|"
    r"son excellence|members of the|president of the|permanent (?:representative|mission)|ambassador|"
    r"minister|foreign minister|the honou?rable|secretary-general|united nations|security council|"
    r"conseil de sécurité|new york,? ny|membres du|président du|monsieur le président|madame la présidente)",
    re.I,
)
_SUBJECT = re.compile(r"^(?:subject|re|objet|object|asunto|concerning)\s*:\s*", re.I)
_TITLE_WORDS = re.compile(r"\b(?:letter|lettre|carta|statement|déclaration|appeal|appel)\b", re.I)
# What asks the Council to act: a demand of the letter rather than a description of the situation.
_DEMAND = re.compile(
    r"\b(?:we\s+(?:urge|call|appeal|ask|request|recommend|implore|encourage|strongly)|urge[sd]?\b|call(?:s|ed)?\s+"
    r"(?:on|upon|for)|must|should|needs?\s+to|"
    r"nous (?:demandons|appelons|exhortons|invitons|recommandons)|doit|doivent|devrait|devraient|exhort|"
    r"demandons|recommandons)\b",
    re.I,
)
# The Council's own action: what an ask asks it to do.
_ACTION = re.compile(
    r"\b(?:authori[sz]e|deploy(?:ment|ed)?|mission|force|peacekeep\w*|measures|mandate[ds]?|refer|sanction\w*|"
    r"adopt|establish|ensure|protect|take\s+(?:immediate|decisive|urgent)|action|request\w*|recommend\w*|"
    r"deter\w*|accountab\w*|autoris\w*|déploi\w*|mesures|garantir|protéger)\b",
    re.I,
)
# What invokes the law (the legal basis, now cited inline): a paragraph that does says what binds the Council.
_LEGAL = re.compile(
    r"\b(?:resolutions?\s+\d+|[AS]/RES/\d+|World Summit|Outcome Document|Article\s+\d+|Chapter\s+VII|"
    r"General Assembly Resolution|Security Council Resolution|résolution\s+\d+|Sommet mondial)",
    re.I,
)
# A listed item that starts with a verb telling the Council what to do ("Ensure …", "Fund …") is an ask, and so
# are the items a line such as "Our five key messages:" introduces.
_IMPERATIVE = re.compile(
    r"^\W*(?:ensure|protect|fund|include|implement|adopt|authori[sz]e|establish|demand|call|urge|renew|extend|"
    r"refer|impose|request|take|support|strengthen|condemn|deploy|guarantee|provide|end|stop|hold|prioriti[sz]e|"
    r"invest|increase|allow|facilitate|recogni[sz]e|reaffirm|commit|press|insist|uphold|mandate|"
    r"garantir|protéger|assurer|financer|inclure|mettre|adopter|autoriser|établir|exiger|demander|renouveler|"
    r"prendre|soutenir|renforcer|condamner|déployer|fournir|veiller|imposer)\b",
    re.I,
)
_ASKS_INTRODUCED = re.compile(
    r"\b(?:messages?|recommendations?|asks?|demands?|calls?|priorities|recommandations?|demandes?|appels?|"
    r"priorités)\b",
    re.I,
)
_PAST = re.compile(r"\b(?:\w+ed|have been|has been|was|were|had|fled|took|found|reported|ont été|a été)\b", re.I)
_CLOSING = re.compile(
    r"\b(?:thank you|we stand ready|look forward|we remain|nous restons|nous vous remercions|je vous remercie)",
    re.I,
)


def _sentence_like(text: str) -> bool:
    """A paragraph of prose rather than a line of a header or of signatures."""
    words = len(text.split())
    return words >= 25 or (words >= 8 and text.rstrip().endswith((".", "!", "?", ".”", '."', ":")))


def _is_signature_like(text: str) -> bool:
    return len(text) <= 160 and not _sentence_like(text)


def _mend(blocks: list[DraftBlock]) -> list[DraftBlock]:
    """Paragraphs a copy broke apart joined again: a block that starts with a small letter or with punctuation
    continues the previous one, as does one after a long line that stops without punctuation."""
    mended: list[DraftBlock] = []
    for block in blocks:
        text = " ".join(block.text.split()) if not block.listed else block.text
        previous = mended[-1] if mended else None
        if previous is not None and not (previous.heading or block.heading or previous.listed or block.listed):
            ends = previous.text.rstrip()[-1:]
            starts = text[:1]
            if starts in ".,;:)" or (starts.islower() and ends not in ".!?”\"'"):
                previous.text += text if starts in ".,;:)" else " " + text
                continue
            if len(previous.text) > 150 and ends.isalnum() and not _TITLE_WORDS.match(text):
                previous.text += " " + text
                continue
        mended.append(
            DraftBlock(
                text=text, section=block.section, listed=block.listed, numbered=block.numbered, heading=block.heading
            )
        )
    return mended


def _demand_score(text: str) -> float:
    words = max(len(text.split()), 1)
    demands = len(_DEMAND.findall(text))
    actions = len(_ACTION.findall(text))
    past = len(_PAST.findall(text))
    return (3 * demands + actions - 0.6 * past) / words * 100 - 3 * len(_LEGAL.findall(text))


def _body_sections(body: list[DraftBlock]) -> None:
    """Opening, situation, asks and closing for the blocks of the body, in place.

    The first paragraph opens, the last closes; lists that demand are asks. Letters whose asks are paragraphs
    put them in a run before the closing: the run chosen is the one whose paragraphs demand most."""
    paragraphs = [b for b in body if not b.listed]
    for block in body:
        block.section = "situation"
    if not paragraphs:
        for block in body:
            block.section = "ask" if _DEMAND.search(block.text) or _ACTION.search(block.text) else "situation"
        return
    paragraphs[0].section = "opening"
    if len(paragraphs) >= 3:
        paragraphs[-1].section = "closing"
        # "Thank you for your attention" after the real closing paragraph: both close.
        if len(paragraphs) >= 5 and _CLOSING.search(paragraphs[-2].text) and len(paragraphs[-1].text) < 200:
            paragraphs[-2].section = "closing"
    # Listed items: asks when they, or the paragraph introducing them, demand.
    introduced = False
    for block in body:
        if not block.listed:
            introduced = block.text.rstrip().endswith(":") and bool(
                _DEMAND.search(block.text) or _ACTION.search(block.text) or _ASKS_INTRODUCED.search(block.text)
            )
            continue
        demands = introduced or _DEMAND.search(block.text) or _IMPERATIVE.match(block.text)
        block.section = "ask" if demands else "situation"
    if any(b.section == "ask" for b in body):
        return
    # No listed asks: the asks are the run of middle paragraphs, ending before the closing, that demands most.
    middle = [p for p in paragraphs if p.section == "situation"]
    if len(middle) < 2:
        return
    threshold = 1.2
    scores = [_demand_score(p.text) - threshold for p in middle]
    best, best_start = 0.0, None
    for start in range(1, len(middle)):
        total = sum(scores[start:])
        if total > best:
            best, best_start = total, start
    if best_start is not None:
        for paragraph in middle[best_start:]:
            paragraph.section = "ask"


def _header_kind(block: DraftBlock) -> str | None:
    text = block.text.strip()
    first = text.split("\n")[0]
    if len(text) <= _DATE_LINE_MAX and date_line_parse(text):
        return "date"
    if _SUBJECT.match(text):
        return "subject"
    if _SALUTATION.match(first) and len(text) <= 160 and text.rstrip().endswith((",", ":", "!")):
        return "salutation"
    if _ADDRESSEE.match(first) and len(text) <= 600 and not _sentence_like(first):
        return "addressee"
    return None


def _header_section(letter: list[DraftBlock], i: int, *, title_found: bool, limit: int) -> str | None:
    """The section of the header block ``letter[i]`` (title, date, addressee, salutation, subject), or None for
    prose."""
    block = letter[i]
    following = letter[i + 1].text[:1] if i + 1 < len(letter) else ""
    if following.islower() or following in (".", ",", ";"):
        return None  # the next block continues this one ("On 15 April 2023" / "the army began…"): prose
    if kind := _header_kind(block):
        return kind
    text = block.text
    if block.heading or (
        not title_found
        and len(text) <= 300
        and not text.rstrip().endswith(".")
        and not re.search(r"[.!?] +[A-Z]", text)
        and (_TITLE_WORDS.search(text) or not _sentence_like(text))
    ):
        return "subject" if title_found else "title"
    # A short line just above the date or the salutation: a line of the addressee.
    if not _sentence_like(text) and i < limit - 1 and any(_header_kind(b) for b in letter[i + 1 : i + 4]):
        return "addressee"
    return None


def _notes_split(blocks: list[DraftBlock]) -> list[DraftBlock]:
    """A block of notes written one per line ("[1] …", "[2] …") is one block per note."""
    out = []
    for block in blocks:
        lines = block.text.split("\n")
        if (
            len(lines) > 1
            and all(_NOTE_LINE.match(line) for line in lines if re.match(r"^\s*\[", line))
            and (_NOTE_LINE.match(lines[0]) and re.match(r"^\s*\[", lines[0]))
        ):
            notes: list[str] = []
            for line in lines:
                if re.match(r"^\s*\[\^?\d{1,3}\]", line) or not notes:
                    notes.append(line)
                else:
                    notes[-1] += " " + line.strip()
            out.extend(DraftBlock(text=note, section=block.section) for note in notes)
        else:
            out.append(block)
    return out


# How many blocks of prose may stand above a letter's header (a web page's note, "Still collecting signatures").
FURNITURE_BLOCKS = 3


def draft_sections_give(source: DraftSource) -> list[DraftBlock]:
    """Each block of the source with the section it most likely belongs to (the drafter reviews them)."""
    blocks = [b for b in source.blocks if b.text.strip()]
    # Copies of web pages repeat their first lines (a title, a date): a block seen already is left out.
    seen: set[str] = set()
    for block in blocks:
        key = " ".join(block.text.split()).casefold()
        if key in seen and len(key) > 3:
            block.section = "omit"
        else:
            block.section = ""
            seen.add(key)
    blocks = _notes_split(blocks)
    kept = [b for b in blocks if b.section != "omit"]

    # The end: a "Notes" list, then notes written "[1] ..." at the foot.
    notes_at = next((i for i, b in enumerate(kept) if _NOTES_HEADING.match(b.text)), None)
    if notes_at is not None:
        kept[notes_at].section = "omit"
        for block in kept[notes_at + 1 :]:
            block.section = "footnote"
            block.text = _NOTE_LINE.sub(r"\3", block.text)
        end = notes_at
    else:
        end = len(kept)
        while end > 0 and re.match(r"^\s*\[\^?\d{1,3}\]", kept[end - 1].text):
            end -= 1
            kept[end].section = "footnote"
            kept[end].text = _NOTE_LINE.sub(r"\3", kept[end].text)
    letter = kept[:end]

    # The valediction splits the body from the signatories.
    valediction_at = None
    for i, block in enumerate(letter):
        if len(block.text) <= 120 and _VALEDICTION.match(" ".join(block.text.split())):
            valediction_at = i
    if valediction_at is not None:
        letter[valediction_at].section = "valediction"
        signatures = letter[valediction_at + 1 :]
        letter = letter[:valediction_at]
    else:
        # No valediction: the signatories are the run of short lines at the end.
        cut = len(letter)
        while cut > 1 and _is_signature_like(letter[cut - 1].text) and not letter[cut - 1].listed:
            cut -= 1
        if len(letter) - cut < 1 or cut == 0:
            cut = len(letter)
        signatures, letter = letter[cut:], letter[:cut]
    for block in signatures:
        web = re.search(r"(?i)\]\(|https?://|click here|cliquez ici|download|télécharger", block.text)
        block.section = "omit" if web else "signatory"

    # The header: title, date, addressee, salutation, subject, until the first paragraph of prose.
    title_found = False
    header_limit = min(len(letter), 15)
    last_header = -1
    for i in range(header_limit):
        section = _header_section(letter, i, title_found=title_found, limit=header_limit)
        if section is None:
            # Prose: the body starts here once the header has begun. Prose before it, in the first blocks only,
            # may be a web page's furniture above the letter (left out when a header follows).
            if last_header >= 0 or i >= FURNITURE_BLOCKS:
                break
            continue
        letter[i].section, last_header = section, i
        title_found = title_found or section == "title"
        if section == "salutation":
            break
    body_start = last_header + 1
    # Prose before the header's last line is web-page furniture ("Still collecting signatures…").
    for block in letter[:body_start]:
        if not block.section:
            block.section = "omit"
    original_body = letter[body_start:]
    body = _mend(original_body)
    _body_sections(body)
    # The source's order, the mended body in the place of the blocks it was made from.
    replaced = {id(b) for b in original_body}
    out: list[DraftBlock] = []
    for block in blocks:
        if id(block) not in replaced:
            out.append(block)
        elif block is original_body[0]:
            out.extend(body)
    for block in out:
        block.section = block.section or "situation"
    return out


# -- the structure found ---------------------------------------------------------------------------------------


@dataclass
class DraftSignatory:
    """A signatory row of the review page: what was read from its line(s) of the source, and what is wrong."""

    organization: str = ""
    city: str = ""
    country: str = ""
    location: str = ""
    person: str = ""
    title: str = ""
    line: str = ""
    problem: str = ""


def draft_signatories(
    blocks: list[DraftBlock], *, language: str = "en", organization: str = ""
) -> list[DraftSignatory]:
    """The signatories of the blocks given the signatory section, read by ``signatory_rows_parse`` (which mends
    lines a copy broke). A person who signs for no organization, in a block that names none, signs for
    ``organization``: the one importing the letter."""
    text = "\n".join(b.text for b in blocks if b.section == "signatory")
    found = [
        DraftSignatory(
            organization=row.organization,
            city=row.city,
            country=row.country,
            location=row.location,
            person=row.person_name,
            title=row.person_title,
            line=row.line,
            problem=row.problem,
        )
        for row in signatory_rows_parse(text, language=language)
    ]
    if organization and found and not any(s.organization for s in found):
        for row in found:
            row.organization = organization
    return found


def _footnote_calls(text: str) -> str:
    return _NOTE_MARK.sub(lambda m: f"[^{m[1]}]", text)


def draft_structure(
    blocks: list[DraftBlock],
    *,
    footnotes: list[str] = (),
    language: str = "en",
    organization: str = "",
    signatories: list[DraftSignatory] | None = None,
) -> dict:
    """What the blocks say, with the keys ``import_draft --json`` prints."""

    def texts(section):
        return [_footnote_calls(b.text) for b in blocks if b.section == section]

    def one(section, joiner=" "):
        return joiner.join(" ".join(t.split()) for t in texts(section))

    dates = [date_line_parse(b.text) for b in blocks if b.section == "date"]
    dates = [d for d in dates if d]
    place, date, date_line = dates[0] if dates else ("", None, "")
    addressee = "\n".join(line.strip() for t in texts("addressee") for line in t.split("\n") if line.strip())
    addressee = re.sub(r"(?i)^(?:to|à|a)\s*:\s*", "", addressee)
    subject = _SUBJECT.sub("", one("subject"))
    if signatories is None:
        signatories = draft_signatories(blocks, language=language, organization=organization)
    notes = [*footnotes, *texts("footnote")]
    body = [b for b in blocks if b.section in ("opening", "situation", "ask", "closing")]
    return {
        "title": one("title", " — ")[:300],
        "date": date.isoformat() if date else None,
        "place": place,
        "addressee": addressee,
        "salutation": one("salutation"),
        "subject": subject,
        "paragraphs": [
            {"section": b.section, "text": _footnote_calls(b.text)} for b in body if b.section in PARAGRAPH_SECTIONS
        ],
        "asks": [_paragraph_text(b) for b in body if b.section == "ask"],
        "closing": [_paragraph_text(b) for b in body if b.section == "closing"],
        "valediction": one("valediction"),
        "signatories": [
            {
                "organization": s.organization,
                "city": s.city,
                "country": s.country,
                "person": s.person,
                "title": s.title,
                "location": s.location,
            }
            for s in signatories
        ],
        "footnotes": notes,
        "citations": draft_citations(" \n".join(b.text for b in blocks if b.section != "omit")),
        # Beyond what --json prints: the date as the source writes it, and the print choices the source made.
        "date_line": date_line,
        "date_style": DateStyle.MONTH_DAY_YEAR if _MONTH_FIRST.match(date_line) else DateStyle.DAY_MONTH_YEAR,
        "asks_style": _asks_style([b for b in body if b.section == "ask"]),
    }


# "March 13, 2014", "New York, March 13, 2014": the month before the day, as the United States write dates.
_MONTH_FIRST = re.compile(r"^(?:[^,\d]+,\s*)?[^\W\d]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}")


def _asks_style(asks: list[DraftBlock]) -> str:
    """Bulleted when the source lists its asks with bullets; numbered otherwise (numbers, or paragraphs)."""
    if asks and all(b.listed and not b.numbered for b in asks):
        return AsksStyle.BULLETED
    return AsksStyle.NUMBERED


# What ``import_draft --json`` prints, and each signatory's keys in it.
JSON_KEYS = (
    "title",
    "date",
    "place",
    "addressee",
    "salutation",
    "subject",
    "paragraphs",
    "asks",
    "closing",
    "valediction",
    "signatories",
    "footnotes",
    "citations",
)
SIGNATORY_JSON_KEYS = ("organization", "city", "country", "person", "title")


def draft_json(structure: dict) -> dict:
    """The structure with exactly the keys ``import_draft --json`` prints."""
    data = {key: structure[key] for key in JSON_KEYS}
    data["signatories"] = [{key: row[key] for key in SIGNATORY_JSON_KEYS} for row in structure["signatories"]]
    return data


def _paragraph_text(block: DraftBlock) -> str:
    return _footnote_calls(" ".join(block.text.split()))


def draft_citations(text: str) -> list[str]:
    """The UN document symbols the text cites, each once, in the order first cited."""
    return list(dict.fromkeys(match.symbol for match in un_symbols_find(text)))


def draft_read(source: DraftSource, *, language: str = "en", organization: str = "") -> dict:
    """The structure of a source, each block given the section it most likely belongs to."""
    blocks = draft_sections_give(source)
    return draft_structure(blocks, footnotes=source.footnotes, language=language, organization=organization)


def draft_text(blocks: list[DraftBlock]) -> str:
    """The blocks as text again, one blank line between them: what the import page shows when the drafter goes
    back to the text (an upload's text included)."""
    return "\n\n".join(
        ("1. " if b.numbered else "- " if b.listed else "# " if b.heading else "") + b.text for b in blocks
    )


# The parts of a letter whose length the models bound, and the section of the review page each comes from.
LETTER_FIELDS = {"title": "title", "place": "date", "addressee": "addressee", "salutation": "salutation"}
LETTER_FIELDS |= {"subject": "subject", "valediction": "valediction"}
LIST_FIELDS = {"paragraphs": (Paragraph, "situation"), "asks": (Ask, "ask"), "closing": (Paragraph, "closing")}
LIST_FIELDS |= {"footnotes": (Footnote, "footnote")}


def draft_too_long(structure: dict) -> list[str]:
    """What does not fit its part of the letter (a paragraph given the salutation…), to say on the review page."""
    labels = dict(BLOCK_SECTIONS)
    problems = []
    for key, section in LETTER_FIELDS.items():
        limit = Letter._meta.get_field(key).max_length
        if len(structure[key]) > limit:
            problems.append(
                _("The text given the section “%(section)s” is longer than %(max)s characters: give it another.")
                % {"section": labels[section], "max": f"{limit:,}"}
            )
    for key, (model, section) in LIST_FIELDS.items():
        limit = model._meta.get_field("text").max_length
        if any(len(item["text"] if isinstance(item, dict) else item) > limit for item in structure[key]):
            problems.append(
                _("A block given the section “%(section)s” is longer than %(max)s characters: split it.")
                % {"section": labels[section], "max": f"{limit:,}"}
            )
    return problems
