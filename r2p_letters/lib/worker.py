"""The background worker (`manage.py email_worker`): django-tasks-db's queue, run so that nothing queued is lost.

django-tasks-db's own `db_worker` runs one task at a time, opens an SMTP connection per email,
marks a failed task FAILED for good, never runs again a task left RUNNING by a worker that was
killed, and exits when the database goes away. This worker takes its tasks from the same table
(anything queued with ``.enqueue()``) and adds what is missing:

- Emails (``emails.deliver`` tasks) are claimed in batches of up to EMAIL_BATCH_SIZE and sent over
  one SMTP connection per batch, by WORKER_THREADS threads; each is recorded as sent (SUCCESSFUL)
  as soon as the mail server accepted it, before the next one is sent.
- A task that fails is tried again after each of TASK_RETRY_DELAYS in turn (the last one
  repeating) until TASK_GIVE_UP_AFTER seconds after it was queued, when it is FAILED for good. A
  mail server's final refusal of an address or of a message (a 5xx answer) is given up at once.
- A task RUNNING for longer than TASK_LEASE seconds (its worker died) is made ready again. A
  worker sends nothing more from a batch once half the lease has passed, so no task it still
  holds is taken by another worker meanwhile.
- A database error never ends the worker: it drops its connection, waits a little longer each
  time, and goes on. An email the mail server accepted is recorded once the database is back,
  and never sent again.

Tasks other than emails (closing sign-ons, reminders) run one at a time, with the same retries and
lease: like every task here they must be safe to run twice.
"""

import logging
import os
import smtplib
import socket
import threading
import time
from datetime import timedelta
from itertools import takewhile
from traceback import format_exception

from django.conf import settings
from django.core.mail import mailers
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.tasks import TaskContext, TaskResultStatus
from django.tasks.signals import task_finished, task_started
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from . import emails
from .database_outage import discard_broken_pooled_connections

logger = logging.getLogger(__name__)

# What a lost or refused database connection raises (a restart, a failover, ended sessions).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# The longest wait between two tries after the database or the worker itself failed, in seconds.
MAX_PAUSE = 10.0


def smtp_refused_for_good(error: BaseException) -> bool:
    """Whether the mail server refused this message or address for good (5xx), not for now."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _answer in error.recipients.values())
    return isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500


def smtp_connection_failed(error: BaseException) -> bool:
    """Whether the error is the mail server's or the connection's (the next message would fail too)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(code == 421 for code, _answer in error.recipients.values())  # the server is closing
    if isinstance(error, smtplib.SMTPDataError):
        return error.smtp_code == 421
    return isinstance(error, OSError)  # every other SMTP error, refused connections, time-outs


def drop_database_connection() -> None:
    """After a database error: close this thread's connection so the pool discards it, and test the pool."""
    try:
        if connection.vendor == "postgresql" and connection.connection is not None:
            connection.connection.close()
        connection.close()
    except Exception:  # it is broken already
        logger.debug("Closing a broken database connection failed", exc_info=True)
    discard_broken_pooled_connections()


def close_quietly(mailer) -> None:
    try:
        mailer.close()
    except Exception:  # a connection the server already closed
        logger.debug("Closing the SMTP connection failed", exc_info=True)


