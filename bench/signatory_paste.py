"""Pasted signatory lists: reading 1,000 pasted rows, their preview and their add through the composer's views,
the same for 1,000 late signatures, and how fast a 20,000-row paste is refused.

Each request goes through Django's test client (DEBUG off) as a logged-in drafter, on a new letter each run.
Run alone (`python bench/signatory_paste.py`, a throwaway SQLite database or BENCH_DATABASE_URL, writes its
section of docs/BENCHMARKS.md) or by bench/run.py (`--json`, on run.py's database).
"""

import os
import re
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECTION_TITLE = "## Pasted signatory lists"
ROWS = 1000
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
CITIES = ["Seoul", "Busan", "Nairobi", "Bangui", "Geneva", "New York"]
COUNTRIES = ["South Korea", "Republic of Korea", "Kenya", "Central African Republic", "Suisse", "USA"]


def pasted_list(rows: int, *, emails: bool = False) -> str:
    """``rows`` lines in the forms real lists use: brackets, commas, tab-separated columns are not mixed in."""
    lines = []
    for n in range(rows):
        city, country = CITIES[n % len(CITIES)], COUNTRIES[n % len(COUNTRIES)]
        line = [f"Civil Society Network {n} ({city}, {country})", f"Human Rights League {n}, {city}, {country}"][n % 2]
        if emails:
            line = f"Jane Doe, Director, {line} signer-{n}@example.org"
        lines.append(line)
    return "\n".join(lines)


def _digest_fields(body: str) -> dict:
    import html

    text = re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', body, re.S).group(1)
    fields = {"text": html.unescape(text).removeprefix("\n")}
    for name in ("previewed", "base_edit", "signed_on"):
        if found := re.search(rf'name="{name}" value="([^"]+)"', body):
            fields[name] = found.group(1)
    return fields


def _timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def measure() -> dict:
    import pdf_export
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone
    from run import machine

    from r2p_letters.letters.models import Letter, LetterTemplate
    from r2p_letters.letters.services import letter_create
    from r2p_letters.letters.signatory_text import signatory_rows_parse
    from r2p_letters.organizations.services import organization_create
    from r2p_letters.signatures.services import SignOnRules, letter_open_for_signatures, sign_on_close

    user = get_user_model().objects.create_user(email="bench-paste@example.org", password="bench-pass-1234")
    organization = organization_create(user=user, name="Bench Paste Coalition", city="Geneva", country="CH")
    template = LetterTemplate.objects.get(slug="open-letter-security-council")
    client = Client()
    client.force_login(user)
    text = pasted_list(ROWS)
    load_before = pdf_export.load_average()
    parse, preview, add, late_preview, late_add = [], [], [], [], []
    for run in range(REPEAT):
        parse.append(_timed(lambda: signatory_rows_parse(text))[0])
        letter = letter_create(
            organization=organization, template=template, title=f"Bench paste {run}", language="en", author=user
        )
        url = reverse("letters:signatories_paste", args=[letter.slug])
        ms, page = _timed(lambda url=url: client.post(url, {"text": text, "action": "preview"}))
        assert page.status_code == 200 and f"Add the {ROWS} signatories" in page.content.decode(), page.status_code
        preview.append(ms)
        fields = _digest_fields(page.content.decode())
        ms, added = _timed(lambda url=url, fields=fields: client.post(url, {**fields, "action": "add"}))
        assert added.status_code == 302 and letter.signatories.count() == ROWS, added.status_code
        add.append(ms)

        late = letter_create(
            organization=organization, template=template, title=f"Bench late {run}", language="en", author=user
        )
        Letter.objects.filter(pk=late.pk).update(status=Letter.Status.READY)
        rules = SignOnRules(
            deadline=timezone.now() + timedelta(days=7),
            time_zone="UTC",
            signers="both",
            moderated=False,
            list_public=True,
        )
        sign_on = letter_open_for_signatures(letter=Letter.objects.get(pk=late.pk), rules=rules, user=user)
        sign_on_close(sign_on=sign_on)
        url = reverse("signatures:late_paste", args=[late.slug])
        late_text = pasted_list(ROWS, emails=True)
        ms, page = _timed(
            lambda url=url, t=late_text: client.post(url, {"text": t, "signed_on": "2026-01-15", "action": "preview"})
        )
        assert page.status_code == 200 and f"Add the {ROWS} signatories" in page.content.decode(), page.status_code
        late_preview.append(ms)
        fields = _digest_fields(page.content.decode())
        ms, added = _timed(lambda url=url, fields=fields: client.post(url, {**fields, "action": "add"}))
        assert added.status_code == 302 and sign_on.signatures.count() == ROWS, added.status_code
        late_add.append(ms)
        print(
            f"  run {run + 1}: parse {parse[-1]:.0f} ms, preview {preview[-1]:.0f} ms, add {add[-1]:.0f} ms; "
            f"late preview {late_preview[-1]:.0f} ms, late add {late_add[-1]:.0f} ms",
            file=sys.stderr,
            flush=True,
        )
    refused_ms, page = _timed(
        lambda: client.post(url, {"text": pasted_list(20_000), "signed_on": "2026-01-15", "action": "preview"})
    )
    assert page.status_code == 422, page.status_code
    info = machine()
    return {
        "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "machine": f"{info['cpu']}, {info['cores']} cores, {info['memory_gb']} GiB; Python {info['python']}, "
        f"Django {info['django']}",
        "database": "PostgreSQL" if "postgres" in os.environ.get("DATABASE_URL", "") else "SQLite",
        "load_before": load_before,
        "load_after": pdf_export.load_average(),
        "rows": ROWS,
        "runs": REPEAT,
        "parse_ms": parse,
        "preview_ms": preview,
        "add_ms": add,
        "late_preview_ms": late_preview,
        "late_add_ms": late_add,
        "refused_20000_ms": refused_ms,
    }


