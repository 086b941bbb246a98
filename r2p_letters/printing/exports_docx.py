"""A letter as a Word document (DOCX) that says what the PDF says, in named styles one can restyle in Word.

The content comes from ``letter_context()``, the same plain data the PDF's template prints; the light
formatting (bold, italic, links, lists) is read back from the sanitized HTML of ``formatting.py``.
Legal-basis citations, and the letter's own footnotes that a sentence calls ("[^1]"), become real
Word footnotes where the PDF prints them at the page's foot (docx_xml.py writes the XML python-docx has
no API for); the footnotes nobody calls follow under "Notes" with their numbers, as in the PDF.
"""

from __future__ import annotations

import base64
import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

import docx
from django.utils import timezone, translation
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import InvalidImageStreamError, UnexpectedEndOfFileError, UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Mm, Pt, RGBColor
from PIL import Image, UnidentifiedImageError

from .context import letter_authors, letter_context
from .docx_xml import AFTER_BIDI, Footnotes, Numbering, style_rpr, text_element
from .layouts import Layout
from .pdf import letter_keywords
from .typography import typeset_context

logger = logging.getLogger(__name__)

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The language tags Word knows, for the letter languages.
WORD_LANGUAGES = {"ar": "ar-SA", "zh-hans": "zh-CN", "en": "en-GB", "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES"}
BODY_FONT = "Noto Serif"
# The link of a footnote call to its note: <sup class="note-ref"><a href="#note-3">3</a></sup> (rendering.py).
_NOTE_LINK = re.compile(r"#note-(\d+)")


# -- Reading the sanitized HTML back into runs -------------------------------------------------------


@dataclass
class Run:
    """Some text in one formatting; or, with ``note``, the call of the footnote numbered so (``text`` its number)."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""
    note: int = 0


@dataclass
class Block:
    """A paragraph (``list_kind`` "") or a list item ("ul" or "ol", ``list_id`` telling lists apart)."""

    runs: list[Run] = field(default_factory=list)
    list_kind: str = ""
    list_id: int = 0
    list_start: int = 1
    level: int = 0


class _HTMLBlocks(HTMLParser):
    """Reads the HTML of formatting.py (p, ul, ol, li, strong, em, a, br; nothing else survives nh3) and the
    footnote calls rendering.py adds to it, ``<sup class="note-ref"><a href="#note-3">3</a></sup>``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._bold = self._italic = 0
        self._href = ""
        self._lists: list[tuple[str, int, int]] = []  # (kind, id, start)
        self._lists_seen = 0
        self._current: Block | None = None
        self._call: int | None = None  # inside a footnote call: the number of the note it calls (0 until read)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._call is not None:  # the call's link to its note, never a link of the text
            link = _NOTE_LINK.fullmatch(attrs.get("href") or "") if tag == "a" else None
            self._call = int(link.group(1)) if link else self._call
        elif tag == "sup" and "note-ref" in (attrs.get("class") or "").split():
            self._call = 0
        elif tag == "p" and not self._lists:  # a <p> inside a list item stays in the item
            self._current = self._new_block()
        elif tag in ("ul", "ol"):
            self._lists_seen += 1
            start = attrs.get("start") or "1"
            self._lists.append((tag, self._lists_seen, int(start) if start.isdigit() else 1))
            self._current = None
        elif tag == "li":
            kind, list_id, start = self._lists[-1] if self._lists else ("ul", 0, 1)
            self._current = self._new_block(
                list_kind=kind, list_id=list_id, list_start=start, level=min(max(len(self._lists) - 1, 0), 8)
            )
        elif tag == "strong":
            self._bold += 1
        elif tag == "em":
            self._italic += 1
        elif tag == "a":
            self._href = attrs.get("href") or ""
        elif tag == "br":
            self.handle_data("\n", line_break=True)

    def handle_endtag(self, tag):
        if self._call is not None:
            if tag == "sup":
                if self._call:
                    self._append(Run(str(self._call), note=self._call))
                self._call = None
        elif tag == "li" or (tag == "p" and not self._lists):
            self._current = None
        elif tag in ("ul", "ol") and self._lists:
            self._lists.pop()
            self._current = None
        elif tag == "strong":
            self._bold = max(self._bold - 1, 0)
        elif tag == "em":
            self._italic = max(self._italic - 1, 0)
        elif tag == "a":
            self._href = ""

    def handle_data(self, data, *, line_break: bool = False):
        if self._call is not None:
            return  # the number a call shows: the call is one run, made at its </sup>
        if not line_break:
            data = data.replace("\n", " ")  # a newline in HTML text is a space; only <br> breaks the line
        if self._current is None and not data.strip():
            return  # whitespace between blocks
        self._append(Run(data, bool(self._bold), bool(self._italic), self._href))

    def _append(self, run: Run) -> None:
        if self._current is None:
            self._current = self._new_block()
        self._current.runs.append(run)

    def _new_block(self, **kwargs) -> Block:
        block = Block(**kwargs)
        self.blocks.append(block)
        return block


