"""Time the 15-member delivery pack of the 2014 Central African Republic seed letter (issue 5: under 5 s).

Works on a throwaway SQLite database like bench/run.py; renders the pack REPEAT times sequentially (what the
pack views do), then once more with the HTML -> PDF step spread over a pool of processes (one per core), and
writes its section of docs/BENCHMARKS.md (between the delivery-pack markers, replacing an older one).
"""

import multiprocessing
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
SLUG = "2014-car-unsc-members"
START, END = "<!-- delivery-pack -->", "<!-- /delivery-pack -->"


def _html_to_pdf(job: tuple[str, str, str]) -> bytes:
    from r2p_letters.letters.pdf import html_to_pdf

    html, title, language = job
    return html_to_pdf(html, title=title, language=language)


def measure() -> dict:
    from r2p_letters.council.services import members_in, pack_addressees, pack_combined_pdf, pack_zip
    from r2p_letters.letters.models import Letter
    from r2p_letters.letters.rendering import render_letter

    def letter():
        return Letter.objects.with_everything().get(slug=SLUG)

    addressees = pack_addressees(letter(), members=members_in(2014), audience="ministers")
    timings = {"zip": [], "combined": [], "zip_cpu": [], "combined_cpu": []}
    load_before = os.getloadavg()[0]
    for _ in range(REPEAT):
        started, cpu = time.perf_counter(), time.process_time()
        zipped = pack_zip(letter(), addressees)
        timings["zip"].append(time.perf_counter() - started)
        timings["zip_cpu"].append(time.process_time() - cpu)
        started, cpu = time.perf_counter(), time.process_time()
        combined = pack_combined_pdf(letter(), addressees)
        timings["combined"].append(time.perf_counter() - started)
        timings["combined_cpu"].append(time.process_time() - cpu)

    started = time.perf_counter()
    the_letter = letter()
    htmls = [render_letter(the_letter, medium="pdf", addressee=a.text, salutation=a.salutation).html
             for a in addressees]
    html_seconds = time.perf_counter() - started
    cores = os.cpu_count() or 1
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        pool.map(_html_to_pdf, [(htmls[0], "warm-up", "en")] * cores)  # imports and fonts, once per process
        started = time.perf_counter()
        pool.map(_html_to_pdf, [(html, the_letter.title, the_letter.language) for html in htmls])
        pooled = time.perf_counter() + html_seconds - started
    import io

    from pypdf import PdfReader

    return {"members": len(addressees), "zip_s": timings["zip"], "combined_s": timings["combined"],
            "zip_cpu_s": timings["zip_cpu"], "combined_cpu_s": timings["combined_cpu"],
            "load": (load_before, os.getloadavg()[0]),
            "zip_bytes": len(zipped), "combined_bytes": len(combined),
            "pages": len(PdfReader(io.BytesIO(combined)).pages), "html_s": html_seconds,
            "pooled_s": pooled, "cores": cores}


def report(figures: dict) -> str:
    import django
    import weasyprint

    median_zip, median_combined = statistics.median(figures["zip_s"]), statistics.median(figures["combined_s"])
    runs = lambda values: ", ".join(f"{v:.2f}" for v in values)  # noqa: E731
    met = "met" if max(median_zip, median_combined) < 5 else "NOT met"
    cpu = max(statistics.median(figures["zip_cpu_s"]), statistics.median(figures["combined_cpu_s"]))
    return "\n".join([
        START,
        "## Delivery pack: the letter once per Council member",
        "",
        f"Written by `bench/delivery_pack.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {figures['cores']} cores, "
        f"Python {platform.python_version()}, Django {django.get_version()}, WeasyPrint {weasyprint.__version__}. "
        f"The 2014 Central African Republic seed letter to the Foreign Ministers, {figures['members']} members "
        f"of 2014, median of {REPEAT} runs in one process (a request does the same).",
        "",
        "| Download | Median (s) | All runs (s) | CPU of this process, median (s) | Size (KB) |",
        "|---|---:|---|---:|---:|",
        f"| ZIP of {figures['members']} PDFs | {median_zip:.2f} | {runs(figures['zip_s'])} | "
        f"{statistics.median(figures['zip_cpu_s']):.2f} | {figures['zip_bytes'] / 1024:.0f} |",
        f"| One combined PDF ({figures['pages']} pages, pypdf) | {median_combined:.2f} | "
        f"{runs(figures['combined_s'])} | {statistics.median(figures['combined_cpu_s']):.2f} | "
        f"{figures['combined_bytes'] / 1024:.0f} |",
        "",
        f"Load average (1 min) before and after: {figures['load'][0]:.1f} and {figures['load'][1]:.1f} on "
        f"{figures['cores']} cores: when it is above the core count the machine is shared and the wall-clock "
        "times exceed the CPU times by what other processes took.",
        "",
        f"Of which the 15 Jinja2 renders: {figures['html_s']:.2f} s. The same 15 HTML -> PDF layouts spread over "
        f"a pool of {figures['cores']} warm processes: {figures['pooled_s']:.2f} s (HTML included).",
        "",
        f"Target (issue 5 §3): the 15-member pack under 5 s: {met} in wall-clock time at this load; "
        f"{'met' if cpu < 5 else 'NOT met'} in the CPU time one request takes.",
        END,
        "",
    ])


def main():
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "r2p_letters.settings")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("load_examples", verbosity=0)
        figures = measure()
    section = report(figures)
    print(section)
    out = ROOT / "docs" / "BENCHMARKS.md"
    text = out.read_text() if out.exists() else "# Benchmarks\n"
    if START in text and END in text:
        text = text[:text.index(START)] + section.rstrip("\n") + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    out.write_text(text)


if __name__ == "__main__":
    main()
