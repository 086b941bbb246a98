"""The production set-up of deploy/, on this machine: nginx with the shipped site in front of gunicorn
instances started with the shipped gunicorn.conf.py, sharing PostgreSQL, Redis and the PDF cache.

Slow clients wait in nginx, not in the app; two app servers count rate limits together and serve each
other's cached PDFs; killing one loses no signature; a body too large gets a clear answer.
"""

import gzip
import http.client
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connections
from django.urls import reverse
from gunicorn.config import Config

from r2p_letters.printing.pdf_worker import KILL_GRACE_SECONDS
from r2p_letters.signatures.models import Signature

from ..helpers.http import Browser, signer
from ..project.test_deploy_settings import deploy_check
from .conftest import DEPLOY, HOST, SITE, missing, postgresql_only, sign

slow = pytest.mark.slow


def gunicorn_settings() -> Config:
    """deploy/gunicorn.conf.py as gunicorn reads it."""
    config = Config()
    namespace = {"__file__": str(DEPLOY / "gunicorn.conf.py"), "__name__": "__config__"}
    exec(compile((DEPLOY / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)
    for name, value in namespace.items():
        if name in config.settings:
            config.set(name, value)
    return config


def nginx_seconds(directive: str) -> int:
    return int(re.search(rf"^\s*{directive} (\d+)s;", SITE.read_text(), re.MULTILINE).group(1))


def raw_request(port: int, request: bytes, *, timeout: float = 30) -> bytes:
    """Send ``request`` as it is and read the whole answer (nginx closes the connection after it)."""
    with socket.create_connection((HOST, port), timeout=timeout) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def get(port: int, path: str, **headers) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    connection.request("GET", path, headers={name.replace("_", "-"): value for name, value in headers.items()})
    response = connection.getresponse()
    response.body = response.read()
    return response


# -- the configuration ------------------------------------------------------------------------------------


def test_gunicorn_and_nginx_wait_longer_than_the_longest_request_the_app_allows():
    config = gunicorn_settings()
    longest = settings.LETTER_RENDER_TIMEOUT + settings.PDF_RENDER_TIMEOUT + KILL_GRACE_SECONDS

    assert config.timeout > longest  # the app's own "took too long" page comes first
    assert config.graceful_timeout >= longest  # a restart lets a PDF in progress finish
    assert nginx_seconds("proxy_read_timeout") > config.timeout
    assert config.worker_class_str == "gthread" and config.threads >= 2


def test_the_shipped_environment_passes_the_deployment_check():
    lines = (DEPLOY / "env.example").read_text().splitlines()
    variables = dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
    variables["SECRET_KEY"] = secrets.token_urlsafe(50)

    result = deploy_check(variables)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_systemd_units_parse_and_keep_the_servers_running(tmp_path):
    if not shutil.which("systemd-analyze"):
        missing("NO systemd-analyze: the unit files cannot be checked here. Install Debian's 'systemd' package.")
    units = sorted((DEPLOY / "systemd").glob("*.service"))
    assert [unit.name for unit in units] == ["r2p-letters-worker@.service", "r2p-letters.service"]
    for unit in units:
        text = unit.read_text()
        assert re.search(r"^Restart=always$", text, re.MULTILINE), unit.name
        assert "EnvironmentFile=/etc/r2p-letters/env" in text
    assert re.search(r"^ExecStart=\S+/python manage.py email_worker$", units[0].read_text(), re.MULTILINE)

    for unit in units:
        # The checker wants the programs to exist: this virtualenv stands for /srv/r2p-letters/.venv.
        text = unit.read_text().replace("/srv/r2p-letters/.venv/bin/", f"{Path(sys.executable).parent}/")
        (tmp_path / unit.name.replace("@.", "@1.")).write_text(text)
    verify = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(path) for path in tmp_path.iterdir())], capture_output=True, text=True
    )
    problems = [line for line in (verify.stdout + verify.stderr).splitlines() if str(tmp_path) in line]
    assert problems == []


# -- behind nginx ---------------------------------------------------------------------------------------------


