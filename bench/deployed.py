"""The production set-up as deployed (deploy/): nginx with the shipped site in front of gunicorn with the
shipped gunicorn.conf.py, on PostgreSQL and Redis; what one machine holds.

`python bench/deployed.py` rewrites its own section of docs/BENCHMARKS.md (the others are kept); `--json`
prints the figures instead (bench/run.py uses it). It drops and creates the PostgreSQL database
BENCH_DEPLOYED_DATABASE (default r2p_bench_deployed; the server in BENCH_POSTGRES_URL), keeps rate limits in
BENCH_REDIS_URL (default Redis database 15), and measures, with bench/signon_throughput.py's clients:
- signatures through nginx, flat out and at a steady 100/s, and the same straight to gunicorn (nginx's cost);
- with wrk (Debian's package), when it is installed: the sign page, a cached PDF and a static file through nginx;
- the memory of each part afterwards (proportional set size, so shared pages are counted once).
The machine may be shared: the load average before and after, and the CPU other processes took, are reported.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import signon_throughput as signing

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from deploy import stack  # noqa: E402

DATABASE = os.environ.get("BENCH_DEPLOYED_DATABASE", "r2p_bench_deployed")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", signing.REDIS_URL)
CLIENTS = 50
DURATION = 20.0
WRK_SECONDS = 15
WRK_CONNECTIONS = 50
SECTION_TITLE = "## As deployed: nginx and gunicorn"


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [pid], list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found.append(child)
        todo += children.get(child, [])
    return found


def jiffies(pids: list[int]) -> int:
    used = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            used += int(fields[11]) + int(fields[12])
        except (OSError, IndexError):
            continue
    return used


def pss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += int(re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE).group(1))
    return total / 1024


def postgres_pids() -> list[int]:
    return [
        int(p.parent.name)
        for p in Path("/proc").glob("[0-9]*/cmdline")
        if f" {DATABASE} " in p.read_bytes().replace(b"\0", b" ").decode(errors="replace")
    ]


def signing_run(
    server, port: int, path: str, label: str, nginx_pid: int | None, *, clients: int, seconds: float, rate: float | None
) -> dict:
    """signon_throughput's load, with nginx's own CPU taken out of "other processes"."""
    before = jiffies(_tree(nginx_pid)) if nginx_pid else 0
    run = signing.load(server, port, path, label, clients=clients, seconds=seconds, rate=rate)
    nginx = (jiffies(_tree(nginx_pid)) - before) if nginx_pid else 0
    ms_per_jiffy = 1000 / os.sysconf("SC_CLK_TCK")
    run["cpu_ms_per_signature"]["nginx"] = nginx * ms_per_jiffy / max(1, run["posts"])
    cores = os.cpu_count() or 1
    nginx_pct = 100 * nginx * ms_per_jiffy / 1000 / run["seconds"] / cores
    run["other_processes_cpu_pct"] = max(0.0, run["other_processes_cpu_pct"] - nginx_pct)
    run["nginx_cpu_pct"] = nginx_pct
    return run


def wrk(url: str) -> dict | str:
    if not shutil.which("wrk"):
        return "not measured: wrk is not installed (Debian's package 'wrk')"
    out = subprocess.run(
        ["wrk", "-t2", f"-c{WRK_CONNECTIONS}", f"-d{WRK_SECONDS}s", "--timeout", "10s", "--latency", url],
        capture_output=True,
        text=True,
        timeout=WRK_SECONDS + 60,
    )
    text = out.stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if out.returncode != 0 or not rate:
        return f"not measured: wrk failed ({out.stderr.strip() or text.strip()})"

    def ms(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.MULTILINE).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return {
        "per_second": float(rate.group(1)),
        "p50_ms": ms("50"),
        "p99_ms": ms("99"),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
    }


def pdf_letter(slug: str) -> str:
    """The 20-signatory seed letter, published; the path of its PDF."""
    from django.urls import reverse

    return reverse("letters:pdf", args=[signing.open_letter(slug).letter.slug])


def measure(args) -> dict:
    # signon_throughput's helpers read the database's name there (to create it, and to tell its sessions' CPU).
    signing.DATABASE = DATABASE
    env = signing.server_environment(signing.create_database())
    with tempfile.TemporaryDirectory(prefix="r2p-bench-deployed-") as tmp:
        root = Path(tmp)
        root.chmod(0o755)  # nginx's workers (nobody, under root) read the static files there
        env.update(
            {
                "REDIS_URL": REDIS_URL,
                "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP",
                "WHITENOISE_USE_FINDERS": "0",
                "STATIC_ROOT": str(root / "staticfiles"),
                "PDF_CACHE_DIR": str(root / "pdf-cache"),
            }
        )
        signing.set_up_django(env)
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
        gunicorn_port, nginx_port = stack.free_port(), stack.free_port()
        log_path = root / "gunicorn.log"
        figures = {
            "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "load_before": load_average(),
            "clients": args.clients,
            "duration": args.duration,
            "cores": os.cpu_count(),
        }
        with log_path.open("wb") as log:
            server = stack.start_gunicorn(env, gunicorn_port, log)
            nginx = None
            try:
                stack.wait_for_port(gunicorn_port, 60, server)
                nginx = stack.start_nginx(root / "nginx", [gunicorn_port], nginx_port, root)
                figures["gunicorn"] = gunicorn_line(env)
                runs, sign_paths = [], []
                for name, port, nginx_pid in [
                    ("nginx, then gunicorn", nginx_port, nginx.pid),
                    ("gunicorn alone", gunicorn_port, None),
                ]:
                    sign_on = signing.open_letter(f"bench-deployed-{len(runs)}")
                    path = f"/letters/{sign_on.letter.slug}/sign/"
                    sign_paths.append(path)
                    signing.wait_until_serving(server, gunicorn_port, path)
                    for rate in (None, signing.TARGET_RATE):
                        run = signing_run(
                            server,
                            port,
                            path,
                            f"{name[:5]}-{rate}",
                            nginx_pid,
                            clients=args.clients,
                            seconds=args.duration,
                            rate=rate,
                        )
                        run["via"] = name
                        runs.append(run)
                        print(
                            f"  {name}, {run['mode']}: {run['per_second']:.0f} signatures/s, p50 "
                            f"{run['p50_ms']:.0f} ms, p95 {run['p95_ms']:.0f} ms, {run['errors']} errors; other "
                            f"processes {run['other_processes_cpu_pct']:.0f} % of the CPUs",
                            file=sys.stderr,
                            flush=True,
                        )
                    run["rows"] = signing.signature_count(sign_on)
                figures["signing"] = runs
                pdf_path = pdf_letter("bench-deployed-pdf")
                base = f"http://{stack.HOST}:{nginx_port}"
                signing.wait_until_serving(server, gunicorn_port, pdf_path)  # rendered once, cached from then on
                figures["wrk"] = {
                    what: wrk(base + path)
                    for what, path in [
                        ("sign page (GET)", sign_paths[0]),
                        ("cached PDF (20 signatories, 24 KB)", pdf_path),
                        ("static file (bootstrap.min.css, brotli)", "/static/vendor/bootstrap/bootstrap.min.css"),
                    ]
                }
                for what, result in figures["wrk"].items():
                    print(f"  wrk, {what}: {result}", file=sys.stderr, flush=True)
                # Each worker starts its layout processes on its first PDF: new PDFs side by side reach them all.
                new_pdfs = [pdf_letter(f"bench-deployed-pdf-{n}") for n in range(2 * worker_count(server.pid))]
                with ThreadPoolExecutor(max_workers=len(new_pdfs)) as downloads:
                    list(
                        downloads.map(
                            lambda path: signing.wait_until_serving(server, gunicorn_port, path, 300), new_pdfs
                        )
                    )
                figures["memory_mb"] = memory(server.pid, nginx.pid)
            finally:
                if nginx is not None:
                    nginx.send_signal(signal.SIGQUIT)
                    nginx.wait(30)
                signing.stop(server)
        figures["server_log_errors"] = [
            line for line in log_path.read_text(errors="replace").splitlines() if "Traceback" in line or "ERROR" in line
        ][:20]
    figures["load_after"] = load_average()
    figures["machine"] = signing.machine_line()
    return figures


def worker_count(gunicorn_pid: int) -> int:
    return len([pid for pid in _tree(gunicorn_pid) if _parent(pid) == gunicorn_pid])


def memory(gunicorn_pid: int, nginx_pid: int) -> dict[str, tuple[int, float]]:
    """Each part's processes: how many, and their proportional set size in MB."""
    processes = _tree(gunicorn_pid)
    workers = [pid for pid in processes if _parent(pid) == gunicorn_pid]
    servers = [pid for pid in processes if _parent(pid) in workers and "forkserver" in _cmdline(pid)]
    layouts = [pid for pid in processes if _parent(pid) in servers]
    helpers = [pid for pid in processes if _parent(pid) in workers and pid not in servers]  # resource trackers
    parts = {
        "gunicorn master": [gunicorn_pid],
        "gunicorn workers": workers,
        "PDF layout processes": layouts,
        "fork servers and resource trackers of the layouts": servers + helpers,
        "nginx (master and workers)": _tree(nginx_pid),
        f"PostgreSQL sessions of {DATABASE}": postgres_pids(),
    }
    return {part: (len(pids), pss_mb(pids)) for part, pids in parts.items()}


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def gunicorn_line(env: dict) -> str:
    out = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", str(stack.DEPLOY / "gunicorn.conf.py"), "--print-config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    values = dict(re.findall(r"^(workers|threads|worker_class|timeout)\s+= (.+)$", out.stdout, re.MULTILINE))
    return (
        f"{values.get('workers')} {values.get('worker_class')} workers x {values.get('threads')} threads, "
        f"timeout {values.get('timeout')} s"
    )


