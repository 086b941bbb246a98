"""PDF export: a cold download (render in the bounded worker) against a cached one, by signatory count, and
what the worker costs (a persistent pool against a process forked per render).

Run alone (`python bench/pdf_export.py`, a throwaway SQLite database, writes its section of
docs/BENCHMARKS.md) or by bench/run.py (`--json`, on run.py's database).
Every figure is the whole view through Django's test client with DEBUG off: permission check, cache key,
then the cached file, or the HTML render and the layout in the worker.
"""

import multiprocessing
import os
import re
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = [20, 1000, 5000]
COLD_RUNS = int(os.environ.get("BENCH_PDF_COLD_RUNS", "3"))
CACHED_RUNS = 30
OVERHEAD_RUNS = 10
TARGET_CACHED_MS = 20
SECTION_TITLE = "## PDF export: cache and worker"


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def download_figures(size: int) -> dict:
    """Cold and cached downloads of the seed letter padded to ``size`` signatories."""
    from run import padded_letter

    return {"signatories": size, **letter_download_figures(padded_letter(f"bench-pdf-{size}", size))}


def letter_download_figures(letter, *, cold_runs: int = COLD_RUNS, cached_runs: int = CACHED_RUNS) -> dict:
    """Cold and cached downloads of a published ``letter``'s PDF through its view (bench/languages.py too)."""
    import shutil

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from r2p_letters.printing import pdf_cache

    url = reverse("letters:pdf", args=[letter.slug])
    client = Client()
    cold, cached, not_modified = [], [], []
    for _ in range(cold_runs):
        shutil.rmtree(settings.PDF_CACHE_DIR, ignore_errors=True)
        renders = pdf_cache.renders
        started = time.perf_counter()
        response = client.get(url)
        cold.append(time.perf_counter() - started)
        assert response.status_code == 200 and pdf_cache.renders == renders + 1, response.status_code
    etag = response["ETag"]
    renders = pdf_cache.renders
    for _ in range(cached_runs):
        started = time.perf_counter()
        response = client.get(url)
        cached.append(time.perf_counter() - started)
        assert response.status_code == 200 and response["X-PDF-Cache"] == "hit"
        started = time.perf_counter()
        response = client.get(url, headers={"If-None-Match": etag})
        not_modified.append(time.perf_counter() - started)
        assert response.status_code == 304
    assert pdf_cache.renders == renders, "a cached download rendered"
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {
        "cold_median_ms": median_ms(cold),
        "cold_all_ms": [s * 1000 for s in cold],
        "cached_median_ms": median_ms(cached),
        "cached_max_ms": max(cached) * 1000,
        "not_modified_median_ms": median_ms(not_modified),
        "cached_queries": len(queries),
        "pdf_kb": len(client.get(url).content) / 1024,
    }


# -- what the worker costs ----------------------------------------------------------------------------


def _forked_layout(connection, html: str, options: dict) -> None:
    from r2p_letters.printing.pdf import html_to_pdf

    connection.send_bytes(html_to_pdf(html, **options))
    connection.close()


def _fork_per_render(html: str, options: dict) -> bytes:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_forked_layout, args=(sender, html, options))
    process.start()
    sender.close()
    pdf = receiver.recv_bytes()
    process.join()
    return pdf


def overhead_figures() -> dict:
    """The 20-signatory letter laid out in this process, in the pool (r2p_letters.printing.pdf_worker) and in a
    process forked from this one per render (the alternative)."""
    from django.conf import settings

    from r2p_letters.letters.models import Letter
    from r2p_letters.printing import pdf_worker
    from r2p_letters.printing.pdf import html_to_pdf, letter_pdf_job, render_pdf
    from r2p_letters.printing.sandbox import run_template_job

    letter = Letter.objects.with_everything().get(slug="bench-pdf-20")
    job = letter_pdf_job(letter)
    html, options = run_template_job(job.template), job.layout

    def timed(render) -> list[float]:
        render()  # warm
        samples = []
        for _ in range(OVERHEAD_RUNS):
            started = time.perf_counter()
            render()
            samples.append(time.perf_counter() - started)
        return samples

    pdf_worker.shutdown()
    started = time.perf_counter()
    render_pdf("<p>start</p>", title="start", language="en")
    pool_start = time.perf_counter() - started
    figures = {
        "in_process_ms": median_ms(timed(lambda: html_to_pdf(html, **options))),
        "pool_ms": median_ms(timed(lambda: render_pdf(html, **options))),
        "fork_ms": median_ms(timed(lambda: _fork_per_render(html, options))),
        "pool_start_s": pool_start,
        "workers": settings.PDF_RENDER_WORKERS,
    }
    # A pool of plain ProcessPoolExecutor workers without our limits, for what the limits themselves cost.
    with ProcessPoolExecutor(
        1,
        mp_context=multiprocessing.get_context("forkserver"),
        initializer=pdf_worker.start_worker,
        initargs=(1 << 40,),
    ) as pool:
        figures["unbounded_pool_ms"] = median_ms(timed(lambda: pool.submit(html_to_pdf, html, **options).result()))
    return figures


# -- the report ---------------------------------------------------------------------------------------