def report_section(figures: dict) -> list[str]:
    """The "Pasted signatory lists" section of docs/BENCHMARKS.md."""

    def cell(values: list[float]) -> str:
        return f"{statistics.median(values):.0f} | {max(values):.0f}"

    rows = figures["rows"]
    return [
        SECTION_TITLE,
        "",
        f"Measured on {figures['date']}. Machine: {figures['machine']}; {figures['database']}. Load average "
        f"(1, 5, 15 min) {figures['load_before']} before, {figures['load_after']} after.",
        "",
        f"`bench/signatory_paste.py`: {rows} pasted lines (“Organization (City, Country)” and “Organization, City, "
        "Country”, the countries written in English, French and as short forms), on a new letter each run "
        f"(median and slowest of {figures['runs']} runs). Reading is `signatory_rows_parse` alone; the preview and "
        "the add are the composer's paste page through Django's test client as a logged-in drafter (the preview "
        "reads, checks each row with the signatory form and looks for duplicates; the add reads and checks again, "
        "then saves the rows in one transaction as one revision). Late signatures: the same list with a signer "
        "and an email on each line, on a closed sign-on.",
        "",
        "| Step | Median (ms) | Slowest (ms) |",
        "|---|---:|---:|",
        f"| Read {rows} pasted rows | {cell(figures['parse_ms'])} |",
        f"| Preview {rows} rows (page) | {cell(figures['preview_ms'])} |",
        f"| Add {rows} rows (one click) | {cell(figures['add_ms'])} |",
        f"| Preview {rows} late signatures | {cell(figures['late_preview_ms'])} |",
        f"| Add {rows} late signatures | {cell(figures['late_add_ms'])} |",
        f"| Refuse a 20,000-row paste | {figures['refused_20000_ms']:.0f} | — |",
        "",
        f"Parsing and adding {rows} pasted rows (preview, then add): "
        f"{statistics.median(figures['preview_ms']) + statistics.median(figures['add_ms']):.0f} ms.",
        "",
        "Reading is a small part: most of the preview and of the add is the signatory form checking each row, and "
        "in it the country, compared with the 250 translated choices by the form's field and again by the "
        "model's. A late signature is saved one by one (`signature_add_late`, its duplicate check and its "
        "printed line each time), hence the slower add.",
        "",
    ]


def not_measured(message: str) -> list[str]:
    return [SECTION_TITLE, "", message[0].upper() + message[1:], ""]


def main() -> None:
    import pdf_export
    from standalone import run

    run(
        __doc__.split("\n\n")[0],
        "Pasted signatory lists",
        measure,
        lambda figures: pdf_export.write_section(report_section(figures), SECTION_TITLE),
    )


if __name__ == "__main__":
    main()
