"""Sign-on throughput: partners signing one letter at once, through gunicorn on PostgreSQL, as in production.

Standalone: `python bench/signon_throughput.py` runs it and rewrites its own section of
docs/BENCHMARKS.md (the other sections are kept); `--json` prints the figures instead (bench/run.py
uses it); `--profile N` also profiles N signatures in this process with cProfile.

It drops and creates the PostgreSQL database r2p_bench (BENCH_POSTGRES_URL, default
postgres://postgres@127.0.0.1:5432), opens a letter for signatures per server set-up, starts
`gunicorn r2p_letters.wsgi` on a free port of 127.0.0.1 with rate limits in Redis database 15, and
lets CLIENTS clients, each with its own connection and CSRF cookie, post distinct signatures for
DURATION seconds: first as fast as they can (the most the server gives), then at a steady
TARGET_RATE per second between them (the latency a signer sees at that rate). Every answer but a
302 counts as an error; afterwards the Signature rows must equal the 302 answers.
"""

import argparse
import cProfile
import http.client
import io
import json
import os
import pstats
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
DATABASE = "r2p_bench"
REDIS_URL = "redis://127.0.0.1:6379/15"
CLIENTS = 50
DURATION = 20.0
TARGET_RATE = 100  # signatures per second
TARGET_P95_S = 0.300
MAX_PER_CLIENT = 20_000  # a bound on each client's loop, far above what DURATION allows
SERVERS = {
    "4 sync workers": ["--workers", "4", "--worker-class", "sync"],
    "2 gthread workers x 8 threads": ["--workers", "2", "--worker-class", "gthread", "--threads", "8"],
    "3 gthread workers x 2 threads": ["--workers", "3", "--worker-class", "gthread", "--threads", "2"],
}
QUERY_SIZES = [10, 10_000]
SOURCE = ROOT / "r2p_letters/letters/examples/letters/2010-kyrgyzstan-icrtop.toml"
SECTION_TITLE = "## Sign-on throughput"
SIGNER = {
    "kind": "organization",
    "city": "Bangui",
    "country": "CF",
    "person_title": "President",
    "show_name": "no",
    "authorized": "on",
    "visibility": "public",
    "consent": "on",
}


# -- the database and the letters ---------------------------------------------------------------------


def create_database() -> str:
    """Drop and create r2p_bench; its DATABASE_URL."""
    import psycopg

    server = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    return f"{server}/{DATABASE}"


def server_environment(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-" + secrets.token_hex(24),
            "ALLOWED_HOSTS": HOST,
            "SIGN_RATE_PER_IP": "10000000/h",
            "SIGN_RATE_PER_EMAIL": "10000000/h",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "r2p_letters.settings",
        }
    )
    return env


