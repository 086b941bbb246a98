"""What each bench script does when run alone or called by bench/run.py with --json: a throwaway database
(unless run.py gives its own), the examples loaded, the figures measured, then printed as JSON or written
into their section of docs/BENCHMARKS.md."""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(description: str, title: str, measure, write) -> None:
    """Measure with ``measure()`` in a set-up Django; ``--json`` prints the figures, else ``write(figures)``
    writes them and returns the file it wrote."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON, write nothing")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    with tempfile.TemporaryDirectory() as tmp:
        if not args.json:  # alone: never the development database
            os.environ["DATABASE_URL"] = (
                os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            )
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "r2p_letters.settings")
        os.environ["PDF_CACHE_DIR"] = str(Path(tmp) / "pdf-cache")
        os.environ["DEBUG"] = "0"
        os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
        os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("load_examples", verbosity=0)
        print(f"{title}:", file=sys.stderr, flush=True)
        figures = measure()
        from r2p_letters.printing import pdf_worker

        pdf_worker.shutdown()
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"Wrote {write(figures).relative_to(ROOT)}", file=sys.stderr)
