"""The production set-up of deploy/ started on this machine, on free ports, with the shipped files: gunicorn
with gunicorn.conf.py, nginx with nginx/r2p-letters.conf. The production set-up tests (tests/ops) and the
deployed benchmark (bench/deployed.py) run it; it is not needed to deploy.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
ROOT = DEPLOY.parent
SITE = DEPLOY / "nginx" / "r2p-letters.conf"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30, process: subprocess.Popen | None = None) -> None:
    """Return once something accepts connections on ``port``; raise if ``process`` exits first or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


def start_gunicorn(env: dict, port: int, log, *options: str) -> subprocess.Popen:
    """``gunicorn -c deploy/gunicorn.conf.py`` bound to ``port``, in a process group of its own."""
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py"), *options],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"{HOST}:{port}"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def nginx_binary() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def nginx_site(upstream_ports: list[int], listen_port: int, root: Path) -> str:
    """The shipped site with this machine's ports and project folder; every edit must apply."""
    site = SITE.read_text()
    edits = [
        (
            r"(?m)^(\s*)server 127\.0\.0\.1:8000[^;]*;",
            lambda m: "".join(
                f"{m.group(1)}server {HOST}:{port} max_fails=1 fail_timeout=10s;" for port in upstream_ports
            ),
        ),
        (r"(?m)^(\s*)listen 80( default_server)?;", lambda m: f"{m.group(1)}listen {HOST}:{listen_port};"),
        (r"(?m)^(\s*)listen \[::\]:80( default_server)?;\n", lambda m: ""),
        (r"/srv/r2p-letters/", lambda m: f"{root}/"),
    ]
    for pattern, replacement in edits:
        site, count = re.subn(pattern, replacement, site)
        if not count:
            raise ValueError(f"{SITE.name} no longer has what is edited to run it here: {pattern}")
    return site


def start_nginx(directory: Path, upstream_ports: list[int], port: int, root: Path) -> subprocess.Popen:
    """nginx with the shipped site in front of ``upstream_ports``, its files in ``directory``.

    ``root`` stands for /srv/r2p-letters (staticfiles/ and the error pages are read there). Run as root,
    nginx's workers are nobody, who must be able to reach ``directory`` and ``root``.
    """
    binary = nginx_binary()
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (directory / name).mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(directory / name, "nobody")
    if not (root / "deploy" / "nginx" / "errors").exists():
        shutil.copytree(DEPLOY / "nginx" / "errors", root / "deploy" / "nginx" / "errors")
    (directory / "site.conf").write_text(nginx_site(upstream_ports, port, root))
    modules = ""
    if Path("/etc/nginx/modules-enabled").is_dir():  # Debian's dynamic modules (brotli), named from the prefix
        modules = "include /etc/nginx/modules-enabled/*.conf;"
        (directory / "modules").symlink_to("/usr/share/nginx/modules")
    # What Debian's /etc/nginx/nginx.conf sets around the sites, with files of its own.
    (directory / "nginx.conf").write_text(f"""
{modules}
daemon off;
worker_processes auto;
pid {directory}/nginx.pid;
error_log {directory}/error.log info;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    log_format upstream '$request_method $uri $status $upstream_addr';
    access_log {directory}/access.log upstream;
    client_body_temp_path {directory}/body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include {directory}/site.conf;
}}
""")
    arguments = [binary, "-p", str(directory), "-c", str(directory / "nginx.conf")]
    test = subprocess.run([*arguments, "-t"], capture_output=True, text=True)
    if test.returncode != 0:
        raise RuntimeError(test.stderr)
    process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    wait_for_port(port, 30, process)
    return process