def set_up_django(env: dict) -> None:
    """This process reads and writes r2p_bench too (the test client also needs "testserver")."""
    os.environ.update({**env, "ALLOWED_HOSTS": f"{HOST},testserver"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from r2p_letters.letters.services import examples_load

    call_command("migrate", verbosity=0)
    examples_load()


def open_letter(slug: str):
    """A ready letter (the 2010 ICRtoP letter's text and its 20 signatories) opened for signatures."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from r2p_letters.letters.models import Letter
    from r2p_letters.letters.services import letter_create_from_data
    from r2p_letters.organizations.models import Organization
    from r2p_letters.organizations.services import organization_create
    from r2p_letters.signatures.services import SignOnRules, letter_open_for_signatures

    user, created = get_user_model().objects.get_or_create(email="bench-organizer@example.org")
    organization = (
        organization_create(user=user, name="Bench Coalition")
        if created
        else Organization.objects.get(name="Bench Coalition")
    )
    data = {**tomllib.loads(SOURCE.read_text()), "slug": slug, "status": Letter.Status.READY}
    letter = letter_create_from_data(data=data)
    Letter.objects.filter(pk=letter.pk).update(lead_organization=organization)
    return letter_open_for_signatures(
        letter=letter,
        user=user,
        rules=SignOnRules(
            deadline=timezone.now() + timedelta(days=7),
            time_zone="UTC",
            signers="organizations",
            moderated=False,
            list_public=True,
        ),
    )


def add_confirmed_signatures(sign_on, count: int, *, start: int = 0) -> None:
    """``count`` confirmed signatures with their printed Signatory rows, in bulk."""
    from django.db.models import F
    from django.utils import timezone

    from r2p_letters.letters.models import Signatory
    from r2p_letters.lib.text import name_key
    from r2p_letters.signatures.models import Signature, SignOn
    from r2p_letters.signatures.services import email_key

    now, numbers = timezone.now(), range(start, start + count)
    rows = Signatory.objects.bulk_create(
        [
            Signatory(
                letter_id=sign_on.letter_id,
                organization=f"Civil Society Network {n}",
                city="Bangui",
                country="CF",
                signed_on=now.date(),
                source=Signatory.Source.ONLINE,
            )
            for n in numbers
        ],
        batch_size=2000,
    )
    Signature.objects.bulk_create(
        [
            Signature(
                sign_on=sign_on,
                signed_text_id=sign_on.current_text_id,
                organization=row.organization,
                organization_key=name_key(row.organization),
                city="Bangui",
                country="CF",
                person_name=f"Signer {n}",
                email=f"network-{n}@example.org",
                email_key=email_key(f"network-{n}@example.org"),
                status=Signature.Status.CONFIRMED,
                consent_at=now,
                confirmed_at=now,
                signatory=row,
            )
            for n, row in zip(numbers, rows, strict=True)
        ],
        batch_size=2000,
    )
    SignOn.objects.filter(pk=sign_on.pk).update(shown_count=F("shown_count") + count)


def signature_count(sign_on) -> int:
    from r2p_letters.signatures.models import Signature

    return Signature.objects.filter(sign_on=sign_on).count()


# -- queries per request ------------------------------------------------------------------------------


def sign_page_queries() -> list[dict]:
    """SQL queries of the sign page (GET) and of a signature (POST) with 10 and with 10,000 signatures."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    sign_on = open_letter("bench-signon-queries")
    slug = sign_on.letter.slug
    path = f"/letters/{slug}/sign/"
    client, organizer, rows, added = Client(), Client(), [], 0
    organizer.force_login(get_user_model().objects.get(email="bench-organizer@example.org"))
    for size in QUERY_SIZES:
        add_confirmed_signatures(sign_on, size - added, start=added)
        added = size
        for method in ("GET", "POST"):
            for attempt in ("warm-up", "counted"):
                data = (
                    {
                        **SIGNER,
                        "organization": f"Query Organization {size} {attempt}",
                        "person_name": "Q",
                        "email": f"query-{size}-{attempt}@example.org",
                    }
                    if method == "POST"
                    else None
                )
                with CaptureQueriesContext(connection) as captured:
                    status = getattr(client, method.lower())(path, data).status_code
            rows.append(
                {
                    "request": f"{method} /letters/<slug>/sign/",
                    "signatures": size,
                    "queries": len(captured),
                    "status": status,
                }
            )
        # The organizers' dashboard (first page of the list, and a search), and the public letter page.
        for request, who, page in [
            ("GET /letters/<slug>/sign-on/ (dashboard)", organizer, f"/letters/{slug}/sign-on/"),
            ("GET /letters/<slug>/sign-on/?q=network (search)", organizer, f"/letters/{slug}/sign-on/?q=network"),
            ("GET /letters/<slug>/ (letter page)", client, f"/letters/{slug}/"),
        ]:
            who.get(page)
            with CaptureQueriesContext(connection) as captured:
                status = who.get(page).status_code
            rows.append({"request": request, "signatures": size, "queries": len(captured), "status": status})
    return rows


# -- the server ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict, options: list[str], log) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "r2p_letters.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--timeout",
            "60",
            *options,
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return server, port


def wait_until_serving(server: subprocess.Popen, port: int, path: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within a minute")


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# -- the clients --------------------------------------------------------------------------------------


class Signer:
    """One client: its own keep-alive connection (reopened when the server closes it) and CSRF cookie."""

    def __init__(self, port: int, path: str, number: int, clients: int, label: str):
        self.port, self.path, self.number, self.clients, self.label = port, path, number, clients, label
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookie = self.token = ""
        self.answers: list[tuple[float, int]] = []  # (seconds, status) of each POST
        self.page_seconds = 0.0
        self.retries = 0

    def open_page(self) -> None:
        started = time.perf_counter()
        self.connection.request("GET", self.path)
        response = self.connection.getresponse()
        page = response.read().decode()
        self.page_seconds = time.perf_counter() - started
        self.cookie = "; ".join(c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or [])
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def sign(self, i: int) -> None:
        name = f"{self.label}-{self.number}-{i}"
        body = urlencode(
            {
                **SIGNER,
                "organization": f"Bench Organization {name}",
                "person_name": f"Signer {name}",
                "email": f"{name}@example.org",
                "csrfmiddlewaretoken": self.token,
            }
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": self.cookie,
            "Referer": f"http://{HOST}:{self.port}{self.path}",
        }
        started = time.perf_counter()
        status = self.post(body, headers)
        self.answers.append((time.perf_counter() - started, status))

    def post(self, body: str, headers: dict) -> int:
        """The answer's status; 0 when the connection failed. As browsers do, a request that finds its idle
        keep-alive connection closed by the server (before any answer) is sent once more on a new one."""
        for attempt in (1, 2):
            reused = self.connection.sock is not None
            try:
                self.connection.request("POST", self.path, body, headers)
                response = self.connection.getresponse()
                response.read()
                return response.status
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                if not reused or attempt == 2:
                    return 0
                self.retries += 1
            except (OSError, http.client.HTTPException):
                self.connection.close()
                return 0
        return 0

    def run(self, start: threading.Barrier, seconds: float, interval: float, label: str) -> None:
        self.open_page()
        start.wait(timeout=120)
        began = time.monotonic()
        for i in range(MAX_PER_CLIENT):
            if interval:  # a steady pace, whatever the answers' speed; the clients' turns spread evenly
                next_at = began + (i + self.number / self.clients) * interval
                if next_at >= began + seconds:
                    break
                time.sleep(max(0.0, next_at - time.monotonic()))
            elif time.monotonic() >= began + seconds:
                break
            self.sign(i)


def cpu_busy() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:8]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def bench_processes_cpu(server_pid: int) -> dict[str, int]:
    """Jiffies used so far by this benchmark's processes: gunicorn and its workers, the PostgreSQL
    sessions of r2p_bench, and this process (the clients). The rest of the busy CPU is someone else's."""
    used = {"gunicorn": 0, "postgres": 0, "clients": 0}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid = int(stat.parent.name)
            fields = stat.read_text().rsplit(")", 1)[1].split()
            ppid, jiffies = int(fields[1]), int(fields[11]) + int(fields[12])
            if pid == server_pid:  # and its workers that ended meanwhile (max_requests), once reaped
                jiffies += int(fields[13]) + int(fields[14])
            role = (
                "clients"
                if pid == os.getpid()
                else "gunicorn"
                if server_pid in (pid, ppid)
                else "postgres"
                if f" {DATABASE} " in (stat.parent / "cmdline").read_text()
                else None
            )
        except (OSError, ValueError, IndexError):
            continue  # the process ended meanwhile
        if role:
            used[role] += jiffies
    return used


def wait_for_a_quiet_machine(server_pid: int, seconds: float = 30) -> float:
    """Wait (at most ``seconds``) until other processes use under 25 % of the CPUs for a second; their last share."""
    deadline, share = time.monotonic() + seconds, 100.0
    while time.monotonic() < deadline:
        busy0, total0 = cpu_busy()
        ours0 = sum(bench_processes_cpu(server_pid).values())
        time.sleep(1)
        busy1, total1 = cpu_busy()
        ours = sum(bench_processes_cpu(server_pid).values()) - ours0
        share = 100 * max(0, (busy1 - busy0) - ours) / max(1, total1 - total0)
        if share < 25:
            break
    return share


def load(
    server: subprocess.Popen, port: int, path: str, label: str, *, clients: int, seconds: float, rate: float | None
) -> dict:
    """``clients`` clients posting for ``seconds``: flat out (rate None) or ``rate`` a second between them."""
    others_before = wait_for_a_quiet_machine(server.pid)
    signers = [Signer(port, path, n, clients, label) for n in range(clients)]
    start = threading.Barrier(clients + 1)
    interval = clients / rate if rate else 0.0
    threads = [threading.Thread(target=s.run, args=(start, seconds, interval, label)) for s in signers]
    for thread in threads:
        thread.start()
    start.wait(timeout=120)
    busy0, total0 = cpu_busy()
    ours0 = bench_processes_cpu(server.pid)
    began = time.perf_counter()
    for thread in threads:
        thread.join(seconds + 120)
    elapsed = time.perf_counter() - began
    busy1, total1 = cpu_busy()
    ours1 = bench_processes_cpu(server.pid)
    ours = {role: ours1[role] - ours0[role] for role in ours0}
    others = max(0, (busy1 - busy0) - sum(ours.values()))
    ms_per_jiffy = 1000 / os.sysconf("SC_CLK_TCK")
    answers = [a for s in signers for a in s.answers]
    latencies = sorted(seconds for seconds, _status in answers)
    quantiles = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    pages = sorted(s.page_seconds for s in signers)
    return {
        "mode": f"{rate:g}/s offered" if rate else "flat out",
        "clients": clients,
        "seconds": round(elapsed, 2),
        "posts": len(answers),
        "signed": sum(1 for _s, status in answers if status == 302),
        "errors": sum(1 for _s, status in answers if status != 302),
        "error_statuses": sorted({status for _s, status in answers if status != 302}),
        "per_second": sum(1 for _s, status in answers if status == 302) / elapsed,
        "p50_ms": quantiles[49] * 1000,
        "p95_ms": quantiles[94] * 1000,
        "p99_ms": quantiles[98] * 1000,
        "max_ms": latencies[-1] * 1000 if latencies else 0,
        "page_median_ms": statistics.median(pages) * 1000,
        "resent_on_closed_keep_alive": sum(s.retries for s in signers),
        "cpu_busy_pct": 100 * (busy1 - busy0) / max(1, total1 - total0),
        "other_processes_cpu_pct": 100 * others / max(1, total1 - total0),
        "other_processes_cpu_pct_before": others_before,
        "client_cpu_pct_of_one_core": 100 * ours["clients"] * ms_per_jiffy / 1000 / elapsed,
        "cpu_ms_per_signature": {role: jiffies * ms_per_jiffy / max(1, len(answers)) for role, jiffies in ours.items()},
    }


def run_server(name: str, options: list[str], env: dict, clients: int, seconds: float, log: Path) -> dict:
    sign_on = open_letter(f"bench-signon-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}")
    path = f"/letters/{sign_on.letter.slug}/sign/"
    with log.open("ab") as output:
        server, port = start_gunicorn(env, options, output)
        try:
            wait_until_serving(server, port, path)
            runs = [
                load(server, port, path, "max", clients=clients, seconds=seconds, rate=None),
                load(server, port, path, "paced", clients=clients, seconds=seconds, rate=TARGET_RATE),
            ]
        finally:
            stop(server)
    rows = signature_count(sign_on)
    for run in runs:
        print(
            f"  {name}, {run['mode']}: {run['per_second']:.0f} signatures/s, p50 {run['p50_ms']:.0f} ms, "
            f"p95 {run['p95_ms']:.0f} ms, p99 {run['p99_ms']:.0f} ms, {run['errors']} errors; CPU busy "
            f"{run['cpu_busy_pct']:.0f} %, other processes {run['other_processes_cpu_pct']:.0f} %; CPU ms per "
            f"signature {json.dumps({k: round(v, 1) for k, v in run['cpu_ms_per_signature'].items()})}",
            file=sys.stderr,
            flush=True,
        )
    return {
        "server": name,
        "options": " ".join(options),
        "runs": runs,
        "rows": rows,
        "signed": sum(run["signed"] for run in runs),
    }


# -- where the time goes ------------------------------------------------------------------------------


def profile(count: int) -> str:
    """cProfile of ``count`` signatures posted through Django's test client in this one process."""
    from django.test import Client

    sign_on = open_letter("bench-signon-profile")
    path = f"/letters/{sign_on.letter.slug}/sign/"
    client = Client()
    client.get(path)
    data = [
        {
            **SIGNER,
            "organization": f"Profile Organization {i}",
            "person_name": f"P {i}",
            "email": f"profile-{i}@example.org",
        }
        for i in range(count + 5)
    ]
    for row in data[:5]:
        client.post(path, row)  # warm up
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for row in data[5:]:
        client.post(path, row)
    profiler.disable()
    per_request = (time.perf_counter() - started) / count
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)
    return f"{per_request * 1000:.1f} ms per signature in one process, under the profiler\n{out.getvalue()}"


# -- the report ---------------------------------------------------------------------------------------


def machine_line() -> str:
    sys.path.insert(0, str(ROOT / "bench"))
    import psycopg
    from run import machine

    info = machine()
    with psycopg.connect(os.environ["DATABASE_URL"]) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0].split()[0]
    return (
        f"{info['cpu']}, {info['cores']} cores, {info['memory_gb']} GiB; Python {info['python']}, "
        f"Django {info['django']}, gunicorn {gunicorn_version()}; PostgreSQL {version} and Redis on the same "
        f"machine; the {CLIENTS} clients run there too (Python threads, http.client)"
    )


