"""The public API's letter endpoint against the HTML letter page, 50 clients, gunicorn as deployed.

`python bench/api.py` (one command): drops and creates the PostgreSQL database BENCH_API_DATABASE (default
r2p_bench_api; the server in BENCH_POSTGRES_URL), keeps rate limits in Redis database 15 (API rate limits raised
for the run), opens the 2010 ICRtoP seed letter with 100 online signatures, starts gunicorn with
deploy/gunicorn.conf.py, and loads `/api/v1/letters/<slug>/` and `/letters/<slug>/` in turn, ROUNDS rounds each,
interleaved, with wrk (Debian's package, 50 connections, keep-alive) or, when wrk is missing, 50 Python clients
with keep-alive. The machine may be shared: the load average before and after each round is printed.
Prints a Markdown table (docs/BENCHMARKS.md, "The public API").
"""

import http.client
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import signon_throughput as signing
from deployed import load_average, wrk

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from deploy import stack  # noqa: E402

DATABASE = os.environ.get("BENCH_API_DATABASE", "r2p_bench_api")
CLIENTS = 50
SECONDS = float(os.environ.get("BENCH_API_SECONDS", "15"))
ROUNDS = int(os.environ.get("BENCH_API_ROUNDS", "2"))
SIGNATURES = 100
SLUG = "bench-api-letter"


def python_clients(port: int, path: str) -> dict:
    """CLIENTS threads with a keep-alive connection each, for SECONDS (and at most 100,000 requests each)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS

    def client():
        connection = http.client.HTTPConnection(signing.HOST, port, timeout=10)
        mine, bad = [], 0
        for _ in range(100_000):
            if time.monotonic() >= stop_at:
                break
            start = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except OSError:
                bad += 1
                connection = http.client.HTTPConnection(signing.HOST, port, timeout=10)
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    return {
        "per_second": len(latencies) / elapsed,
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p95_ms": 1000 * latencies[int(len(latencies) * 0.95)],
        "errors": errors[0],
    }


def main() -> None:
    signing.DATABASE = DATABASE
    env = signing.server_environment(signing.create_database())
    env.update({"API_RATE_PER_CLIENT": "100000000/m", "API_RATE_PER_TOKEN": "100000000/m"})
    signing.set_up_django(env)
    sign_on = signing.open_letter(SLUG)
    signing.add_confirmed_signatures(sign_on, SIGNATURES)
    paths = {"API letter endpoint": f"/api/v1/letters/{SLUG}/", "HTML letter page": f"/letters/{SLUG}/"}
    tool = "wrk" if shutil.which("wrk") else "python clients"
    rows = []
    with tempfile.TemporaryDirectory(prefix="r2p-bench-api-") as tmp, (Path(tmp) / "gunicorn.log").open("wb") as log:
        port = stack.free_port()
        server = stack.start_gunicorn(env, port, log)
        try:
            for path in paths.values():
                signing.wait_until_serving(server, port, path)
            for round_number in range(1, ROUNDS + 1):
                for what, path in paths.items():
                    before = load_average()
                    if tool == "wrk":
                        result = wrk(f"http://{signing.HOST}:{port}{path}")
                    else:
                        result = python_clients(port, path)
                    rows.append(
                        {
                            "round": round_number,
                            "what": what,
                            "load_before": before,
                            "load_after": load_average(),
                            **result,
                        }
                    )
                    print(what, rows[-1], file=sys.stderr, flush=True)
        finally:
            signing.stop(server)
    late = "p99" if tool == "wrk" else "p95"
    print(
        f"{CLIENTS} clients ({tool}, keep-alive), {SECONDS:.0f} s a run, {SIGNATURES} online signatures, "
        "gunicorn with deploy/gunicorn.conf.py, PostgreSQL, Redis:\n"
    )
    print(f"| Round | Endpoint | Requests/s | p50 (ms) | {late} (ms) | Errors | Load before → after |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print(
            f"| {row['round']} | {row['what']} | {row['per_second']:.0f} | {row['p50_ms']:.1f} | "
            f"{row.get('p95_ms', row.get('p99_ms')):.1f} | {row['errors']} | "
            f"{row['load_before']} → {row['load_after']} |"
        )
    for what in paths:
        rates = [row["per_second"] for row in rows if row["what"] == what]
        print(f"\nMedian {what}: {statistics.median(rates):.0f} requests/s", end="")
    print()


if __name__ == "__main__":
    main()
