"""`make bench`: PDF render time and peak memory by signatory count, SQL queries per page, sign-on throughput,
email throughput, cold and cached PDF downloads, the delivery pack, letters in Arabic and Chinese.

Works on a throwaway SQLite database (or BENCH_DATABASE_URL) and writes docs/BENCHMARKS.md whole, every
section from this run's figures. Each PDF size is rendered in a fresh process so its peak memory is its own.
The other benchmarks run in their own processes too, each with its own PDF cache and worker pool:
bench/signon_throughput.py (gunicorn on PostgreSQL, its own database), bench/email_throughput.py (the email
worker on PostgreSQL, its own database, and a local SMTP server), bench/pdf_export.py,
bench/delivery_pack.py, bench/languages.py and bench/draft_import.py (on this database), bench/deployed.py
(nginx and gunicorn as deploy/ ships them, its own PostgreSQL database); each can also run alone and rewrite
just its section.
"""

import json
import os
import platform
import subprocess
import sys
import tempfile
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import delivery_pack
import deployed
import draft_import
import email_throughput
import languages
import page_weight
import pdf_export
import signatory_paste
import signon_throughput

ROOT = Path(__file__).resolve().parents[1]
SIZES = [20, 200, 1000, 5000]
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
QUERY_SIZES = [10, 1000]
SOURCE = ROOT / "r2p_letters/letters/examples/letters/2010-kyrgyzstan-icrtop.toml"


def setup_database(workdir: Path) -> dict:
    env = dict(os.environ)
    env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    env.setdefault("DJANGO_SETTINGS_MODULE", "r2p_letters.settings")
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ.update(env)
    return env


def padded_letter(slug: str, signatories: int):
    """The ICRtoP seed letter with its signatories repeated (and numbered) up to ``signatories``."""
    from r2p_letters.letters.models import Letter
    from r2p_letters.letters.services import letter_create_from_data

    Letter.objects.filter(slug=slug).delete()
    data = tomllib.loads(SOURCE.read_text())
    rows = data["signatory"]
    data["slug"] = slug
    data["signatory"] = [
        dict(rows[i % len(rows)], organization=f"{rows[i % len(rows)]['organization']} {i // len(rows) + 1}")
        for i in range(signatories)
    ]
    return letter_create_from_data(data=data)


def pdf_figures(env: dict) -> list[dict]:
    results = []
    for size in SIZES:
        padded_letter(f"bench-{size}", size)
        out = subprocess.run(
            [sys.executable, str(ROOT / "bench/pdf_render.py"), f"bench-{size}", str(REPEAT)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        figures["signatories"] = size
        results.append(figures)
        print(
            f"  {size:>5} signatories: PDF median {figures['pdf_median_s']:.2f} s, "
            f"peak {figures['peak_rss_mb']:.0f} MB",
            flush=True,
        )
    return results


def floor_figures(env: dict) -> dict[int, float]:
    floors = {}
    for size in (1000, 5000):
        out = subprocess.run(
            [sys.executable, str(ROOT / "bench/weasyprint_floor.py"), str(size), str(REPEAT)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        floors[size] = json.loads(out.stdout.strip().splitlines()[-1])["median_s"]
        print(f"  WeasyPrint alone, {size} plain lines: {floors[size]:.2f} s", flush=True)
    return floors


def query_figures() -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from r2p_letters.letters.models import Letter
    from r2p_letters.letters.sections import SECTIONS
    from r2p_letters.organizations.services import organization_create

    drafter = get_user_model().objects.create_user(email="bench@example.org", password="bench-password-42")
    organization = organization_create(user=drafter, name="Bench NGO")
    client = Client()
    client.force_login(drafter)
    rows = []
    for size in QUERY_SIZES:
        letter = padded_letter(f"bench-queries-{size}", size)
        pages = {
            "library /letters/": reverse("letters:library"),
            "letter page /letters/<slug>/": letter.get_absolute_url(),
            "printed letter /letters/<slug>/document/": reverse("letters:document", args=[letter.slug]),
            "PDF /letters/<slug>/pdf/": reverse("letters:pdf", args=[letter.slug]),
        }
        draft = padded_letter(f"bench-draft-{size}", size)
        Letter.objects.filter(pk=draft.pk).update(status=Letter.Status.DRAFT, lead_organization=organization)
        pages["composer /letters/<slug>/edit/"] = reverse("letters:compose", args=[draft.slug])
        for name in SECTIONS:
            pages[f"composer section {name}"] = reverse("letters:compose_section", args=[draft.slug, name])
        pages["history /letters/<slug>/history/"] = reverse("letters:history", args=[draft.slug])
        for name, url in pages.items():
            client.get(url)  # warm caches (content types, templates)
            with CaptureQueriesContext(connection) as captured:
                status = client.get(url).status_code
            rows.append({"page": name, "signatories": size, "queries": len(captured), "status": status})
    return rows


def signon_figures(env: dict) -> dict | str:
    """The sign-on throughput figures, or why they could not be measured (no PostgreSQL or Redis here)."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench/signon_throughput.py"), "--json"], env=env, stdout=subprocess.PIPE, text=True
    )
    if out.returncode != 0:
        return (
            f"not measured: bench/signon_throughput.py failed (exit {out.returncode}); it needs PostgreSQL "
            f"(BENCH_POSTGRES_URL) and Redis on 127.0.0.1."
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_figures(env: dict, script: str) -> dict | str:
    """The figures bench/<script> prints with --json (its progress goes to stderr), or why it failed."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--json"], env=env, stdout=subprocess.PIPE, text=True
    )
    if out.returncode != 0:
        return f"not measured: bench/{script} failed (exit {out.returncode})."
    return json.loads(out.stdout.strip().splitlines()[-1])


def pdf_export_figures(env: dict) -> dict | str:
    """Cold and cached PDF downloads and the worker's cost (bench/pdf_export.py), or why they were not measured."""
    return bench_figures(env, "pdf_export.py")


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = int(
        next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    )
    import django
    import weasyprint

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024),
        "python": platform.python_version(),
        "django": django.get_version(),
        "weasyprint": weasyprint.__version__,
    }