def gunicorn_version() -> str:
    import gunicorn

    return gunicorn.__version__


def report_section(figures: dict) -> list[str]:
    """The "Sign-on throughput" section of docs/BENCHMARKS.md."""
    lines = [
        SECTION_TITLE,
        "",
        f"Measured on {figures['date']}. Machine: {figures['machine']}.",
        "",
        f"`bench/signon_throughput.py`: `gunicorn r2p_letters.wsgi` with DEBUG off, PostgreSQL (the app's pool, "
        f"at most 10 connections per process), rate limits in Redis; one letter open for signatures per server "
        f"set-up. {figures['clients']} clients, each with its own connection and CSRF cookie (one GET of the sign "
        f"page), post distinct signatures for {figures['duration']:g} s: flat out, then at a steady "
        f"{TARGET_RATE} signatures/s between them. A signature is one POST answered 302 (stored, its "
        "confirmation email queued in the same transaction); any other answer is an error.",
        "",
        "| Server | Load | Signatures/s | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | Errors | CPU busy | "
        "of which other processes | Load generator |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for server in figures["servers"]:
        for run in server["runs"]:
            errors = f"{run['errors']}" + (f" ({', '.join(map(str, run['error_statuses']))})" if run["errors"] else "")
            lines.append(
                f"| {server['server']} | {run['mode']} | {run['per_second']:.0f} | {run['p50_ms']:.0f} | "
                f"{run['p95_ms']:.0f} | {run['p99_ms']:.0f} | {run['max_ms']:.0f} | {errors} | "
                f"{run['cpu_busy_pct']:.0f} % | {run['other_processes_cpu_pct']:.0f} % | "
                f"{run['client_cpu_pct_of_one_core']:.0f} % of a core |"
            )
    lines.append("")
    for server in figures["servers"]:
        run = server["runs"][0]
        cpu = run["cpu_ms_per_signature"]
        lines.append(
            f"- {server['server']}, flat out: CPU per signature {cpu['gunicorn']:.1f} ms in gunicorn, "
            f"{cpu['postgres']:.1f} ms in PostgreSQL, {cpu['clients']:.1f} ms in the load generator; "
            f"median first page (GET of the sign form, {run['clients']} at once) "
            f"{run['page_median_ms']:.0f} ms."
        )
    for server in figures["servers"]:
        verdict = "equal" if server["rows"] == server["signed"] else "NOT EQUAL"
        lines.append(
            f"- {server['server']}: {server['rows']:,} Signature rows for {server['signed']:,} answers 302 ({verdict})."
        )
    best = max(
        (run for server in figures["servers"] for run in server["runs"] if run["mode"] == "flat out"),
        key=lambda run: run["per_second"],
    )
    paced = [run for server in figures["servers"] for run in server["runs"] if run["mode"] != "flat out"]
    paced_best = min(paced, key=lambda run: run["p95_ms"])
    met = (
        best["per_second"] >= TARGET_RATE
        and paced_best["p95_ms"] < TARGET_P95_S * 1000
        and paced_best["errors"] == 0
        and paced_best["per_second"] >= 0.95 * TARGET_RATE
    )
    lines += [
        "",
        f"Target: at least {TARGET_RATE} signatures/s, p95 under {TARGET_P95_S * 1000:.0f} ms, no errors. "
        f"Best flat out: {best['per_second']:.0f} signatures/s; at {TARGET_RATE}/s offered, best p95 "
        f"{paced_best['p95_ms']:.0f} ms with {paced_best['errors']} errors: {'met' if met else 'NOT met'}.",
        "",
        "With clients that never pause, latency is the number of clients over the throughput (Little's law): "
        f"{figures['clients']} clients at 100 signatures/s wait 500 ms on average whatever the server does, so "
        'the p95 target is judged at the steady rate. "CPU busy" is the whole machine\'s; "other processes" is '
        "the part used meanwhile by processes outside the benchmark (gunicorn, the r2p_bench sessions of "
        "PostgreSQL and the load generator are its own): when that is high, the machine was shared and the figures "
        "are below what the app gives on a machine of its own.",
        "",
        "SQL queries per request of the sign page, the organizers' dashboard and the letter page (counted with "
        "CaptureQueriesContext, after a warm-up request):",
        "",
        "| Request | " + " | ".join(f"{n:,} signatures" for n in QUERY_SIZES) + " |",
        "|---|" + "---:|" * len(QUERY_SIZES),
    ]
    for request in dict.fromkeys(row["request"] for row in figures["queries"]):
        counts = [
            next(r["queries"] for r in figures["queries"] if r["request"] == request and r["signatures"] == n)
            for n in QUERY_SIZES
        ]
        lines.append(f"| {request} | " + " | ".join(str(c) for c in counts) + " |")
    return lines + [""]


def write_section(lines: list[str], title: str = SECTION_TITLE) -> Path:
    """Replace (or add) the section ``title`` in docs/BENCHMARKS.md, keeping every other section."""
    out = ROOT / "docs" / "BENCHMARKS.md"
    text = out.read_text() if out.exists() else "# Benchmarks\n"
    before, found, after = text.partition(title + "\n")
    rest = ""
    if found:
        following = re.search(r"^## ", after, flags=re.MULTILINE)
        rest = after[following.start() :] if following else ""
    out.write_text(before.rstrip("\n") + "\n\n" + "\n".join(lines).rstrip("\n") + "\n" + ("\n" + rest if rest else ""))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON, write nothing")
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--duration", type=float, default=DURATION)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="also profile N signatures")
    parser.add_argument(
        "--gunicorn",
        action="append",
        metavar="OPTIONS",
        help="gunicorn options of a server set-up to measure instead of the usual ones, e.g. "
        '"--workers 3 --worker-class gthread --threads 4" (repeatable)',
    )
    args = parser.parse_args()
    servers = {options: options.split() for options in args.gunicorn} if args.gunicorn else SERVERS

    env = server_environment(create_database())
    set_up_django(env)
    if not args.json:
        print("Sign-on throughput (gunicorn, PostgreSQL):", file=sys.stderr, flush=True)
    queries = sign_page_queries()
    for row in queries:
        print(f"  {row['request']}, {row['signatures']:,} signatures: {row['queries']} queries", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "gunicorn.log"
        try:
            servers = [
                run_server(name, options, env, args.clients, args.duration, log) for name, options in servers.items()
            ]
        finally:
            errors = (
                [
                    line
                    for line in log.read_text(errors="replace").splitlines()
                    if "Traceback" in line or "ERROR" in line
                ]
                if log.exists()
                else []
            )
    figures = {
        "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "machine": machine_line(),
        "clients": args.clients,
        "duration": args.duration,
        "servers": servers,
        "queries": queries,
        "server_log_errors": errors[:20],
        "database": urlsplit(env["DATABASE_URL"]).path.lstrip("/"),
    }
    if args.profile:
        figures["profile"] = profile(args.profile)
        print(figures["profile"], file=sys.stderr)
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"Wrote {write_section(report_section(figures)).relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