@postgresql_only
@slow
def test_two_app_servers_behind_nginx_share_rate_limits_and_the_pdf_cache(
    app_servers, nginx, redis_server, open_sign_on, make_letter, ngo
):
    shared = {"REDIS_URL": redis_server.url, "SIGN_RATE_PER_IP": "4/h", "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP"}
    first, second = app_servers(**shared), app_servers(**shared)
    # One nginx in front of each server, so that which server counts each signature is known: nginx's round
    # robin over both also balances the sign pages' GETs and can send every POST to the same server.
    fronts = nginx([first.port]), nginx([second.port])
    proxy = nginx([first.port, second.port])
    path = f"/letters/{open_sign_on.letter.slug}/sign/"

    statuses = [sign(fronts[n % 2].url, path, n).status for n in range(6)]

    assert statuses == [302] * 4 + [429] * 2
    for front, server in zip(fronts, (first, second), strict=True):
        posts = [entry for entry in front.access_log(requests=6) if entry[0] == "POST"]  # 3 sign pages, 3 forms
        assert [entry[2] for entry in posts] == ["302", "302", "429"]
        assert {entry[3].rsplit(":", 1)[1] for entry in posts} == {str(server.port)}
    # A client cannot choose the address it is counted by: nginx sets X-Real-IP itself.
    browser = Browser(proxy.url)
    token = browser.open_form(path)
    connection = http.client.HTTPConnection(HOST, proxy.port, timeout=60)
    connection.request(
        "POST",
        path,
        body=urlencode({**signer(7), "csrfmiddlewaretoken": token}),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": proxy.url + path,
            "X-Real-IP": "203.0.113.9",
            "Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items()),
        },
    )
    assert connection.getresponse().status == 429
    assert Signature.objects.count() == 4

    letter = make_letter(lead_organization=ngo, title="Protect civilians in Darfur")
    pdf_path = reverse("letters:pdf", args=[letter.slug])
    made = get(first.port, pdf_path)
    [cached] = list(Path(settings.PDF_CACHE_DIR).glob("*.pdf"))
    inode = cached.stat().st_ino
    served = get(second.port, pdf_path)

    assert made.status == served.status == 200
    assert served.body == made.body and served.getheader("ETag") == made.getheader("ETag")
    # The second server read the first one's file: it made no PDF of its own (that would be a new file).
    assert [path.stat().st_ino for path in Path(settings.PDF_CACHE_DIR).glob("*.pdf")] == [inode]


SIGNERS = 60


@postgresql_only
@slow
def test_an_app_server_killed_while_partners_sign_loses_no_signature(app_servers, nginx, redis_server, open_sign_on):
    first, second = app_servers(REDIS_URL=redis_server.url), app_servers(REDIS_URL=redis_server.url)
    proxy = nginx([first.port, second.port])
    path = f"/letters/{open_sign_on.letter.slug}/sign/"
    journeys: dict[int, list] = {}

    def journey(n: int) -> None:
        """A signer sends the form until the site says it is recorded, or was already (an answer lost with the
        killed server: the signer sends again, and is told), at most 4 times."""
        answers = journeys.setdefault(n, [])
        for _attempt in range(4):
            browser = Browser(proxy.url)
            try:
                page = browser.request("GET", path)
                if page.status != 200:
                    answers.append(("page", page.status))
                    continue
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
                answer = browser.post(path, signer(n), token)
            except (http.client.IncompleteRead, ConnectionError) as error:
                # An answer the killed server was sending is cut off mid-way: the signer sees a broken page and
                # sends again, as for a lost answer.
                answers.append(("cut", type(error).__name__))
                continue
            answers.append((answer.status, answer.text))
            if answer.status == 302 or (answer.status == 409 and "already signed this letter" in answer.text):
                return

    at_kill = []

    def kill_midway() -> None:
        try:
            deadline = time.monotonic() + 120
            while Signature.objects.count() < SIGNERS // 4 and time.monotonic() < deadline:
                time.sleep(0.05)
            first.kill()
            at_kill.append(Signature.objects.count())
        finally:
            connections.close_all()  # this thread's own

    killer = threading.Thread(target=kill_midway)
    killer.start()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(journey, range(SIGNERS)))
    killer.join()

    assert at_kill[0] < SIGNERS  # killed while signers were signing
    recorded = list(Signature.objects.values_list("organization", flat=True))
    assert sorted(recorded) == sorted(signer(n)["organization"] for n in range(SIGNERS))  # each once
    for n, answers in journeys.items():
        assert answers[-1][0] in (302, 409), (n, answers)
        for status, text in answers[:-1]:
            assert status in (502, "page", "cut"), (n, status)
            if status == 502:
                assert "R2P Letters is unavailable for a moment" in text
    # Requests after the kill all went to the server that lives.
    late = [sign(proxy.url, path, SIGNERS + n).status for n in range(5)]
    assert late == [302] * 5