def measure() -> dict:
    sys.path.insert(0, str(ROOT / "bench"))
    from run import machine

    from r2p_letters.printing.pdf import render_pdf

    render_pdf("<p>start</p>", title="start", language="en")  # the pool starts before the figures
    before = load_average()
    downloads = [download_figures(size) for size in SIZES]
    for row in downloads:
        print(
            f"  {row['signatories']:>5} signatories: cold {row['cold_median_ms']:.0f} ms, cached "
            f"{row['cached_median_ms']:.1f} ms, 304 {row['not_modified_median_ms']:.1f} ms",
            file=sys.stderr,
            flush=True,
        )
    overhead = overhead_figures()
    print(
        f"  layout of 20 signatories: in process {overhead['in_process_ms']:.0f} ms, pool "
        f"{overhead['pool_ms']:.0f} ms, fork per render {overhead['fork_ms']:.0f} ms",
        file=sys.stderr,
        flush=True,
    )
    info = machine()
    return {
        "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "downloads": downloads,
        "overhead": overhead,
        "machine": f"{info['cpu']}, {info['cores']} cores, {info['memory_gb']} GiB; Python {info['python']}, "
        f"Django {info['django']}, WeasyPrint {info['weasyprint']}",
        "load_before": before,
        "load_after": load_average(),
        "cold_runs": COLD_RUNS,
        "cached_runs": CACHED_RUNS,
    }


def report_section(figures: dict) -> list[str]:
    """The "PDF export: cache and worker" section of docs/BENCHMARKS.md."""
    overhead = figures["overhead"]
    busiest = max(float(figures["load_before"].split()[0]), float(figures["load_after"].split()[0]))
    verdict = (
        f"the 1-minute load stayed under the {os.cpu_count()} cores: a quiet machine"
        if busiest < os.cpu_count()
        else "above the core count: other processes shared the machine and the times exceed the app's own"
    )
    lines = [
        SECTION_TITLE,
        "",
        f"Measured on {figures['date']}. Machine: {figures['machine']}. Load average (1, 5, 15 min) "
        f"{figures['load_before']} before, {figures['load_after']} after; {verdict}.",
        "",
        "`bench/pdf_export.py`: the ICRtoP seed letter padded to N signatories, downloaded through Django's test "
        "client with DEBUG off (the whole view: permission check, cache key, file or render). Cold: the cache "
        f"emptied before each download, the worker pool already started (median of {figures['cold_runs']}). "
        f"Cached: the same download again (median of {figures['cached_runs']}); 304: the browser sends the "
        "ETag it has.",
        "",
        "| Signatories | Cold (ms) | all cold runs (ms) | Cached (ms) | Cached, slowest (ms) | 304 (ms) "
        "| SQL queries, cached | PDF (KB) |",
        "|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in figures["downloads"]:
        runs = ", ".join(f"{s:.0f}" for s in row["cold_all_ms"])
        lines.append(
            f"| {row['signatories']:,} | {row['cold_median_ms']:.0f} | {runs} | {row['cached_median_ms']:.1f} "
            f"| {row['cached_max_ms']:.1f} | {row['not_modified_median_ms']:.1f} | {row['cached_queries']} "
            f"| {row['pdf_kb']:.0f} |"
        )
    worst = max(row["cached_median_ms"] for row in figures["downloads"])
    lines += [
        "",
        f"Target (issue 5): a cached PDF served in under {TARGET_CACHED_MS} ms, 5,000 signatories included. "
        f"Slowest cached median: {worst:.1f} ms, {'met' if worst < TARGET_CACHED_MS else 'NOT met'}.",
        "",
        f"What the bounded worker costs, on the 20-signatory letter (layout only, median of {OVERHEAD_RUNS}):",
        "",
        "| Layout | ms |",
        "|---|---:|",
        f"| in the web process (no bounds) | {overhead['in_process_ms']:.0f} |",
        f"| persistent pool, {overhead['workers']} workers, time and memory limits (used) "
        f"| {overhead['pool_ms']:.0f} |",
        f"| persistent pool, one worker, no limits | {overhead['unbounded_pool_ms']:.0f} |",
        f"| a process forked from the web process per render | {overhead['fork_ms']:.0f} |",
        "",
        f"Starting the pool (fork server, Django set up and fonts loaded in each worker) took "
        f"{overhead['pool_start_s']:.1f} s, once per server process, on its first PDF.",
        "",
        'Other letters: delivery packs, one PDF per Council member, in the "Delivery pack" section '
        '(`bench/delivery_pack.py`); Arabic and Chinese letters, cold and cached, in "Letters in Arabic and '
        'Chinese" (`bench/languages.py`).',
        "",
    ]
    return lines


def write_section(lines: list[str], title: str = SECTION_TITLE) -> Path:
    """Replace (or add) the section ``title`` in docs/BENCHMARKS.md, keeping every other (one that opens with a
    marker comment, like the delivery pack's, included)."""
    out = ROOT / "docs" / "BENCHMARKS.md"
    text = out.read_text() if out.exists() else "# Benchmarks\n"
    before, found, after = text.partition(title + "\n")
    rest = ""
    if found:
        following = re.search(r"^(## |<!-- )", after, flags=re.MULTILINE)
        rest = after[following.start() :] if following else ""
    out.write_text(before.rstrip("\n") + "\n\n" + "\n".join(lines).rstrip("\n") + "\n" + ("\n" + rest if rest else ""))
    return out


def main() -> None:
    from standalone import run

    run(
        __doc__.split("\n\n")[0],
        "PDF export, cold and cached",
        measure,
        lambda figures: write_section(report_section(figures)),
    )


if __name__ == "__main__":
    main()
