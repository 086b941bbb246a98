"""The email worker in a process of its own, as production runs it (`manage.py email_worker`), on the test
database (PostgreSQL: the test's rows must be committed for it to see them), sending to an SMTP sink."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from r2p_letters.lib import emails

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database's URL, for another process."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    """``manage.py email_worker`` started with ``start()``, its output in ``log``."""

    def __init__(self, sink, log: Path, *, threads: int = 2, **settings: str):
        self.log = log
        self.args = [
            sys.executable,
            str(ROOT / "manage.py"),
            "email_worker",
            "--threads",
            str(threads),
            "--interval",
            "0.2",
        ]
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "test-worker",
            "EMAIL_HOST": sink.host,
            "EMAIL_PORT": str(sink.port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_TIMEOUT": "10",
            "LOG_LEVEL": "INFO",
            **settings,
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> "WorkerProcess":
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(self.args, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT)
        return self

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: the worker dies at once, wherever it is."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)

    def stop(self, seconds: float = 30, *, signal_it: bool = True) -> int:
        """SIGTERM, as a supervisor stops it (unless already sent: ``signal_it`` False); its exit code."""
        if signal_it and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(seconds)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"the worker did not stop within {seconds} s:\n{self.output()}") from None

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def queue_emails(count: int, *, start: int = 0) -> list[str]:
    """Queue ``count`` sign-on invitations (to invited-<n>@example.org); the Message-IDs they will carry."""
    ids = [
        emails.queue(
            "sign-on-invitation",
            f"invited-{n}@example.org",
            {
                "letter_title": "Protect civilians in El Fasher",
                "invited_by": "Amina",
                "issued_by": "Global Centre for R2P",
                "invitation_url": f"http://testserver/sign/invitation/{n}/",
                "deadline": "2026-12-24 18:00",
                "time_zone": "UTC",
            },
            language="en",
        )
        for n in range(start, start + count)
    ]
    return [emails.message_id(queued) for queued in ids]


def queued_rows() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=emails.DELIVER))


def make_due(rows) -> None:
    """As if the clock had reached the next attempt of each row."""
    DBTaskResult.objects.filter(pk__in=[row.pk for row in rows]).update(run_after=timezone.now())