@postgresql_only
@slow
def test_slow_clients_wait_in_nginx_while_requests_go_through(app_servers, nginx, open_sign_on):
    server = app_servers(workers=3)
    proxy = nginx([server.port])
    path = f"/letters/{open_sign_on.letter.slug}/sign/"
    assert get(proxy.port, path).status == 200  # the server is warm
    # 100 clients that send a header line every 2 seconds and never finish.
    slowpokes = []
    for _ in range(100):
        connection = socket.create_connection((HOST, proxy.port), timeout=30)
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n".encode())
        slowpokes.append(connection)
    stop = threading.Event()

    def drip() -> None:
        line = 0
        while not stop.wait(2):
            for connection in slowpokes:
                try:
                    connection.sendall(f"X-Slow-{line}: still here\r\n".encode())
                except OSError:
                    pass
            line += 1

    dripping = threading.Thread(target=drip)
    dripping.start()
    started = time.monotonic()
    probes = []
    try:
        while time.monotonic() - started < 8:
            began = time.monotonic()
            probes.append((get(proxy.port, path).status, time.monotonic() - began))
            time.sleep(0.1)
        # nginx gives up on them after its client_header_timeout (10 s): none lingers.
        closed = []
        for connection in slowpokes:
            connection.settimeout(max(1.0, started + 15 - time.monotonic()))
            try:
                closed.append(connection.recv(65536)[:12] in (b"", b"HTTP/1.1 408"))
            except ConnectionResetError:
                closed.append(True)
            except TimeoutError:
                closed.append(False)
    finally:
        stop.set()
        dripping.join()
        for connection in slowpokes:
            connection.close()

    assert len(probes) >= 10
    assert [status for status, _seconds in probes] == [200] * len(probes)
    assert max(seconds for _status, seconds in probes) < 5
    assert all(closed)


@postgresql_only
@slow
def test_a_body_too_large_gets_a_clear_answer_and_no_broken_pipe(app_servers, nginx, open_sign_on):
    server = app_servers(workers=2)
    proxy = nginx([server.port])
    path = f"/letters/{open_sign_on.letter.slug}/sign/"
    body = b"organization=" + b"x" * (10 * 1024 * 1024)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()

    def send_everything() -> str:
        try:
            answer = raw_request(proxy.port, head + body, timeout=60)
        except OSError as error:  # a broken pipe or a reset while sending
            return repr(error)
        return answer.split(b"\r\n", 1)[0].decode() + (" page" if b"What you sent is too large" in answer else "")

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(lambda _n: send_everything(), range(64)))

    assert answers == ["HTTP/1.1 413 Request Entity Too Large page"] * 64
    assert get(proxy.port, path).status == 200


@postgresql_only
@slow
def test_nginx_serves_the_static_files_and_compresses(app_servers, nginx, open_sign_on):
    server = app_servers(workers=1)
    proxy = nginx([server.port], static=True)
    style = "/static/vendor/bootstrap/bootstrap.min.css"
    original = (settings.BASE_DIR / "static/vendor/bootstrap/bootstrap.min.css").read_bytes()

    as_gzip = get(proxy.port, style, Accept_Encoding="gzip")
    as_brotli = get(proxy.port, style, Accept_Encoding="br")
    page = get(proxy.port, f"/letters/{open_sign_on.letter.slug}/sign/", Accept_Encoding="gzip")

    assert as_gzip.status == 200 and as_gzip.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(as_gzip.body) == original
    assert as_gzip.getheader("Cache-Control") == "max-age=3600, public"
    assert as_brotli.status == 200 and as_brotli.getheader("Content-Encoding") == "br"
    assert len(as_brotli.body) < len(original) / 3
    assert page.status == 200 and page.getheader("Content-Encoding") == "gzip"
    assert b"csrfmiddlewaretoken" in gzip.decompress(page.body)
    # Django adds its security headers to what it serves, WhiteNoise's static files included: nginx served these.
    assert page.getheader("Referrer-Policy") == "same-origin"
    assert as_gzip.getheader("Referrer-Policy") is None and as_brotli.getheader("Referrer-Policy") is None


@postgresql_only
@slow
def test_a_pdf_over_the_time_limit_gets_the_apps_own_page_through_nginx(app_servers, nginx, long_letter):
    server = app_servers(workers=1, PDF_RENDER_TIMEOUT="1")
    proxy = nginx([server.port])

    response = get(proxy.port, reverse("letters:pdf", args=[long_letter.slug]))

    assert response.status == 503
    assert b"took longer than the server allows" in response.body
