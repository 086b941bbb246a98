"""The production set-up, for real: gunicorn with deploy/gunicorn.conf.py, nginx with the site in deploy/nginx,
a Redis server of the test's own that it can stop, on the test's PostgreSQL database.

These tests start processes and wait on them (tens of seconds each): they are marked `slow`, and skipped,
loudly, where a program they need is missing (in CI they fail instead).
"""

import os
import shutil
import signal
import subprocess
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection

from deploy import stack

from ..helpers.http import Browser, signer
from ..helpers.letters import long_sudan_letter
from ..signatures.conftest import open_sign_on, ready_letter  # noqa: F401 (fixtures)

ROOT, DEPLOY, SITE, HOST = stack.ROOT, stack.DEPLOY, stack.SITE, stack.HOST
free_port, wait_for_port = stack.free_port, stack.wait_for_port

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: several server processes share the test database (SQLite's is in memory)",
)


def missing(message: str):
    """Skip the test, loudly; in CI, fail it: CI installs everything these tests need."""
    if os.environ.get("CI"):
        pytest.fail(message)
    warnings.warn(message, stacklevel=2)
    pytest.skip(message)


def sign(base_url: str, path: str, n: int):
    """One signer: opens the sign page in a new browser and sends the form; the answer."""
    browser = Browser(base_url)
    return browser.post(path, signer(n), browser.open_form(path))


@pytest.fixture
def long_letter(make_letter, ngo):
    """10,000 signatories: about 240 pages, many seconds of layout."""
    return long_sudan_letter(make_letter, ngo, 10_000)


# -- processes ------------------------------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def process_tree(pid: int) -> dict[int, str]:
    """``pid``'s descendants (not itself), each with its start time, which tells it from a later reuse of its pid."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        fields = _stat(int(stat.parent.name))
        if fields:
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = {}, list(children.get(pid, []))
    while todo:
        child = todo.pop()
        fields = _stat(child)
        if fields:
            found[child] = fields[19]
            todo += children.get(child, [])
    return found


def still_running(processes: dict[int, str]) -> list[int]:
    """The processes of ``processes`` (from process_tree) that have not ended (a zombie has ended)."""
    return [
        pid
        for pid, started in processes.items()
        if (fields := _stat(pid)) and fields[19] == started and fields[0] != "Z"
    ]


def wait_until_ended(processes: dict[int, str], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := still_running(processes)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "?"


# -- Redis ----------------------------------------------------------------------------------------------


@dataclass
class RedisServer:
    """A redis-server of the test's own on a free port, keeping nothing on disk; it can be stopped and started."""

    directory: Path
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        subprocess.run(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                str(self.directory),
                "--pidfile",
                str(self.directory / "pid"),
                "--logfile",
                str(self.directory / "redis.log"),
            ],
            check=True,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        pid = int((self.directory / "pid").read_text())
        os.kill(pid, signal.SIGKILL)  # an outage, not a shutdown
        deadline = time.monotonic() + 10
        while _stat(pid) and time.monotonic() < deadline:
            time.sleep(0.05)

    def freeze(self) -> None:
        os.kill(int((self.directory / "pid").read_text()), signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(int((self.directory / "pid").read_text()), signal.SIGCONT)

    def keys(self) -> list[str]:
        out = subprocess.run(["redis-cli", "-p", str(self.port), "--scan"], capture_output=True, text=True, check=True)
        return out.stdout.split()


@pytest.fixture
def redis_server(tmp_path):
    if not shutil.which("redis-server"):
        missing("NO redis-server: the Redis outage tests cannot run. Install Debian's 'redis-server' package.")
    server = RedisServer(tmp_path / "redis")
    server.directory.mkdir()
    server.start()
    yield server
    with_pid = server.directory / "pid"
    if with_pid.exists() and _stat(int(with_pid.read_text())):
        server.stop()


# -- gunicorn -------------------------------------------------------------------------------------------


def database_url() -> str:
    """The test database (pytest-django's copy) as a DATABASE_URL for the server processes."""
    db = connection.settings_dict
    user = quote(db["USER"] or "postgres") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or HOST}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class AppServer:
    """``gunicorn -c deploy/gunicorn.conf.py`` on a free port, in a process group of its own."""

    process: subprocess.Popen
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def workers(self) -> list[int]:
        return [pid for pid in process_tree(self.process.pid) if (_stat(pid) or [0, 0])[1] == str(self.process.pid)]

    def kill(self) -> None:
        """SIGKILL to gunicorn and every process of its group (a machine or container that dies)."""
        with_group = self.process.poll() is None
        if with_group:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def app_servers(transactional_db, tmp_path, settings):
    """Start gunicorn servers as deployed: app_servers(workers=1, REDIS_URL=...) -> AppServer."""
    started: list[AppServer] = []

    def start(*, workers: int = 2, gunicorn_options: tuple[str, ...] = (), **environment) -> AppServer:
        port = free_port()
        log_path = tmp_path / f"gunicorn-{port}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "r2p_letters.settings",
            "DEBUG": "0",
            "SECRET_KEY": django_settings.SECRET_KEY,
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "DATABASE_URL": database_url(),
            "REDIS_URL": "",
            "PDF_CACHE_DIR": str(settings.PDF_CACHE_DIR),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "LOG_LEVEL": "INFO",
            "GUNICORN_WORKERS": str(workers),
            "SIGN_RATE_PER_IP": "100000/h",
            "SIGN_RATE_PER_EMAIL": "100000/h",
            "DB_POOL_MAX_SIZE": "4",
            **environment,
        }
        with log_path.open("wb") as log:
            process = stack.start_gunicorn(env, port, log, *gunicorn_options)
        server = AppServer(process, port, log_path)
        started.append(server)
        wait_for_port(port, 60, process)
        return server

    yield start
    for server in started:
        server.stop()