def html_blocks(html: str) -> list[Block]:
    parser = _HTMLBlocks()
    parser.feed(str(html))
    parser.close()
    return parser.blocks


def html_runs(html: str) -> list[Run]:
    return [run for block in html_blocks(html) for run in block.runs]


# -- Writing Word XML ---------------------------------------------------------------------------------


def _is_rtl_text(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


class _Writer:
    """One document being written: its numbering, footnotes and direction."""

    def __init__(self, context: dict):
        self.context = context
        self.rtl = context["letter"]["direction"] == "rtl"
        self.document = docx.Document()
        self.numbering = Numbering(self.document.part.numbering_part.element)
        self._footnotes: Footnotes | None = None
        self._decimal = self.numbering.abstract("decimal", "{level}.")
        self._bullet = self.numbering.abstract("bullet", "•")
        self._list_nums: dict[int, int] = {}
        # Every note a sentence may call (its footnotes, the instruments it cites) by number, for their calls;
        # the numbers of those a sentence called.
        self._own_notes = {note["number"]: note for note in context["footnotes"] + context["notes"]}
        self.called: set[int] = set()

    # Paragraphs and runs

    def paragraph(self, style: str, runs: list[Run] = (), *, num_id: int | None = None, level: int = 0):
        paragraph = self.document.add_paragraph(style=style)
        self._finish(paragraph._p, runs, self.document.part, num_id=num_id, level=level)
        return paragraph

    def _finish(self, p, runs, part, *, num_id=None, level=0):
        pPr = p.get_or_add_pPr()
        if num_id is not None:
            numPr = pPr.get_or_add_numPr()
            numPr.get_or_add_ilvl().val = level
            numPr.get_or_add_numId().val = num_id
        if self.rtl:
            pPr.insert_element_before(OxmlElement("w:bidi"), *AFTER_BIDI)
        for run in runs:
            self.add_run(p, run, part)

    def add_run(self, parent, run: Run, part, *, style: str = "") -> None:
        """Append ``run`` to ``parent`` (a w:p), inside a w:hyperlink when it links somewhere; a footnote
        call becomes the footnote, referenced right there."""
        if run.note in self._own_notes and part is self.document.part:  # Word has no footnote in a footnote
            if len(parent) and parent[-1].find(qn("w:footnoteReference")) is not None:
                self.add_run(parent, Run(","), part, style="Footnote Reference")  # calls side by side: "1,2"
            note = self._own_notes[run.note]
            self.footnote(parent, _note_runs(note) if note["kind"] == "legal" else html_runs(note["text"]), run.note)
            self.called.add(run.note)
            return
        if run.note:
            style = "Footnote Reference"
        if run.href:
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), part.relate_to(run.href, RT.HYPERLINK, is_external=True))
            parent.append(link)
            parent, style = link, style or "Hyperlink"
        parent.append(self._r(run, style=style))

    def _r(self, run: Run, *, style: str = ""):
        r = OxmlElement("w:r")
        rPr = style_rpr(self.document.styles[style].style_id) if style else OxmlElement("w:rPr")
        for flag, names in ((run.bold, ("w:b", "w:bCs")), (run.italic, ("w:i", "w:iCs"))):
            if flag:
                rPr.extend(OxmlElement(name) for name in names)
        if self.rtl and _is_rtl_text(run.text):
            rPr.append(OxmlElement("w:rtl"))
        if len(rPr):
            r.append(rPr)
        for i, line in enumerate(run.text.split("\n")):
            if i:
                r.append(OxmlElement("w:br"))
            if line:
                r.append(text_element(line))
        return r

    def blocks(self, html: str, style: str) -> None:
        """A paragraph of the letter: one Word paragraph, or one per list item (a real Word list)."""
        for block in html_blocks(html):
            if not block.list_kind:
                self.paragraph(style, block.runs)
                continue
            list_style = "List Number" if block.list_kind == "ol" else "List Bullet"
            self.paragraph(list_style, block.runs, num_id=self._list_num(block), level=block.level)

    # Numbering

    def list_numbering(self, start: int = 1, *, bullets: bool = False) -> int:
        """A new numbered list (1., 2., … from ``start``), or a bulleted one: its numId."""
        return self.numbering.instance(self._bullet if bullets else self._decimal, start)

    def _list_num(self, block: Block) -> int:
        if block.list_id not in self._list_nums:
            abstract = self._decimal if block.list_kind == "ol" else self._bullet
            self._list_nums[block.list_id] = self.numbering.instance(abstract, block.list_start)
        return self._list_nums[block.list_id]

    # Footnotes

    def footnote(self, parent, runs: list[Run], number: int) -> None:
        """A real Word footnote the PDF numbers ``number``: its reference appended to ``parent`` (a w:p), that
        is right after the runs written so far, its text (``runs``) at the page's foot."""
        if self._footnotes is None:
            styles = self.document.styles
            self._footnotes = Footnotes(
                self.document,
                text_style=styles["Footnote Text"].style_id,
                reference_style=styles["Footnote Reference"].style_id,
            )
        reference, p = self._footnotes.add(number)
        self._finish(p, runs, self._footnotes.part)
        parent.append(reference)

    def finish_footnotes(self) -> None:
        """Once the letter is written: its footnotes numbered as in the PDF (see docx_xml.Footnotes.number)."""
        if self._footnotes is not None:
            self._footnotes.number()