def report_section(figures: dict) -> list[str]:
    lines = [
        SECTION_TITLE,
        "",
        f"Measured on {figures['date']}. Machine: {figures['machine']}. Load average (1, 5, 15 min) "
        f"{figures['load_before']} before, {figures['load_after']} after, on {figures['cores']} cores: above the "
        "core count, other processes shared the machine and the figures are below what it gives alone.",
        "",
        "`bench/deployed.py`: nginx with deploy/nginx/r2p-letters.conf in front of gunicorn with "
        f"deploy/gunicorn.conf.py ({figures['gunicorn']}), DEBUG off, PostgreSQL, rate limits in Redis, static files "
        f"collected and served by nginx. Signing: bench/signon_throughput.py's {figures['clients']} clients, each "
        f"with its own keep-alive connection and CSRF cookie, post distinct signatures for {figures['duration']:g} s, "
        f"flat out then at a steady {signing.TARGET_RATE}/s; then the same straight to gunicorn's port.",
        "",
        "| Path | Load | Signatures/s | p50 (ms) | p95 (ms) | p99 (ms) | Errors | CPU ms per signature: gunicorn "
        "/ nginx / PostgreSQL / clients | Other processes (CPU) |",
        "|---|---|---:|---:|---:|---:|---:|---|---:|",
    ]
    for run in figures["signing"]:
        cpu = run["cpu_ms_per_signature"]
        lines.append(
            f"| {run['via']} | {run['mode']} | {run['per_second']:.0f} | {run['p50_ms']:.0f} | "
            f"{run['p95_ms']:.0f} | {run['p99_ms']:.0f} | {run['errors']} | {cpu['gunicorn']:.1f} / "
            f"{cpu['nginx']:.1f} / {cpu['postgres']:.1f} / {cpu['clients']:.1f} | "
            f"{run['other_processes_cpu_pct']:.0f} % |"
        )
    counts = []
    for run in figures["signing"]:
        if "rows" in run:
            signed = sum(other["signed"] for other in figures["signing"] if other["via"] == run["via"])
            counts.append(f"{run['via']}: {run['rows']:,} rows for {signed:,} answers 302")
    lines += ["", "Every signature answered 302 is a row: " + "; ".join(counts) + ".", ""]
    lines += [
        f"wrk through nginx ({WRK_CONNECTIONS} connections, {WRK_SECONDS} s, 2 threads, on the same machine):",
        "",
        "| Request | Requests/s | p50 (ms) | p99 (ms) | Errors |",
        "|---|---:|---:|---:|---:|",
    ]
    for what, result in figures["wrk"].items():
        if isinstance(result, str):
            lines.append(f"| {what} | {result} | | | |")
        else:
            lines.append(
                f"| {what} | {result['per_second']:,.0f} | {result['p50_ms']:.1f} | {result['p99_ms']:.1f} | "
                f"{result['errors'] + result['socket_errors']} |"
            )
    lines += [
        "",
        "Memory afterwards, proportional set size (pages shared between processes counted once); a gunicorn "
        "worker starts its PDF layout processes on its first PDF (new PDFs were downloaded side by side before):",
        "",
        "| Part | Processes | MB | MB each |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {part} | {count} | {mb:.0f} | {mb / max(1, count):.0f} |"
        for part, (count, mb) in figures["memory_mb"].items()
    ]
    return lines + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON, write nothing")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--duration", type=float, default=DURATION)
    args = parser.parse_args()
    if stack.nginx_binary() is None:
        sys.exit("nginx is not installed (Debian's package 'nginx')")
    print("As deployed (nginx, gunicorn, PostgreSQL, Redis):", file=sys.stderr, flush=True)
    figures = measure(args)
    if args.json:
        print(json.dumps(figures))
    else:
        out = signing.write_section(report_section(figures), SECTION_TITLE)
        print(f"Wrote {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
