"""The app servers reach PostgreSQL through PgBouncer in transaction mode (the pooler in front of the database
when app servers multiply): signing and a long export work, nothing depends on a server session."""

import csv
import io
import os
import shutil
import signal
import subprocess

import pytest
from django.db import connection
from django.test import Client

from ..helpers.http import Browser, run_in_threads
from ..helpers.signing import many, url
from .conftest import database_url, free_port, missing, postgresql_only, sign, wait_for_port

pytestmark = [postgresql_only, pytest.mark.slow]


@pytest.fixture
def pgbouncer(tmp_path):
    """PgBouncer in transaction mode on a free port, in front of the test's PostgreSQL; its DATABASE_URL."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not shutil.which(binary):
        missing("NO pgbouncer: the PgBouncer test cannot run. Install Debian's 'pgbouncer' package.")
    db = connection.settings_dict
    port = free_port()
    folder = tmp_path / "pgbouncer"
    folder.mkdir()
    (folder / "users.txt").write_text(f'"{db["USER"] or "postgres"}" ""\n')
    (folder / "pgbouncer.ini").write_text(f"""
[databases]
* = host={db["HOST"] or "127.0.0.1"} port={db["PORT"] or 5432}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {folder}/users.txt
pool_mode = transaction
default_pool_size = 4
max_client_conn = 200
ignore_startup_parameters = extra_float_digits,options
""")
    as_root = os.geteuid() == 0  # PgBouncer refuses to run as root: it switches to nobody
    if as_root:
        shutil.chown(folder, "nobody")
    process = subprocess.Popen(
        [binary, *(["-u", "nobody"] if as_root else []), str(folder / "pgbouncer.ini")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    wait_for_port(port, 30, process)
    yield database_url().replace(f":{db['PORT'] or 5432}/", f":{port}/")
    process.send_signal(signal.SIGINT)
    process.wait(30)


def test_signing_and_a_long_export_go_through_pgbouncer(app_servers, pgbouncer, open_sign_on, people):
    server = app_servers(DATABASE_URL=pgbouncer, DB_DISABLE_SERVER_SIDE_CURSORS="1")
    path = f"/letters/{open_sign_on.letter.slug}/sign/"
    many(open_sign_on, 2500)  # more than one chunk of the export's cursor

    assert [sign(server.url, path, n).status for n in range(10)] == [302] * 10
    organizer = Client()
    organizer.force_login(people["owner"])
    browser = Browser(server.url, cookies={"sessionid": organizer.cookies["sessionid"].value})
    # Exports while partners sign: PgBouncer hands each transaction whichever server connection is free.
    exports = run_in_threads(
        [lambda: browser.request("GET", url("export", open_sign_on) + "?format=csv") for _ in range(4)]
        + [lambda n=n: sign(server.url, path, n) for n in range(10, 40)]
    )

    for export in exports[:4]:
        assert export.status == 200, export.text[:500]
        rows = list(csv.reader(io.StringIO(export.text.removeprefix("\ufeff"))))
        assert len(rows) >= 1 + 2500 + 10
        assert rows[-1]  # the stream ended with a whole row, not an error
    assert [answer.status for answer in exports[4:]] == [302] * 30