# -- Styles -------------------------------------------------------------------------------------------


def _paragraph_style(
    styles,
    name: str,
    *,
    base: str = "Normal",
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
    align=None,
    before: float = 0,
    after: float = 6,
    keep_next: bool = False,
):
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base] if base and base != name else None
    style.quick_style = True
    font = style.font
    if size:
        font.size = Pt(size)
    font.bold = font.cs_bold = bold or None
    font.italic = italic or None
    font.color.rgb = RGBColor(0x11, 0x11, 0x11)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if align is not None:
        fmt.alignment = align
    fmt.keep_with_next = keep_next or None
    return style


def _character_style(styles, name: str, *, superscript: bool = False, underline: bool = False, italic=False):
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.font.superscript = superscript or None
    style.font.underline = underline or None
    style.font.italic = italic or None
    return style


def _set_styles(document, language: str, rtl: bool) -> None:
    """The PDF's look (base.css): a serif at 11 pt, justified paragraphs, small notes; every part named."""
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rPr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rPr):
        if child.tag in (qn("w:rFonts"), qn("w:lang")):
            rPr.remove(child)
    complex_font = "Noto Naskh Arabic" if rtl else BODY_FONT
    rPr.insert(
        0,
        parse_xml(
            f'<w:rFonts {nsdecls("w")} w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}" '
            f'w:eastAsia="Noto Serif CJK SC" w:cs="{complex_font}"/>'
        ),
    )
    tag = WORD_LANGUAGES.get(language, language)
    rPr.append(
        parse_xml(
            f'<w:lang {nsdecls("w")} w:val="{tag}" w:eastAsia="{tag if tag.startswith("zh") else "zh-CN"}"'
            f' w:bidi="{tag if rtl else "ar-SA"}"/>'
        )
    )
    normal = styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.line_spacing = 1.2
    normal.paragraph_format.space_after = Pt(8)

    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    _paragraph_style(styles, "Letterhead", size=12, bold=True, after=2)
    _paragraph_style(styles, "Letterhead Text", size=9, after=14)
    _paragraph_style(styles, "Title", size=15, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6, keep_next=True)
    _paragraph_style(styles, "Issuer", size=11, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _paragraph_style(styles, "Date Line", align=WD_ALIGN_PARAGRAPH.CENTER, after=14)
    _paragraph_style(styles, "Addressee", after=14)
    _paragraph_style(styles, "Subject", after=12)
    _paragraph_style(styles, "Salutation", after=8)
    _paragraph_style(styles, "Body Text", align=justify, after=8)
    _paragraph_style(styles, "Ask", base="Body Text", align=justify, after=8)
    _paragraph_style(styles, "List Number", base="Body Text", after=3)
    _paragraph_style(styles, "List Bullet", base="Body Text", after=3)
    _paragraph_style(styles, "Valediction", before=14, after=8, keep_next=True)
    _paragraph_style(styles, "Signatory", size=10.5, after=3)
    _paragraph_style(styles, "Signatories Heading", size=11, bold=True, before=14, after=6, keep_next=True)
    _paragraph_style(styles, "Heading 2", size=9, bold=True, before=24, after=4, keep_next=True)
    _paragraph_style(styles, "Note", size=9, after=2)
    _paragraph_style(styles, "Footer", size=9, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph_style(styles, "Footnote Text", size=9, after=0)
    _character_style(styles, "Footnote Reference", superscript=True)
    _character_style(styles, "Hyperlink", underline=True)
    _character_style(styles, "By When", italic=True)
    for name in ("Heading 2", "Title"):
        styles[name].font.color.rgb = RGBColor(0x11, 0x11, 0x11)
        styles[name].font.name = BODY_FONT
    # The title has a border in Word's default template: the PDF's has none.
    title_pPr = styles["Title"].element.find(qn("w:pPr"))
    if title_pPr is not None and title_pPr.find(qn("w:pBdr")) is not None:
        title_pPr.remove(title_pPr.find(qn("w:pBdr")))


# -- The letter ---------------------------------------------------------------------------------------


def _logo(data_uri: str) -> bytes | None:
    """The logo letter_context() read from storage, as bytes (it comes as a data: URI, never fetched)."""
    if not data_uri.startswith("data:") or ";base64," not in data_uri:
        return None
    try:
        return base64.b64decode(data_uri.split(";base64,", 1)[1], validate=True)
    except ValueError:
        return None


LOGO_HEIGHT = Cm(2)


def _logo_size(logo: bytes, max_width: int) -> tuple[Emu, Emu]:
    """The logo's printed size: 2 cm high with its shape kept, no wider than the text.

    Given explicitly, from its pixels: python-docx would otherwise size it from the resolution the file claims,
    and a PNG claiming one pixel per metre makes it divide by zero.
    """
    with Image.open(io.BytesIO(logo)) as image:
        width_px, height_px = image.size
    width, height = round(LOGO_HEIGHT * width_px / height_px), LOGO_HEIGHT
    if width > max_width:
        width, height = max_width, max(1, round(max_width * height_px / width_px))
    return Emu(width), Emu(height)


def _letterhead(writer: _Writer, context: dict) -> None:
    """Each lead and co-lead organization's logo, name and letterhead text, as base.j2 prints them."""
    section = writer.document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for organization in context["letterhead"]:
        logo = _logo(organization["logo"])
        if logo:
            try:
                width, height = _logo_size(logo, text_width)
                writer.document.add_picture(io.BytesIO(logo), width=width, height=height)
                writer._finish(writer.document.paragraphs[-1]._p, [], writer.document.part)
            except (
                InvalidImageStreamError,
                UnexpectedEndOfFileError,
                UnrecognizedImageError,
                ValueError,
                UnidentifiedImageError,
                OSError,
            ):
                logger.warning("The logo of %s is not an image Word can show", organization["name"])
        writer.paragraph("Letterhead", [Run(organization["name"])])
        if organization["lines"]:
            writer.paragraph("Letterhead Text", [Run("\n".join(organization["lines"]))])


def _signatory(writer: _Writer, s: dict, *, late: bool = False) -> None:
    """One signatory's line, the same for all, as the PDF prints it (a late one with its date)."""
    runs = [Run(s["line"])]
    if late and s["date"]:
        runs.append(Run(writer.context["labels"]["comma"] + s["date"]))
    writer.paragraph("Signatory", runs)


def _note_runs(note: dict) -> list[Run]:
    """A legal-basis note as the PDF prints it: "S/RES/1674 (2006), para. 4: Title (28 April 2006)."."""
    return [Run(note["instrument"]["symbol"], href=note["instrument"]["url"]), Run(note["after_symbol"])]


def reference_line(reference: dict, labels: dict) -> str:
    """An entry of the references annex as base.j2 prints it: "S/RES/1674 (2006), Protection of civilians in armed
    conflict, 28 April 2006" (the date when the catalogue has one)."""
    return labels["comma"].join([reference["symbol"], reference["title"], *filter(None, [reference["date"]])])


def _footer(writer: _Writer, labels: dict) -> None:
    """ "Page 2 of 5" at the foot of each page, in the letter's language, as in the PDF."""
    section = writer.document.sections[0]
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    writer._finish(p._p, [], section.footer.part)
    for i, part in enumerate(re.split(r"(\{page\}|\{pages\})", labels["page_footer_words"])):
        if i % 2:  # a field Word fills in: this page's number, or the number of pages
            field = "PAGE" if part == "{page}" else "NUMPAGES"
            p._p.append(
                parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" {field} "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
            )
        elif part:
            p.add_run(part)


def print_context(letter, *, show_online: bool = True, audience: str = "public") -> dict:
    """What the letter prints, as its PDF gets it: letter_context() in its language, typeset for it."""
    with translation.override(letter.language):
        return typeset_context(letter_context(letter, show_online=show_online, audience=audience), letter.language)


def letter_docx(letter, *, show_online: bool = True, audience: str = "public") -> bytes:
    """The letter as a DOCX document, from the same data as its PDF (``show_online``, ``audience`` as for it)."""
    context = print_context(letter, show_online=show_online, audience=audience)
    with translation.override(letter.language):
        return _write(letter, context)


def _write(letter, context: dict) -> bytes:
    data, labels = context["letter"], context["labels"]
    writer = _Writer(context)
    document = writer.document
    _set_styles(document, data["language"], writer.rtl)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(24)
    section.left_margin = section.right_margin = Mm(22)
    if writer.rtl:
        section._sectPr.append(OxmlElement("w:bidi"))

    _letterhead(writer, context)
    # A formal letter (the letter to the foreign ministers, and house styles copied from it) dates first and puts
    # its title under the addressee, as a subject line; the open letter has a title with its issuer, then the date.
    # The layout is that of the template the PDF prints with.
    formal = letter.printed_template().layout == Layout.FORMAL_LETTER
    if not formal and data["headline"]:
        writer.paragraph("Title", [Run(data["headline"])])
        if data["issued_by"]:
            writer.paragraph("Issuer", [Run(data["issued_by"])])  # a byline, as the open letter prints it
    if data["place_and_date"]:
        date_line = writer.paragraph("Date Line", [Run(data["place_and_date"])])
        if formal and not writer.rtl:
            date_line.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # on the right, as the PDF has it
    if data["addressee_lines"]:
        writer.paragraph("Addressee", [Run("\n".join(data["addressee_lines"]))])
    if formal and data["headline"]:
        writer.paragraph("Title", [Run(data["headline"])])
    if data["subject"]:
        writer.paragraph("Subject", [Run(labels["subject"], bold=True), Run(labels["after_subject"] + data["subject"])])
    if data["salutation"]:
        writer.paragraph("Salutation", [Run(data["salutation"])])

    for html in data["opening"] + data["situation"]:
        writer.blocks(html, "Body Text")
    if data["asks"]:
        asks = writer.list_numbering(bullets=not data["asks_numbered"])
        for ask in data["asks"]:
            runs = html_runs(ask["text"])
            if ask["due"]:
                runs.append(Run(" "))
                runs.append(Run(f"({ask['due']})", italic=True))
            writer.paragraph("Ask", runs, num_id=asks)
    for html in data["closing"]:
        writer.blocks(html, "Body Text")
    if data["valediction"]:
        writer.paragraph("Valediction", [Run(data["valediction"])])

    if data["signatories_heading"]:
        writer.paragraph("Signatories Heading", [Run(data["signatories_heading"])])
    for s in context["signatory_list"]:
        _signatory(writer, s)
    for line in context["unnamed_signatories"]:
        writer.paragraph("Signatory", [Run(line)])
    listed = [note for note in context["footnotes"] if note["number"] not in writer.called]
    if listed:  # the footnotes no sentence calls, with their numbers: a new list where a called one is left out
        writer.paragraph("Heading 2", [Run(labels["notes"])])
        for i, note in enumerate(listed):
            if not i or note["number"] != listed[i - 1]["number"] + 1:
                numbered = writer.list_numbering(note["number"])
            writer.paragraph("Note", html_runs(note["text"]), num_id=numbered)
    if context["late_signatories"]:
        writer.paragraph("Heading 2", [Run(labels["late_signatories"])])
        for s in context["late_signatories"]:
            _signatory(writer, s, late=True)
    if context["references"]:  # the references annex, after the signatories, as the PDF prints it
        writer.paragraph("Heading 2", [Run(labels["references"])])
        bullets = writer.list_numbering(bullets=True)
        for reference in context["references"]:
            writer.paragraph("Note", [Run(reference_line(reference, labels))], num_id=bullets)
    _footer(writer, labels)
    writer.finish_footnotes()

    properties = document.core_properties
    properties.title = data["title"][:255]
    properties.author = ", ".join(letter_authors(letter))[:255]
    properties.subject = data["subject"][:255]
    properties.keywords = ", ".join(letter_keywords(letter))[:255]
    properties.language = WORD_LANGUAGES.get(data["language"], data["language"])
    properties.created = properties.modified = timezone.now().replace(microsecond=0, tzinfo=None)
    properties.last_modified_by = "R2P Letters"
    properties.comments = ""
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def letter_docx_filename(letter) -> str:
    return f"{letter.slug}.docx"
