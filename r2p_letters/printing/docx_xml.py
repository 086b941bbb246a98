"""The Word XML python-docx has no API for, as exports_docx.py writes it: list numbering and footnotes.

Word numbers its footnotes itself, in the order their references appear; ``letter_context()`` numbers the
notes in reading order too, so Word's own numbering gives the PDF's numbers. Only when it would not (one
footnote called twice: two Word footnotes, one note in the PDF) does ``Footnotes.number()`` write each
footnote's number as its mark (a "custom mark"), so that a reader sees the PDF's numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

# pPr children that come after w:bidi in the schema's order.
AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def style_rpr(style_id: str):
    """A w:rPr giving a run the character style ``style_id``."""
    rPr = OxmlElement("w:rPr")
    rStyle = OxmlElement("w:rStyle")
    rStyle.set(qn("w:val"), style_id)
    rPr.append(rStyle)
    return rPr


def text_element(text: str):
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    return t


# -- Numbering ----------------------------------------------------------------------------------------


class Numbering:
    """The numbering part of a document: abstract numberings (how a list counts) and their instances."""

    def __init__(self, element):
        self.element = element

    def abstract(self, kind: str, text: str) -> int:
        """A new abstract numbering of 9 levels: ``kind`` "decimal" or "bullet", ``text`` as "{level}." or "•"."""
        ids = [int(a.get(qn("w:abstractNumId"))) for a in self.element.findall(qn("w:abstractNum"))]
        abstract_id = max(ids, default=-1) + 1
        levels = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{kind}"/>'
            f'<w:lvlText w:val="{text.format(level="%" + str(i + 1))}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{360 * (i + 1) + 360}" w:hanging="360"/></w:pPr></w:lvl>'
            for i in range(9)
        )
        element = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>'
        )
        first_num = self.element.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(element)  # every abstractNum comes before the nums
        else:
            self.element.append(element)
        return abstract_id

    def instance(self, abstract_id: int, start: int = 1) -> int:
        """A new list (numbered from ``start``) of an abstract numbering: its numId."""
        num = self.element.add_num(abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return num.numId


# -- Footnotes ----------------------------------------------------------------------------------------

_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"/>'
    "</w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
)


@dataclass
class _Footnote:
    number: int  # as the PDF prints it
    reference: object  # the w:r of the w:footnoteReference, in the text
    mark: object  # the w:r of the w:footnoteRef, at the start of the note


class Footnotes:
    """The footnotes part of a document (made with the first footnote) and the footnotes written into it."""

    def __init__(self, document, *, text_style: str, reference_style: str):
        self.document = document
        self.text_style, self.reference_style = text_style, reference_style  # style ids
        self.part = None
        self.written: list[_Footnote] = []

    def add(self, number: int):
        """A new footnote the PDF numbers ``number``: (the w:r referencing it, the w:p of its text).

        The w:p holds its mark and a space: the caller adds the note's runs to it and puts the reference
        where the note is called, in the order the text reads.
        """
        part = self._part()
        footnote_id = len(self.written) + 1
        note = parse_xml(f'<w:footnote {nsdecls("w")} w:id="{footnote_id}"/>')
        p = OxmlElement("w:p")
        note.append(p)
        p.get_or_add_pPr().style = self.text_style
        mark = OxmlElement("w:r")
        mark.append(style_rpr(self.reference_style))
        mark.append(OxmlElement("w:footnoteRef"))
        p.append(mark)
        space = OxmlElement("w:r")
        space.append(text_element(" "))
        p.append(space)
        part.element.append(note)
        reference = OxmlElement("w:r")
        reference.append(style_rpr(self.reference_style))
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(footnote_id))
        reference.append(ref)
        self.written.append(_Footnote(number, reference, mark))
        return reference, p

    def number(self) -> None:
        """Once every footnote is written: the PDF's numbers, Word's own if it counts them so (1, 2, 3, …
        in the order of the text), else as custom marks (a footnote called before the legal-basis notes,
        or footnotes called out of their order)."""
        if [note.number for note in self.written] == list(range(1, len(self.written) + 1)):
            return
        for note in self.written:
            ref = note.reference.find(qn("w:footnoteReference"))
            ref.set(qn("w:customMarkFollows"), "1")
            note.reference.append(text_element(str(note.number)))
            note.mark.remove(note.mark.find(qn("w:footnoteRef")))
            note.mark.append(text_element(str(note.number)))

    def _part(self):
        if self.part is None:
            element = parse_xml(f"<w:footnotes {nsdecls('w', 'r')}>{_SEPARATORS}</w:footnotes>")
            main = self.document.part
            self.part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, element, main.package)
            main.relate_to(self.part, RT.FOOTNOTES)
            settings = self.document.settings.element
            footnote_pr = parse_xml(
                f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
            )
            compat = settings.find(qn("w:compat"))
            compat.addprevious(footnote_pr) if compat is not None else settings.append(footnote_pr)
        return self.part
