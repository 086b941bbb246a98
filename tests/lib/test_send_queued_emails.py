"""Every queued email is sent, exactly once, eventually: whatever the mail server, the worker or the database do.

The faults are real: a local SMTP server (aiosmtpd) that is stopped and started again, slow or
holding its answers; the worker (`manage.py email_worker`, in its own process, as in production)
killed with SIGKILL in the middle of a send; PostgreSQL ending every session (pg_terminate_backend).
Emails are counted where they arrive, by Message-ID.

The tests with a worker process need PostgreSQL (the process must see the test's committed rows);
the ones that run the worker in this process run on SQLite too.
"""

import signal
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ..helpers.database import cut_every_connection
from ..helpers.smtp import wait_until
from ..helpers.worker import WorkerProcess, make_due, queue_emails, queued_rows

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: the worker runs in its own process, and pg_terminate_backend cuts connections",
)

pytestmark = pytest.mark.django_db(transaction=True)

SENT, READY, RUNNING, FAILED = (
    TaskResultStatus.SUCCESSFUL,
    TaskResultStatus.READY,
    TaskResultStatus.RUNNING,
    TaskResultStatus.FAILED,
)


@pytest.fixture
def worker(smtp_sink, tmp_path):
    """Start workers with ``worker(threads=..., SETTING="value")``; each is stopped (SIGTERM) at the end."""
    started = []

    def start(log: str = "worker.log", **options) -> WorkerProcess:
        process = WorkerProcess(smtp_sink, tmp_path / log, **options).start()
        started.append(process)
        return process

    yield start
    for process in started:
        if process.alive:
            process.stop()


def run_worker_here():
    """The worker in this process, until nothing is ready."""
    call_command("email_worker", batch=True, threads=1)


def statuses() -> list[str]:
    return sorted({row.status for row in queued_rows()})


def assert_each_sent_once(sink, message_ids: list[str]) -> None:
    delivered = sink.message_ids()
    assert sorted(delivered) == sorted(message_ids), "an email is missing, or one was never queued"
    assert {count for count in delivered.values()} == {1}, [i for i, n in delivered.items() if n > 1]


# -- the mail server ----------------------------------------------------------------------------------


@postgresql_only
def test_emails_queued_while_the_mail_server_is_down_are_all_sent_once_it_is_back(smtp_sink, worker):
    smtp_sink.stop()
    with transaction.atomic():
        ids = queue_emails(30)
    process = worker(TASK_RETRY_DELAYS="1,2")

    # Each is tried, refused (no server), and kept for another attempt: none is failed for good.
    wait_until(
        lambda: all(row.traceback and row.status == READY for row in queued_rows()), 60, "every email tried once"
    )
    assert smtp_sink.received == []
    smtp_sink.start()
    smtp_sink.wait_for(30)

    wait_until(lambda: statuses() == [SENT], 30, "every email recorded as sent")
    assert_each_sent_once(smtp_sink, ids)
    assert process.alive
    assert process.stop() == 0


@postgresql_only
def test_a_mail_server_restart_in_the_middle_of_a_backlog_loses_nothing_and_doubles_nothing(smtp_sink, worker):
    smtp_sink.delay = 0.05  # a backlog: emails are still waiting when the server goes
    with transaction.atomic():
        ids = queue_emails(60)
    process = worker(threads=2, TASK_RETRY_DELAYS="1")
    smtp_sink.wait_for(10)

    smtp_sink.stop()
    time.sleep(2.8)
    smtp_sink.start()

    smtp_sink.wait_for(60, 90)
    wait_until(lambda: statuses() == [SENT], 30, "every email recorded as sent")
    assert_each_sent_once(smtp_sink, ids)
    assert any(len(row.worker_ids) > 1 for row in queued_rows())  # some were refused and tried again
    assert process.stop() == 0


def test_emails_go_in_batches_over_one_smtp_connection(send_to_sink, settings):
    settings.EMAIL_BATCH_SIZE = 20
    with transaction.atomic():
        ids = queue_emails(50)

    run_worker_here()

    assert_each_sent_once(send_to_sink, ids)
    assert send_to_sink.sessions == 3  # 20, 20 and 10


def test_a_failed_email_is_tried_again_after_each_delay_in_turn_then_given_up(send_to_sink, settings):
    settings.TASK_RETRY_DELAYS = [60, 300, 1800]
    settings.TASK_GIVE_UP_AFTER = 2 * 24 * 3600
    send_to_sink.stop()
    with transaction.atomic():
        queue_emails(1)

    waits = []
    for _attempt in range(5):
        run_worker_here()
        (row,) = queued_rows()
        assert row.status == READY
        waits.append(round((row.run_after - timezone.now()).total_seconds() / 60))
        make_due([row])
    assert waits == [1, 5, 30, 30, 30]
    assert "ConnectionRefusedError" in row.traceback

    # Two days after it was queued, the next failure is the last one.
    DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=timezone.now() - timedelta(days=2))
    run_worker_here()

    (row,) = queued_rows()
    assert row.status == FAILED
    assert len(row.worker_ids) == 6
    assert "ConnectionRefusedError" in row.traceback


