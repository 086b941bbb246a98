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
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", f.name, "-"], capture_output=True,
                             check=True).stdout.decode()
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


SOURCES_DIR = Path(__file__).resolve().parents[1] / "r2p_letters" / "letters" / "examples" / "sources"
