"""Importing a draft: the three seed letters' sources read into sections and compared, section by section, with
their hand-structured versions (r2p_letters/letters/examples/letters/*.toml), and the time each import takes.

The comparison is the test's (tests/helpers/drafts.py): each hand-structured paragraph is matched with the
imported paragraph nearest in its letters, and counts as right when that one has its section (a legal-basis
paragraph counts as situation: citations are written inline); a signatory is right when its organization, city
and country are. Timed: reading the pasted text into blocks, sections and signatory rows (median of REPEAT), and
creating the draft from it (letters.services.letter_create_from_draft, on this database).

Run alone (`python bench/draft_import.py`, a throwaway SQLite database or BENCH_DATABASE_URL, writes its section
of docs/BENCHMARKS.md) or with `--json`.
"""

import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTION_TITLE = "## Importing a draft: the seed letters"
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))


def measure() -> dict:
    from django.contrib.auth import get_user_model

    from r2p_letters.letters.draft_import import draft_read, draft_source_from_text
    from r2p_letters.letters.models import LetterTemplate
    from r2p_letters.letters.services import letter_create_from_draft
    from r2p_letters.organizations.services import organization_create
    from tests.helpers.drafts import IMPORTED_BY, seed_comparison, seed_source_path
    from tests.helpers.pdf import SEED_LETTERS

    load_before = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    user = get_user_model().objects.create_user(email="bench-import@example.org", password="x" * 20)
    organization = organization_create(user=user, name=IMPORTED_BY, city="New York", country="US")
    template = LetterTemplate.objects.default()
    letters = []
    for slug in SEED_LETTERS:
        text = seed_source_path(slug).read_text()
        runs = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            structure = draft_read(draft_source_from_text(text), language="en", organization=IMPORTED_BY)
            runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        letter_create_from_draft(
            organization=organization, template=template, language="en", draft=structure, author=user
        )
        created = time.perf_counter() - start
        result = seed_comparison(slug, structure)
        letters.append(
            {
                "slug": slug,
                "lines": text.count("\n") + 1,
                "paragraphs": result.paragraphs,
                "right": result.right,
                "wrong": result.wrong,
                "signatories": result.signatories,
                "signatories_right": result.signatories_right,
                "read_ms": statistics.median(runs) * 1000,
                "create_ms": created * 1000,
            }
        )
        print(f"  {slug}: {result.right}/{result.paragraphs} paragraphs", file=sys.stderr, flush=True)
    refusals = bad_input_times()
    sys.path.insert(0, str(ROOT / "bench"))
    from run import machine

    info = machine()
    return {
        "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "machine": f"{info['cpu']}, {info['cores']} cores, {info['memory_gb']} GiB; Python {info['python']}, "
        f"Django {info['django']}",
        "load_before": load_before,
        "load_after": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
        "repeat": REPEAT,
        "letters": letters,
        "refusals": refusals,
    }


def bad_input_times() -> list[tuple[str, float, str]]:
    """How long each kind of bad input takes to be refused, and the message (the form's path, without HTTP)."""
    import io
    import zipfile

    from r2p_letters.letters.draft_import import DraftImportError, draft_source_read

    def zipped(size: int, *, lie: bool = False) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/document.xml", b"a" * size)
        raw = bytearray(out.getvalue())
        if lie:  # the central directory declares 1 KB uncompressed
            central = raw.rindex(b"PK\x01\x02")
            raw[central + 24 : central + 28] = (1000).to_bytes(4, "little")
        return bytes(raw)

    cases = [
        ("a 50 MB upload", "letter.docx", b"0" * 50_000_000),
        ("a zip bomb named .docx (200 MB inside)", "letter.docx", zipped(200_000_000)),
        ("a zip lying about its size (40 MB inside, 1 KB declared)", "letter.docx", zipped(40_000_000, lie=True)),
        ("a PDF named .docx", "letter.docx", b"%PDF-1.7 " * 10_000),
        ("a text of 100,000 lines", "letter.txt", b"Amnesty International (London, United Kingdom)\n" * 100_000),
        ("binary garbage named .txt (1 MB)", "letter.txt", bytes(range(1, 256)) * 4_000),
    ]
    times = []
    for name, filename, data in cases:
        start = time.perf_counter()
        try:
            draft_source_read(name=filename, data=data)
            message = "NOT REFUSED"
        except DraftImportError as error:
            message = str(error)
        times.append((name, time.perf_counter() - start, message))
    return times


def report_section(figures: dict) -> list[str]:
    letters = figures["letters"]
    right, total = sum(x["right"] for x in letters), sum(x["paragraphs"] for x in letters)
    signed, signatories = sum(x["signatories_right"] for x in letters), sum(x["signatories"] for x in letters)
    lines = [
        SECTION_TITLE,
        "",
        f"Measured on {figures['date']}. Machine: {figures['machine']}. Load average (1, 5, 15 min) "
        f"{figures['load_before']} before, {figures['load_after']} after.",
        "",
        "`bench/draft_import.py`: each seed letter's source (`examples/sources/`, pasted as it is) read into blocks, "
        "sections and signatory rows, and compared with its hand-structured version (`examples/letters/*.toml`). "
        f"Read: median of {figures['repeat']}; created: one `letter_create_from_draft`.",
        "",
        "| Letter | Source lines | Paragraphs in their section | Signatories with organization, city, country "
        "| Read (ms) | Created (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for x in letters:
        lines.append(
            f"| {x['slug']} | {x['lines']} | {x['right']} of {x['paragraphs']} | {x['signatories_right']} of "
            f"{x['signatories']} | {x['read_ms']:.1f} | {x['create_ms']:.1f} |"
        )
    lines += [
        "",
        f"All three: {right} of {total} paragraphs in their section ({right / total:.1%}; target 95 %), "
        f"{signed} of {signatories} signatories right (target: all).",
    ]
    for x in letters:
        for wrong in x["wrong"]:
            lines.append(f"- Not in its section ({x['slug']}): {wrong}…")
    lines += [
        "",
        "Bad input, refused before anything is created (`draft_source_read`, what the import form calls):",
        "",
        "| Input | Refused in (s) | Message |",
        "|---|---:|---|",
    ]
    lines += [f"| {name} | {seconds:.3f} | {message} |" for name, seconds, message in figures["refusals"]]
    return lines + [""]


def main() -> None:
    import pdf_export
    from standalone import run

    run(
        __doc__.split("\n\n")[0],
        "Importing the seed letters",
        measure,
        lambda figures: pdf_export.write_section(report_section(figures), SECTION_TITLE),
    )


if __name__ == "__main__":
    main()