def test_the_last_attempt_comes_when_the_two_days_are_up(send_to_sink, settings):
    settings.TASK_RETRY_DELAYS = [6 * 3600]
    send_to_sink.stop()
    with transaction.atomic():
        queue_emails(1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(days=2, hours=-1))

    run_worker_here()

    (row,) = queued_rows()
    assert row.status == READY
    assert abs((row.run_after - (row.enqueued_at + timedelta(days=2))).total_seconds()) < 1


def test_an_address_the_mail_server_refuses_for_good_is_given_up_at_once_and_the_others_go(send_to_sink):
    send_to_sink.refused = {"invited-1@example.org"}
    with transaction.atomic():
        ids = queue_emails(3)

    run_worker_here()

    assert sorted(send_to_sink.message_ids()) == sorted([ids[0], ids[2]])
    refused = next(row for row in queued_rows() if row.args_kwargs["args"][1] == "invited-1@example.org")
    assert refused.status == FAILED
    assert "550" in refused.traceback and "No such mailbox here" in refused.traceback
    assert len(refused.worker_ids) == 1


def test_a_message_id_stays_the_same_on_every_attempt(send_to_sink, settings):
    settings.TASK_RETRY_DELAYS = [60]
    send_to_sink.stop()
    with transaction.atomic():
        (queued,) = queue_emails(1)
    run_worker_here()
    send_to_sink.start()
    make_due(queued_rows())

    run_worker_here()

    assert list(send_to_sink.message_ids()) == [queued]
    assert len(queued_rows()[0].worker_ids) == 2


# -- the worker ---------------------------------------------------------------------------------------


@postgresql_only
def test_a_worker_killed_in_the_middle_of_a_send_leaves_its_emails_to_the_next_after_the_lease(smtp_sink, worker):
    lease = 4
    smtp_sink.hold_from = 6  # the 7th and later answers wait: each thread is caught in the middle of a send
    with transaction.atomic():
        ids = queue_emails(20)
    first = worker(threads=2, EMAIL_BATCH_SIZE="5", TASK_LEASE=str(lease))
    wait_until(lambda: smtp_sink.waiting == 2, 60, "both threads waiting for the server's answer")

    first.kill()
    killed_at = timezone.now()
    smtp_sink.hold_from = None
    wait_until(lambda: smtp_sink.waiting == 0, 10, "the killed worker's connections closed")
    assert len(smtp_sink.received) == 6
    caught = {row.pk: row.started_at for row in queued_rows() if row.status == RUNNING}
    assert len(caught) >= 2  # the two emails being sent, and the rest of their batches
    worker("second.log", threads=2, TASK_LEASE=str(lease))

    smtp_sink.wait_for(20, 90)
    wait_until(lambda: statuses() == [SENT], 30, "every email recorded as sent")
    assert_each_sent_once(smtp_sink, ids)
    for row in queued_rows():
        if row.pk in caught:  # taken again only once the lease was over
            assert len(row.worker_ids) == 2
            assert (row.started_at - caught[row.pk]).total_seconds() >= lease
            assert row.started_at >= killed_at
        else:  # the ones the killed worker had sent and recorded, or never took, went once
            assert len(row.worker_ids) == 1


@postgresql_only
def test_a_stopped_worker_finishes_the_email_at_hand_and_hands_back_the_rest(smtp_sink, worker):
    smtp_sink.hold_from = 2
    with transaction.atomic():
        ids = queue_emails(10)
    process = worker(threads=1, EMAIL_BATCH_SIZE="10")
    wait_until(lambda: smtp_sink.waiting == 1, 60, "the worker waiting for the server's answer")

    process.process.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    smtp_sink.hold_from = None

    assert process.stop(signal_it=False) == 0
    assert sorted(smtp_sink.message_ids()) == sorted(ids[:3])
    rows = {row.args_kwargs["args"][1]: row for row in queued_rows()}
    assert [rows[f"invited-{n}@example.org"].status for n in range(10)] == [SENT] * 3 + [READY] * 7
    assert all(rows[f"invited-{n}@example.org"].worker_ids == [] for n in range(3, 10))


# -- the database -------------------------------------------------------------------------------------


@postgresql_only
def test_the_worker_survives_the_database_ending_its_sessions_busy_or_idle(smtp_sink, worker):
    smtp_sink.delay = 0.02
    with transaction.atomic():
        ids = queue_emails(80)
    process = worker(threads=2)

    # Busy: cut while emails are being sent and recorded, twice.
    smtp_sink.wait_for(10)
    assert cut_every_connection() >= 1
    smtp_sink.wait_for(40)
    assert cut_every_connection() >= 1
    smtp_sink.wait_for(80, 120)
    wait_until(lambda: statuses() == [SENT], 60, "every email recorded as sent")

    # Idle: cut while it waits for work, then queue more.
    time.sleep(1)
    cut_every_connection()
    time.sleep(1)
    with transaction.atomic():
        ids += queue_emails(10, start=80)

    smtp_sink.wait_for(90, 60)
    wait_until(lambda: statuses() == [SENT], 60, "every email recorded as sent")
    assert_each_sent_once(smtp_sink, ids)
    assert process.alive, process.output()
    assert "Database unavailable" in process.output() or "database is unavailable" in process.output()
    assert process.stop() == 0