def write_report(
    pdf: list[dict],
    floors: dict[int, float],
    queries: list[dict],
    info: dict,
    database: str,
    signon: dict | str,
    export: dict | str = "not measured.",
    pack: dict | str = "not measured.",
    scripts: dict | str = "not measured.",
    mail: dict | str = "not measured.",
    as_deployed: dict | str = "not measured.",
    imports: dict | str = "not measured.",
    paste: dict | str = "not measured.",
    weight: dict | str = "not measured.",
) -> Path:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. "
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GiB; Python {info['python']}, "
        f"Django {info['django']}, WeasyPrint {info['weasyprint']}; database: {database}.",
        "",
        "## PDF of a seed letter padded with signatories",
        "",
        f"The 2010 ICRtoP Kyrgyzstan letter, its 20 signatories repeated up to N; built-in template "
        f'"Open letter to the Security Council"; median of {REPEAT} renders in one fresh process per size. '
        "Peak memory is the whole process's peak resident set (Django loaded: the baseline column).",
        "",
        "| Signatories | Pages | PDF median (s) | all runs (s) | HTML render median (s) | Peak RSS (MB) "
        "| Baseline RSS (MB) | PDF size (KB) |",
        "|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for row in pdf:
        runs = ", ".join(f"{s:.2f}" for s in row["pdf_all_s"])
        lines.append(
            f"| {row['signatories']:,} | {row['pages']} | {row['pdf_median_s']:.2f} | {runs} | "
            f"{row['html_median_s']:.3f} | {row['peak_rss_mb']:.0f} | {row['baseline_rss_mb']:.0f} | "
            f"{row['pdf_bytes'] / 1024:.0f} |"
        )
    by_size = {row["signatories"]: row for row in pdf}
    lines += [
        "",
        "Targets (issue 2): 1,000 signatories under 1 s; 5,000 under 5 s and under 400 MB.",
        f"- 1,000: {by_size[1000]['pdf_median_s']:.2f} s, {'met' if by_size[1000]['pdf_median_s'] < 1 else 'NOT met'}.",
        f"- 5,000: {by_size[5000]['pdf_median_s']:.2f} s, "
        f"{'met' if by_size[5000]['pdf_median_s'] < 5 else 'NOT met'}; "
        f"{by_size[5000]['peak_rss_mb']:.0f} MB, {'met' if by_size[5000]['peak_rss_mb'] < 400 else 'NOT met'}.",
        "",
        "Reference: WeasyPrint alone (bench/weasyprint_floor.py) on the plainest document of N one-line "
        "paragraphs, no Django and no template, same fonts and page size: "
        + "; ".join(f"{n:,} lines {s:.2f} s" for n, s in floors.items())
        + ". The gap between a letter and this floor is what our template and data cost.",
        "",
        "## SQL queries per page",
        "",
        "One request each by a logged-in editor of the letter's organization (the public pages for a public "
        "letter, the composer for a draft of the same size), after a warm-up request; counted with Django's "
        "CaptureQueriesContext.",
        "",
        "| Page | " + " | ".join(f"{n:,} signatories" for n in QUERY_SIZES) + " |",
        "|---|" + "---:|" * len(QUERY_SIZES),
    ]
    for page in dict.fromkeys(row["page"] for row in queries):
        counts = [
            next(r["queries"] for r in queries if r["page"] == page and r["signatories"] == n) for n in QUERY_SIZES
        ]
        lines.append(f"| {page} | " + " | ".join(str(c) for c in counts) + " |")
    constant = all(
        len({r["queries"] for r in queries if r["page"] == page}) == 1 for page in {r["page"] for r in queries}
    )
    lines += ["", f"Constant as the letter grows: {'yes' if constant else 'NO'}.", ""]
    if isinstance(signon, dict):
        lines += signon_throughput.report_section(signon)
    else:
        lines += [signon_throughput.SECTION_TITLE, "", signon[0].upper() + signon[1:], ""]
    if isinstance(mail, dict):
        lines += email_throughput.report_section(mail)
    else:
        lines += [email_throughput.SECTION_TITLE, "", mail[0].upper() + mail[1:], ""]
    if isinstance(export, dict):
        lines += pdf_export.report_section(export)
    else:
        lines += [pdf_export.SECTION_TITLE, "", export[0].upper() + export[1:], ""]
    lines += delivery_pack.report_section(pack) if isinstance(pack, dict) else delivery_pack.not_measured(pack)
    lines += languages.report_section(scripts) if isinstance(scripts, dict) else languages.not_measured(scripts)
    lines += signatory_paste.report_section(paste) if isinstance(paste, dict) else signatory_paste.not_measured(paste)
    lines += page_weight.report_section(weight) if isinstance(weight, dict) else page_weight.not_measured(weight)
    lines += (
        deployed.report_section(as_deployed)
        if isinstance(as_deployed, dict)
        else [deployed.SECTION_TITLE, "", as_deployed[0].upper() + as_deployed[1:], ""]
    )
    lines += (
        draft_import.report_section(imports)
        if isinstance(imports, dict)
        else [draft_import.SECTION_TITLE, "", imports[0].upper() + imports[1:], ""]
    )
    out = ROOT / "docs" / "BENCHMARKS.md"
    out.write_text("\n".join(lines))
    return out


