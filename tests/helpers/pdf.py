"""Reading PDFs back the way a reader would: text through poppler's pdftotext, fonts through pdffonts."""

import re
import subprocess
import tempfile
from pathlib import Path

PAGE_NUMBER_LINE = re.compile(r"^\s*(?:Page\s+\d+\s+of\s+\d+|\d+\s*/\s*\d+)\s*$")


def pdf_text(pdf: bytes) -> str:
    """The PDF's text in reading order, without the page-number footers."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", f.name, "-"], capture_output=True, check=True
        ).stdout.decode()
    return "\n".join(line for line in out.splitlines() if not PAGE_NUMBER_LINE.match(line))


def pdf_page_count(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(["pdfinfo", f.name], capture_output=True, check=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def letters_only(text: str) -> str:
    """Letters and digits, lower-cased: compares texts regardless of line breaks and punctuation."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


SOURCES_DIR = Path(__file__).resolve().parents[2] / "r2p_letters" / "letters" / "examples" / "sources"


def words_on_pages(pdf: bytes) -> list[tuple[int, float, float, str]]:
    """Every word as (page, x, y, text), through poppler's pdftotext -bbox; the page's width is page_width."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(
            ["pdftotext", "-bbox", "-enc", "UTF-8", f.name, "-"], capture_output=True, check=True
        ).stdout.decode()
    words, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        elif match := re.search(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', line):
            words.append((page, float(match[1]), float(match[2]), match[3]))
    return words


SEED_LETTERS = ["2010-kyrgyzstan-gcr2p", "2010-kyrgyzstan-icrtop", "2014-car-unsc-members"]


# Web-page furniture around the ICRtoP letter, not part of the letter (co-signing replaces it).
NOT_LETTER_TEXT = ("still updating the Open Letter with signatures", "To download a pdf of the Open Letter")


def source_fragments(slug: str) -> list[str]:
    """The source's blank-line separated fragments, markup removed, furniture left out."""
    text = (SOURCES_DIR / f"letter-{slug}.txt").read_text()
    text = re.sub(r"</?sup>", "", text)
    fragments = [f.strip() for f in re.split(r"\n\s*\n", text)]
    return [f for f in fragments if f and not any(skip in f for skip in NOT_LETTER_TEXT)]


# The sources write countries as their authors did; letters print the UN's short names (a place written
# as a whole, "Kampala, Uganda; New York, USA", prints as written).
UN_SHORT_NAMES = {
    "USA": "United States of America",
    "United Kingdom": "United Kingdom of Great Britain and Northern Ireland",
    "Tanzania": "United Republic of Tanzania",
}


def printed_fragments(slug: str) -> list[str]:
    """The source's fragments as the letter prints them: "(Washington, United States of America)"."""
    pattern = re.compile(r"\(([^;()]*), (" + "|".join(UN_SHORT_NAMES) + r")\)")
    return [pattern.sub(lambda m: f"({m[1]}, {UN_SHORT_NAMES[m[2]]})", f) for f in source_fragments(slug)]