# -- nginx ----------------------------------------------------------------------------------------------


@dataclass
class Nginx:
    process: subprocess.Popen
    port: int
    directory: Path

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def error_log(self) -> str:
        return (self.directory / "error.log").read_text(errors="replace")

    def access_log(self, *, requests: int = 0) -> list[list[str]]:
        """Each request nginx answered: method, path, status, the app server(s) it went to.

        nginx writes a request's line once it has sent the answer, so the client can read the answer first:
        with ``requests``, wait (up to 10 s) until that many lines are written.
        """
        log, deadline = self.directory / "access.log", time.monotonic() + 10
        while len(lines := log.read_text().splitlines()) < requests and time.monotonic() < deadline:
            time.sleep(0.05)
        return [line.split(" ", 3) for line in lines]


@pytest.fixture
def nginx(settings):
    """Start nginx with the deployed site in front of gunicorn ports: nginx([port, ...], static=True) -> Nginx.

    Its folder is one of its own under /tmp: as root, nginx's workers run as nobody, who must reach it.
    """
    if stack.nginx_binary() is None:
        missing(
            "NO nginx: the production set-up tests cannot run. Install Debian's 'nginx' package "
            "(make test does it when run as root)."
        )
    root = Path(tempfile.mkdtemp(prefix="r2p-nginx-"))
    root.chmod(0o755)
    started: list[Nginx] = []

    def start(upstream_ports: list[int], *, static: bool = False) -> Nginx:
        if static and not (root / "staticfiles").exists():
            settings.STATIC_ROOT = root / "staticfiles"
            call_command("collectstatic", interactive=False, verbosity=0)
        directory, port = root / f"nginx-{len(started)}", free_port()
        server = Nginx(stack.start_nginx(directory, upstream_ports, port, root), port, directory)
        started.append(server)
        return server

    yield start
    for server in started:
        server.process.send_signal(signal.SIGQUIT)
        try:
            server.process.wait(15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()
    shutil.rmtree(root, ignore_errors=True)
