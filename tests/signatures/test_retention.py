"""The signers' contact details are erased a while after the sign-on closes or the letter is delivered, by a
daily run that keeps what prints, resumes after an interruption, and changes nothing when run again."""

import datetime
import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from r2p_letters.council.services import delivery_record
from r2p_letters.signatures.models import Signature, SignOnInvitation
from r2p_letters.signatures.services import contact_details_erase, contact_details_retention, sign_on_close

from ..helpers.signing import document, many, sign
from ..helpers.worker import ROOT, database_url

DAY = datetime.timedelta(days=1)


@pytest.fixture
def closed_sign_on(open_sign_on, people):
    sign(open_sign_on, "Ligue centrafricaine", email="ligue@example.org", person_name="Joseph Bindoumi")
    sign(open_sign_on, "Amnesty Bangui", email="amnesty@example.org", show_name=True, person_name="Marie Ndoumba")
    sign(open_sign_on, "Never confirmed", email="pending@example.org", confirm=False)
    SignOnInvitation.objects.create(sign_on=open_sign_on, email="partner@example.org", email_key="partner@example.org")
    sign_on_close(sign_on=open_sign_on, user=people["owner"])
    open_sign_on.refresh_from_db()
    return open_sign_on


@override_settings(CONTACT_RETENTION_DAYS=183)
def test_nothing_is_erased_before_the_retention_period_ends(closed_sign_on):
    done = contact_details_erase(now=closed_sign_on.closed_at + 182 * DAY)

    assert done == 0
    assert set(Signature.objects.values_list("email", flat=True)) == {
        "ligue@example.org",
        "amnesty@example.org",
        "pending@example.org",
    }


@override_settings(CONTACT_RETENTION_DAYS=183)
def test_after_the_period_contact_details_go_and_what_prints_stays(client, closed_sign_on):
    printed_before = document(client, closed_sign_on)

    contact_details_erase(now=closed_sign_on.closed_at + 184 * DAY)

    kept = {s.organization: s for s in Signature.objects.all()}
    assert set(kept) == {"Ligue centrafricaine", "Amnesty Bangui"}  # the one never confirmed is gone
    assert all(s.email == "" and s.ip_hash == "" and s.contact_erased_at for s in kept.values())
    assert kept["Ligue centrafricaine"].person_name == ""  # it did not print
    assert kept["Amnesty Bangui"].person_name == "Marie Ndoumba"  # the signer chose to print it
    assert not SignOnInvitation.objects.exists()
    assert not DBTaskResult.objects.filter(args_kwargs__args__1__iexact="ligue@example.org").exists()
    closed_sign_on.refresh_from_db()
    assert closed_sign_on.shown_count == 2
    assert document(client, closed_sign_on) == printed_before


@override_settings(CONTACT_RETENTION_DAYS=183)
def test_running_it_again_changes_nothing(closed_sign_on):
    later = closed_sign_on.closed_at + 184 * DAY
    contact_details_erase(now=later)
    first = list(Signature.objects.order_by("pk").values())

    assert contact_details_erase(now=later + DAY) == 0
    assert list(Signature.objects.order_by("pk").values()) == first


@override_settings(CONTACT_RETENTION_DAYS=183)
def test_a_delivery_after_closing_moves_the_erasure_later(closed_sign_on, people):
    delivered = (closed_sign_on.closed_at + 30 * DAY).date()
    delivery_record(
        letter=closed_sign_on.letter,
        user=people["owner"],
        delivered_on=delivered,
        recipients="members",
        country="",
        means="hand",
    )

    assert contact_details_erase(now=closed_sign_on.closed_at + 184 * DAY) == 0
    assert contact_details_erase(now=closed_sign_on.closed_at + 215 * DAY) > 0
    assert not Signature.objects.exclude(email="").exists()


@override_settings(CONTACT_RETENTION_DAYS=183)
def test_the_dashboard_says_when_in_the_sign_ons_time_zone(as_, closed_sign_on):
    closed_at = datetime.datetime(2026, 3, 1, 3, 30, tzinfo=datetime.UTC)  # 22:30 on 28 February in New York
    type(closed_sign_on).objects.filter(pk=closed_sign_on.pk).update(closed_at=closed_at)

    page = as_("owner").get(f"/letters/{closed_sign_on.letter.slug}/sign-on/")

    # 183 days of real time after 28 February 22:30 in New York (EST): 23:30 once summer time (EDT) began.
    assert "will be erased on 30 August 2026, 23:30 (America/New_York)" in page.text


@override_settings(CONTACT_RETENTION_DAYS=183)
def test_a_run_stopped_after_one_batch_is_taken_up_by_the_next(closed_sign_on):
    many(closed_sign_on, 5)  # unprinted rows, deleted in batches
    later = closed_sign_on.closed_at + 184 * DAY

    assert contact_details_erase(now=later, batch_size=2, batches=1) == 2
    assert Signature.objects.count() == 6
    contact_details_erase(now=later, batch_size=2)

    assert Signature.objects.count() == 2
    assert not Signature.objects.exclude(email="").exists()


def test_the_daily_task_queues_the_next_days_run(closed_sign_on):
    DBTaskResult.objects.filter(task_path=contact_details_retention.module_path).delete()

    contact_details_retention.call()

    waiting = DBTaskResult.objects.get(task_path=contact_details_retention.module_path, status="READY")
    assert waiting.run_after > timezone.now() + datetime.timedelta(hours=23)


@pytest.mark.django_db(transaction=True)
def test_a_run_killed_halfway_resumes_where_it_stopped(closed_sign_on):
    if connection.vendor != "postgresql":
        pytest.skip("another process shares the test database on PostgreSQL only")
    type(closed_sign_on).objects.filter(pk=closed_sign_on.pk).update(closed_at=timezone.now() - 400 * DAY)
    many(closed_sign_on, 400)
    env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "0", "SECRET_KEY": os.environ.get("SECRET_KEY", "x")}
    command = [sys.executable, str(ROOT / "manage.py"), "erase_contact_details", "--batch-size", "1"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while Signature.objects.count() > 300 and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    left = Signature.objects.count()
    assert 2 < left < 403, "the run was caught halfway"

    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)

    assert Signature.objects.count() == 2
    assert not Signature.objects.exclude(email="").exists()
