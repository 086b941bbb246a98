"""Render one letter's PDF several times in a fresh process; print timings and peak memory as JSON.

Run by bench/run.py (one process per size, so each peak-memory figure is the render's own).
"""

import io
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "r2p_letters.settings")


def main(slug: str, repeat: int) -> dict:
    import django

    django.setup()
    from pypdf import PdfReader

    from r2p_letters.letters.models import Letter
    from r2p_letters.printing.html import render_letter
    from r2p_letters.printing.pdf import letter_pdf

    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    pdf_seconds, html_seconds, pages, size = [], [], 0, 0
    for _ in range(repeat):
        letter = Letter.objects.with_everything().get(slug=slug)
        started = time.perf_counter()
        render_letter(letter)
        html_seconds.append(time.perf_counter() - started)
        letter = Letter.objects.with_everything().get(slug=slug)
        started = time.perf_counter()
        pdf = letter_pdf(letter)
        pdf_seconds.append(time.perf_counter() - started)
        size = len(pdf)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return {
        "slug": slug,
        "pdf_median_s": statistics.median(pdf_seconds),
        "pdf_all_s": pdf_seconds,
        "html_median_s": statistics.median(html_seconds),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "baseline_rss_mb": baseline_kb / 1024,
        "pdf_bytes": size,
        "pages": pages,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]))))
