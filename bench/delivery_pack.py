"""Delivery pack: the 2014 Central African Republic seed letter once per Council member (issue 5: under 5 s).

Times the path the pack downloads take (r2p_letters.council.views pack_zip_download and pack_combined_download):
the letter loaded with everything a render needs, the month and audience the pack page picks for it, the
members' addressees, then council.services.pack_zip() or pack_combined_pdf(), which go through
letters.pdf_cache.letter_pdfs_cached(): each member's HTML rendered here, the PDFs laid out side by side in
the bounded worker pool (PDF_RENDER_WORKERS processes) and cached. Cold: an empty PDF cache before each run,
the pool already started (its start-up is timed once, apart); cached: the same call again. Median of
BENCH_REPEAT runs; then the cold ZIP again with PDF_RENDER_WORKERS=1.

Run alone (`python bench/delivery_pack.py`, a throwaway SQLite database or BENCH_DATABASE_URL, writes its
section of docs/BENCHMARKS.md between the delivery-pack markers) or by bench/run.py (`--json`, on run.py's
database).
"""

import io
import os
import shutil
import statistics
import sys
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
SLUG = "2014-car-unsc-members"
TARGET_S = 5
START, END = "<!-- delivery-pack -->", "<!-- /delivery-pack -->"
SECTION_TITLE = "## Delivery pack: the letter once per Council member"


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _stat(pid: int | str) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (state first)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def worker_cpu_s() -> float | None:
    """CPU seconds used so far by the PDF workers: the fork server's children, alive or reaped (Linux only)."""
    from multiprocessing import forkserver

    server = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if not server:
        return None
    try:
        ticks = sum(int(v) for v in _stat(server)[13:15])  # cutime, cstime: workers that ended
    except OSError:
        return None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat(entry.name)
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == server:
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_busy_s() -> float:
    """CPU seconds the whole machine has spent busy (all cores, every process), from /proc/stat."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = (
        int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def start_pool() -> float:
    """Start the worker pool afresh with all its workers (each sets Django up and loads the fonts); seconds."""
    from concurrent.futures import ThreadPoolExecutor

    from django.conf import settings

    from r2p_letters.printing import pdf, pdf_worker

    pdf_worker.shutdown()
    workers = max(1, settings.PDF_RENDER_WORKERS)
    started = time.perf_counter()
    # As many layouts at once as workers: the pool starts a worker per layout waiting.
    with ThreadPoolExecutor(workers) as threads:
        list(threads.map(lambda _: pdf.render_pdf("<p>start</p>", title="start", language="en"), range(workers)))
    return time.perf_counter() - started


def measure() -> dict:
    from django.conf import settings
    from django.test import RequestFactory, override_settings
    from pypdf import PdfReader

    from r2p_letters.council.services import members_in, pack_addressees, pack_combined_pdf, pack_zip
    from r2p_letters.council.views import _choice_form
    from r2p_letters.letters.models import Letter
    from r2p_letters.printing import pdf_cache, pdf_worker
    from r2p_letters.printing.pdf import letter_pdf_job

    # The month and audience the pack page picks when the URL names none (the letter's date, its addressee).
    letter = Letter.objects.get(slug=SLUG)
    choice = _choice_form(RequestFactory().get("/"), letter)
    assert choice.is_valid(), choice.errors
    month, audience = choice.cleaned_data["month"], choice.cleaned_data["audience"]

    def download(build) -> tuple[bytes, int]:
        """What the download view does: the letter, its addressees, the pack; and the number of members."""
        letter = Letter.objects.with_everything().filter(slug=SLUG).first()
        addressees = pack_addressees(letter, members=members_in(month.year), audience=audience)
        return build(letter, addressees), len(addressees)

    def timed(build, *, cold: bool) -> tuple[dict, bytes, int]:
        if cold:
            shutil.rmtree(settings.PDF_CACHE_DIR, ignore_errors=True)
        renders, workers_cpu = pdf_cache.renders, worker_cpu_s()
        started, cpu = time.perf_counter(), time.process_time()
        body, members = download(build)
        run = {
            "s": time.perf_counter() - started,
            "web_cpu_s": time.process_time() - cpu,
            "renders": pdf_cache.renders - renders,
            "bytes": len(body),
        }
        if workers_cpu is not None:
            run["workers_cpu_s"] = worker_cpu_s() - workers_cpu
        assert run["renders"] == (members if cold else 0), (cold, run, members)
        return run, body, members

    pool_start = start_pool()
    workers = settings.PDF_RENDER_WORKERS
    before = load_average()
    busy, own, workers_cpu, wall = machine_busy_s(), time.process_time(), worker_cpu_s(), time.perf_counter()
    runs = {"zip_cold": [], "zip_cached": [], "combined_cold": [], "combined_cached": [], "zip_cold_1": []}
    for number in range(REPEAT):
        for kind, build in (("zip", pack_zip), ("combined", pack_combined_pdf)):
            run, body, members = timed(build, cold=True)
            runs[f"{kind}_cold"].append(run)
            run, body, members = timed(build, cold=False)
            runs[f"{kind}_cached"].append(run)
            if kind == "zip":
                zipped = body
            else:
                combined = body
        print(
            f"  run {number + 1}/{REPEAT}: ZIP cold {runs['zip_cold'][-1]['s']:.2f} s, cached "
            f"{runs['zip_cached'][-1]['s'] * 1000:.0f} ms; combined cold {runs['combined_cold'][-1]['s']:.2f} s, "
            f"cached {runs['combined_cached'][-1]['s'] * 1000:.0f} ms",
            file=sys.stderr,
            flush=True,
        )
    # What other processes took meanwhile: the machine's busy time less this process's and the workers'.
    own = time.process_time() - own + (worker_cpu_s() - workers_cpu if workers_cpu is not None else 0)
    others_share = max(0.0, machine_busy_s() - busy - own) / ((time.perf_counter() - wall) * os.cpu_count())
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        assert len(archive.namelist()) == members, archive.namelist()
    pages = len(PdfReader(io.BytesIO(combined)).pages)

    # The 15 print jobs alone (the letters' data, built in the web process before the workers render and lay out).
    letter = Letter.objects.with_everything().get(slug=SLUG)
    addressees = pack_addressees(letter, members=members_in(month.year), audience=audience)
    html_s = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        for a in addressees:
            letter_pdf_job(letter, addressee=a.text, salutation=a.salutation)
        html_s.append(time.perf_counter() - started)

    with override_settings(PDF_RENDER_WORKERS=1):
        pool_start_1 = start_pool()
        for _ in range(REPEAT):
            runs["zip_cold_1"].append(timed(pack_zip, cold=True)[0])
        print(
            f"  PDF_RENDER_WORKERS=1: ZIP cold {statistics.median(r['s'] for r in runs['zip_cold_1']):.2f} s",
            file=sys.stderr,
            flush=True,
        )
    pdf_worker.shutdown()

    sys.path.insert(0, str(ROOT / "bench"))
    from run import machine

    info = machine()
    return {
        "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "machine": f"{info['cpu']}, {info['cores']} cores, {info['memory_gb']} GiB; Python {info['python']}, "
        f"Django {info['django']}, WeasyPrint {info['weasyprint']}",
        "cores": os.cpu_count(),
        "repeat": REPEAT,
        "letter": letter.title,
        "month": f"{month:%Y-%m}",
        "audience": audience,
        "members": members,
        "workers": workers,
        "pool_start_s": pool_start,
        "pool_start_1_s": pool_start_1,
        "others_share": others_share,
        "runs": runs,
        "html_s": html_s,
        "pages": pages,
        "zip_bytes": len(zipped),
        "combined_bytes": len(combined),
        "layouts_per_worker": pdf_worker.LAYOUTS_PER_WORKER,
        "load_before": before,
        "load_after": load_average(),
    }


def _median(runs: list[dict], field: str) -> float | None:
    values = [run[field] for run in runs if field in run]
    return statistics.median(values) if values else None


def report_section(figures: dict) -> list[str]:
    """The "Delivery pack" section of docs/BENCHMARKS.md, between its markers."""
    runs, members, workers = figures["runs"], figures["members"], figures["workers"]
    cores, others = figures["cores"], figures["others_share"]
    quiet = others < 0.1
    verdict = (
        f"other processes took {others:.0%} of the {cores} cores during the {workers}-worker runs (the "
        "machine's busy time less this process's and the workers'): "
        + ("a quiet machine" if quiet else "a shared machine, and the wall-clock times exceed the app's own")
    )

    def row(name: str, key: str, size: str) -> str:
        seconds = [run["s"] for run in runs[key]]
        web, layouts = _median(runs[key], "web_cpu_s"), _median(runs[key], "workers_cpu_s")
        return (
            f"| {name} | {statistics.median(seconds):.2f} | {', '.join(f'{s:.2f}' for s in seconds)} | "
            f"{web:.2f} | {'-' if layouts is None else f'{layouts:.2f}'} | {size} |"
        )

    zip_kb, combined_kb = f"{figures['zip_bytes'] / 1024:.0f}", f"{figures['combined_bytes'] / 1024:.0f}"
    slowest = max(statistics.median(run["s"] for run in runs[key]) for key in ("zip_cold", "combined_cold"))
    return [
        START,
        SECTION_TITLE,
        "",
        f"Measured on {figures['date']}. Machine: {figures['machine']}. Load average (1, 5, 15 min) "
        f"{figures['load_before']} before, {figures['load_after']} after; {verdict}.",
        "",
        f"`bench/delivery_pack.py`: the 2014 Central African Republic seed letter to the Foreign Ministers "
        f'(month {figures["month"]}, audience "{figures["audience"]}", as the pack page picks them), one copy per '
        f"member of that year's Council ({members}), built as the download views build it: the letter with "
        "everything a render needs, the members' addressees, then `council.services.pack_zip()` or "
        "`pack_combined_pdf()`. Each copy's HTML is rendered in the web process, the layouts run side by side in "
        f"the bounded worker pool ({workers} workers, PDF_RENDER_WORKERS) and each PDF is cached. Cold: the PDF "
        "cache emptied before the run, the pool already started; cached: the same call again. Median of "
        f"{figures['repeat']} run{'s' * (figures['repeat'] != 1)} in one process. CPU: this (web) process's, "
        "and the workers' (the fork server's children, read from /proc).",
        "",
        "| Download | Median (s) | All runs (s) | CPU, web process (s) | CPU, layouts in the workers (s) | Size (KB) |",
        "|---|---:|---|---:|---:|---:|",
        row(f"ZIP of {members} PDFs, cold", "zip_cold", zip_kb),
        row(f"ZIP of {members} PDFs, cached", "zip_cached", zip_kb),
        row(f"One combined PDF ({figures['pages']} pages, pypdf), cold", "combined_cold", combined_kb),
        row("One combined PDF, cached (the copies cached, merged again)", "combined_cached", combined_kb),
        row(f"ZIP of {members} PDFs, cold, PDF_RENDER_WORKERS=1", "zip_cold_1", zip_kb),
        "",
        f"Of which the {members} HTML renders in the web process: {statistics.median(figures['html_s']):.2f} s "
        f"(median of {figures['repeat']}). Starting the pool ({workers} workers at once: fork server, Django set "
        f"up and fonts loaded in each) took {figures['pool_start_s']:.1f} s, once per server process; with one "
        f"worker {figures['pool_start_1_s']:.1f} s. A worker is replaced after {figures['layouts_per_worker']} "
        "layouts, so some cold runs include a worker's start.",
        "",
        f"Target (issue 5 §3): the {members}-member pack under {TARGET_S} s on this {cores}-core machine: "
        f"slowest cold median {slowest:.2f} s, {'met' if slowest < TARGET_S else 'NOT met'}"
        + ("" if quiet else " at this load; the CPU columns tell what a quiet machine would need")
        + ".",
        END,
        "",
    ]


def not_measured(message: str) -> list[str]:
    return [START, SECTION_TITLE, "", message[0].upper() + message[1:], END, ""]


def write_section(lines: list[str]) -> Path:
    """Replace the section between the markers in docs/BENCHMARKS.md (or add it), keeping every other."""
    out = ROOT / "docs" / "BENCHMARKS.md"
    text = out.read_text() if out.exists() else "# Benchmarks\n"
    section = "\n".join(lines).rstrip("\n")
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    out.write_text(text)
    return out


def main() -> None:
    from standalone import run

    run(
        __doc__.split("\n\n")[0],
        "Delivery pack, cold and cached",
        measure,
        lambda figures: write_section(report_section(figures)),
    )


if __name__ == "__main__":
    main()
