"""The seed letters' sources imported and compared, section by section, with their hand-structured versions."""

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from r2p_letters.letters.draft_import import draft_read, draft_source_from_text

from .pdf import SOURCES_DIR, letters_only

LETTERS_DIR = SOURCES_DIR.parent / "letters"
# The lead organization of each seed letter: a person signing it alone signs for it.
IMPORTED_BY = "Global Centre for the Responsibility to Protect"


@dataclass
class SeedComparison:
    slug: str
    paragraphs: int = 0
    right: int = 0
    wrong: list[str] = field(default_factory=list)
    signatories: int = 0
    signatories_right: int = 0
    wrong_signatories: list[str] = field(default_factory=list)


def hand_structured(slug: str) -> dict:
    return tomllib.loads((LETTERS_DIR / f"{slug}.toml").read_text())


def expected_paragraphs(letter: dict) -> list[tuple[str, str]]:
    """(section, text) of each paragraph of the hand-structured letter, in the importer's sections: a legal basis
    paragraph is part of the situation (citations are written inline in it)."""
    found = [(s, t) for s in ("opening", "situation", "closing") for t in letter.get(s, [])]
    found += [("situation", b["text"]) for b in letter.get("legal_basis", []) if b["text"]]
    found += [("ask", a["text"]) for a in letter.get("ask", [])]
    return found


def imported_paragraphs(structure: dict) -> list[tuple[str, str]]:
    return (
        [(p["section"], p["text"]) for p in structure["paragraphs"]]
        + [("ask", t) for t in structure["asks"]]
        + [("closing", t) for t in structure["closing"]]
    )


def seed_comparison(slug: str, structure: dict) -> SeedComparison:
    """How many of the letter's paragraphs the import put in their section (each matched with the imported
    paragraph nearest in its letters), and how many signatories it read with their organization, city and
    country."""
    letter = hand_structured(slug)
    result = SeedComparison(slug)
    imported = [(section, letters_only(text)) for section, text in imported_paragraphs(structure)]
    for section, text in expected_paragraphs(letter):
        wanted = letters_only(text)
        ratios = [difflib.SequenceMatcher(None, wanted, got, autojunk=False).quick_ratio() for _s, got in imported]
        best = max(range(len(imported)), key=ratios.__getitem__) if imported else None
        result.paragraphs += 1
        if best is not None and ratios[best] > 0.9 and imported[best][0] == section:
            result.right += 1
        else:
            result.wrong.append(f"{section}: {text[:60]}")
    rows = structure["signatories"]
    for i, expected in enumerate(letter.get("signatory", [])):
        result.signatories += 1
        got = rows[i] if i < len(rows) else {}
        same = all(got.get(key, "") == expected[key] for key in ("organization", "city", "country"))
        if same:
            result.signatories_right += 1
        else:
            result.wrong_signatories.append(f"{expected['organization']}: {got}")
    if len(rows) != len(letter.get("signatory", [])):
        result.wrong_signatories.append(f"{len(rows)} rows read, {len(letter.get('signatory', []))} expected")
    return result


def seed_import(slug: str) -> dict:
    source = hand_structured(slug)["source_file"]
    text = (SOURCES_DIR / source).read_text()
    return draft_read(draft_source_from_text(text), language="en", organization=IMPORTED_BY)


def seed_source_path(slug: str) -> Path:
    return SOURCES_DIR / hand_structured(slug)["source_file"]