class Worker:
    """Runs the ready tasks of the database queue with ``threads`` threads until stopped (or, with
    ``batch``, until none is ready)."""

    def __init__(self, *, threads: int = 1, batch: bool = False, interval: float = 1.0, backend_name: str = "default"):
        self.threads = max(1, threads)
        self.batch = batch
        self.interval = interval
        self.backend_name = backend_name
        self.stopping = threading.Event()
        self._lease_lock = threading.Lock()
        self._next_lease_check = 0.0

    # -- running -------------------------------------------------------------------------------------

    def run(self) -> None:
        logger.info(
            "Worker started: %d thread(s), up to %d emails per SMTP connection, lease %s s",
            self.threads,
            settings.EMAIL_BATCH_SIZE,
            settings.TASK_LEASE,
        )
        if self.threads == 1:
            self.loop(self.worker_id(0))
            return
        threads = [
            threading.Thread(target=self.loop, args=[self.worker_id(n)], name=f"worker-{n}", daemon=True)
            for n in range(self.threads)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():
                thread.join(0.5)  # in short steps, so the main thread still handles signals

    def stop(self) -> None:
        """Finish the email or task at hand, hand back the rest of the batch, and return from ``run``."""
        self.stopping.set()

    @staticmethod
    def worker_id(number: int) -> str:
        return f"{socket.gethostname()[:40]}:{os.getpid()}:{number}"

    def loop(self, worker_id: str) -> None:
        pause = 0.0
        try:
            while not self.stopping.is_set():
                try:
                    close_old_connections()
                    self.expire_leases()
                    rows = self.claim(worker_id)
                except Exception as error:
                    pause = self.trouble(error, pause)
                    continue
                pause = 0.0
                if not rows:
                    if self.batch:
                        return
                    self.stopping.wait(self.interval)
                    continue
                try:
                    if rows[0].task_path == emails.DELIVER:
                        self.send_emails(rows, claimed_at=time.monotonic())
                    else:
                        self.run_task(rows[0])
                except Exception as error:
                    # Whatever was not recorded stays RUNNING: the lease hands it to a worker again.
                    pause = self.trouble(error, pause)
        finally:
            try:
                connection.close()
            except Exception:
                logger.debug("Closing the database connection failed", exc_info=True)

    def trouble(self, error: Exception, pause: float) -> float:
        """Log the error, drop a broken database connection, wait; the next, longer, pause."""
        pause = min(max(pause * 2, 0.5), MAX_PAUSE)
        if isinstance(error, DATABASE_UNAVAILABLE):
            logger.warning("Database unavailable (%s): trying again in %.1f s", str(error).strip(), pause)
            drop_database_connection()
        else:
            logger.exception("The worker failed; it goes on in %.1f s", pause)
        self.stopping.wait(pause)
        return pause

    # -- the queue -----------------------------------------------------------------------------------

    def ready_tasks(self):
        return DBTaskResult.objects.ready().filter(backend_name=self.backend_name)

    def claim(self, worker_id: str) -> list[DBTaskResult]:
        """Take the next emails (up to a batch of them) or the next other task, marked RUNNING by this worker."""
        ready = self.ready_tasks()
        with exclusive_transaction(ready.db):
            rows = list(ready.select_for_update(skip_locked=True)[: settings.EMAIL_BATCH_SIZE])
            if not rows:
                return []
            if rows[0].task_path == emails.DELIVER:
                rows = list(takewhile(lambda row: row.task_path == emails.DELIVER, rows))
            else:
                rows = rows[:1]
            now = timezone.now()
            for row in rows:
                row.status, row.started_at = TaskResultStatus.RUNNING, now
                row.worker_ids = [*row.worker_ids, worker_id]
            DBTaskResult.objects.bulk_update(rows, ["status", "started_at", "worker_ids"])
        return rows

    def expire_leases(self) -> None:
        """Now and then: tasks RUNNING for longer than the lease (their worker died) are made ready again."""
        with self._lease_lock:
            if time.monotonic() < self._next_lease_check:
                return
            self._next_lease_check = time.monotonic() + min(settings.TASK_LEASE / 4, 30)
        cutoff = timezone.now() - timedelta(seconds=settings.TASK_LEASE)
        expired = DBTaskResult.objects.filter(
            backend_name=self.backend_name, status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        ).update(status=TaskResultStatus.READY)
        if expired:
            logger.warning("%d task(s) left running by a worker that stopped are ready again", expired)

    def release(self, rows: list[DBTaskResult]) -> None:
        """Hand back claimed tasks that were not tried (their attempt does not count)."""
        for row in rows:
            row.status, row.worker_ids = TaskResultStatus.READY, row.worker_ids[:-1]
        DBTaskResult.objects.bulk_update(rows, ["status", "worker_ids"])

    def failed(self, row: DBTaskResult, error: BaseException, *, final: bool = False) -> None:
        """Schedule the next attempt at ``row``, or give it up (FAILED) when ``final`` or past its time."""
        now = timezone.now()
        give_up_at = row.enqueued_at + timedelta(seconds=settings.TASK_GIVE_UP_AFTER)
        attempts = len(row.worker_ids)
        if final or now >= give_up_at:
            row.set_failed(error)
            logger.warning("Gave up task %s (%s) after %d attempt(s): %s", row.id, row.task_path, attempts, error)
            return
        delays = settings.TASK_RETRY_DELAYS
        delay = delays[min(max(attempts, 1), len(delays)) - 1]
        row.status = TaskResultStatus.READY
        row.run_after = min(now + timedelta(seconds=delay), give_up_at)
        row.exception_class_path = f"{type(error).__module__}.{type(error).__qualname__}"
        row.traceback = "".join(format_exception(error))
        row.save(update_fields=["status", "run_after", "exception_class_path", "traceback"])
        logger.warning(
            "Task %s (%s) failed (attempt %d: %s); next attempt at %s",
            row.id,
            row.task_path,
            attempts,
            error,
            row.run_after.isoformat(timespec="seconds"),
        )

    def record_sent(self, row: DBTaskResult) -> None:
        """Mark a sent email SUCCESSFUL. The mail server has it: through a database outage this keeps
        trying (a worker killed meanwhile leaves it to the lease, and the copy keeps its Message-ID)."""
        pause = 0.0
        while True:
            try:
                DBTaskResult.objects.filter(pk=row.pk).update(
                    status=TaskResultStatus.SUCCESSFUL,
                    finished_at=timezone.now(),
                    return_value=None,
                    exception_class_path="",
                    traceback="",
                )
                return
            except DATABASE_UNAVAILABLE as error:
                pause = min(max(pause * 2, 0.5), MAX_PAUSE)
                logger.warning(
                    "Email %s is sent but the database is unavailable (%s): recording it in %.1f s",
                    row.id,
                    str(error).strip(),
                    pause,
                )
                drop_database_connection()
                time.sleep(pause)

    # -- the work ------------------------------------------------------------------------------------

    def send_emails(self, rows: list[DBTaskResult], *, claimed_at: float) -> None:
        """Send the claimed emails in order over one SMTP connection, recording each as it goes.

        When the connection fails the email at hand is tried again later, and so is the rest of the
        batch, except once per batch after emails went through: a server may close a connection
        after some number of messages, so one new connection is worth a try.
        """
        mailer = mailers.default
        went_through = reconnected = False
        try:
            for index, row in enumerate(rows):
                if self.stopping.is_set() or time.monotonic() - claimed_at > settings.TASK_LEASE / 2:
                    self.release(rows[index:])
                    return
                try:
                    message = emails.queued_message(row)
                    mailer.open()  # once per batch (again after a failed connection): send_messages keeps it open
                    mailer.send_messages([message])
                except Exception as error:
                    if not smtp_connection_failed(error):
                        self.failed(row, error, final=smtp_refused_for_good(error))
                        continue
                    close_quietly(mailer)
                    self.failed(row, error)
                    if went_through and not reconnected:
                        reconnected = True
                        continue
                    for rest in rows[index + 1 :]:
                        self.failed(rest, error)
                    return
                went_through = True
                self.record_sent(row)
        finally:
            close_quietly(mailer)

    def run_task(self, row: DBTaskResult) -> None:
        """Run one task that is not an email, as django-tasks-db's worker does, with our retries."""
        try:
            task, result = row.task, row.task_result
        except Exception as error:  # a task that no longer exists in the code
            self.failed(row, error, final=True)
            return
        sender = type(task.get_backend())
        task_started.send(sender=sender, task_result=result)
        try:
            if task.takes_context:
                value = task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
            else:
                value = task.call(*result.args, **result.kwargs)
            row.set_successful(value)
        except DATABASE_UNAVAILABLE:
            raise  # left RUNNING: the lease runs it again once the database is back
        except Exception as error:
            self.failed(row, error)
        task_finished.send(sender=sender, task_result=row.task_result)