def main():
    with tempfile.TemporaryDirectory() as tmp:
        env = setup_database(Path(tmp))
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("load_examples", verbosity=0)
        print("PDF render time and memory:", flush=True)
        pdf = pdf_figures(env)
        floors = floor_figures(env)
        print("SQL queries per page:", flush=True)
        queries = query_figures()
        for row in queries:
            print(f"  {row['page']}, {row['signatories']} signatories: {row['queries']} queries")
        print("Sign-on throughput (gunicorn, PostgreSQL):", flush=True)
        signon = signon_figures(env)
        mail = bench_figures(env, "email_throughput.py")  # prints its own heading and progress
        print("PDF export, cold and cached:", flush=True)
        export = pdf_export_figures(env)
        pack = bench_figures(env, "delivery_pack.py")  # each prints its own heading and progress
        scripts = bench_figures(env, "languages.py")
        paste = bench_figures(env, "signatory_paste.py")
        weight = bench_figures(env, "page_weight.py")  # Chromium on slow 3G, static files before and after
        as_deployed = bench_figures(env, "deployed.py")  # nginx and gunicorn as deploy/ ships them
        print("Importing the seed letters:", flush=True)
        imports = bench_figures(env, "draft_import.py")
        database = "PostgreSQL" if "postgres" in env["DATABASE_URL"] else "SQLite"
        out = write_report(
            pdf,
            floors,
            queries,
            machine(),
            database,
            signon,
            export,
            pack,
            scripts,
            mail,
            as_deployed,
            imports,
            paste,
            weight,
        )
        print(f"Wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
