"""The database drops every connection while partners are signing: they are told to send again, nothing
committed is lost, and the running server signs again at once, without a restart.

The outage itself runs on PostgreSQL against a live server: signers are held inside their
transaction by a row lock taken from a separate connection, so the connections are cut while
requests are mid-flight.
"""

import threading
import time

import psycopg
import pytest
from django.db import OperationalError, connection

from r2p_letters.signatures.models import Signature

from ..helpers.database import superuser_connection, terminate_every_other_connection
from ..helpers.http import Browser, run_in_threads, sign_jobs, signer
from ..helpers.signing import SIGNER

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: the test cuts server connections with pg_terminate_backend",
)

COMMITTED_BEFORE = 20
CAUGHT_MID_REQUEST = 6


@pytest.fixture
def no_rate_limits(settings):
    settings.SIGN_RATE_PER_IP = "100000/h"
    settings.SIGN_RATE_PER_EMAIL = "100000/h"


def wait_for_lock_waiters(admin: psycopg.Connection, count: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        waiting = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()[0]
        if waiting >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"only {waiting} of {count} requests reached the database")


def keep_reading(url: str, path: str, stop: threading.Event, answers: list) -> None:
    """A visitor reading a page again and again until ``stop``: the answers it got."""
    while not stop.is_set() and len(answers) < 2000:
        answers.append(Browser(url).request("GET", path))


@postgresql_only
def test_a_lost_database_connection_is_a_clear_503_and_the_server_recovers_without_restart(
    live_server, open_sign_on, no_rate_limits
):
    sign_path = f"/letters/{open_sign_on.letter.slug}/sign/"
    before = run_in_threads(sign_jobs(live_server.url, sign_path, [(signer(n), 1) for n in range(COMMITTED_BEFORE)]))
    assert before == [302] * COMMITTED_BEFORE

    caught = [(Browser(live_server.url), signer(100 + n)) for n in range(CAUGHT_MID_REQUEST)]
    tokens = [browser.open_form(sign_path) for browser, _data in caught]
    stop, readings = threading.Event(), []
    readers = [
        threading.Thread(target=keep_reading, args=[live_server.url, sign_path, stop, readings]) for _ in range(2)
    ]
    answers = [None] * CAUGHT_MID_REQUEST

    def send(i: int) -> None:
        browser, data = caught[i]
        answers[i] = browser.post(sign_path, data, tokens[i])

    try:
        with superuser_connection() as admin:
            # Every signature's insert checks its sign-on row: locking that row holds the signers mid-transaction.
            admin.execute("SELECT id FROM signatures_signon WHERE id = %s FOR UPDATE", [open_sign_on.pk])
            senders = [threading.Thread(target=send, args=[i]) for i in range(CAUGHT_MID_REQUEST)]
            for thread in senders + readers:
                thread.start()
            wait_for_lock_waiters(admin, CAUGHT_MID_REQUEST)
            assert terminate_every_other_connection(admin) >= CAUGHT_MID_REQUEST
            admin.rollback()
            for thread in senders:
                thread.join(60)
        time.sleep(0.5)  # the readers go on through and after the outage
    finally:
        stop.set()
        for thread in readers:
            if thread.ident:
                thread.join(60)
    # This test's own connection was cut too: closed first, so the pool discards it instead of lending it.
    connection.connection.close()
    connection.close()

    for answer in answers:
        assert answer.status == 503
        assert answer.headers["retry-after"].isdigit()
        assert "The database is unavailable for a moment" in answer.text
        assert "Your details were not saved." in answer.text
        assert "Traceback" not in answer.text
    assert readings and {a.status for a in readings} <= {200, 503}
    assert all("The database is unavailable for a moment" in a.text for a in readings if a.status == 503)
    assert Signature.objects.count() == COMMITTED_BEFORE
    assert set(Signature.objects.values_list("email", flat=True)) == {
        signer(n)["email"] for n in range(COMMITTED_BEFORE)
    }

    # The same running server: every signer sends the form again, and new signers come.
    again = [browser.post(sign_path, data, browser.open_form(sign_path)).status for browser, data in caught]
    after = run_in_threads(sign_jobs(live_server.url, sign_path, [(signer(200 + n), 1) for n in range(30)]))

    assert again == [302] * CAUGHT_MID_REQUEST
    assert after == [302] * 30
    assert Signature.objects.count() == COMMITTED_BEFORE + CAUGHT_MID_REQUEST + 30


@postgresql_only
def test_connections_cut_while_nobody_signs_cost_at_most_one_request(live_server, open_sign_on, no_rate_limits):
    sign_path = f"/letters/{open_sign_on.letter.slug}/sign/"
    # Enough signers at once that the server's pool holds several connections, all idle afterwards.
    assert run_in_threads(sign_jobs(live_server.url, sign_path, [(signer(n), 1) for n in range(40)])) == [302] * 40
    with superuser_connection() as admin:
        assert terminate_every_other_connection(admin) >= 2
    connection.connection.close()
    connection.close()

    pages = [Browser(live_server.url).request("GET", sign_path) for _ in range(20)]

    assert [p.status for p in pages[1:]] == [200] * 19
    assert pages[0].status in (200, 503)
    assert pages[0].status == 200 or "The database is unavailable for a moment" in pages[0].text


class DatabaseGone:
    """An execute wrapper: every query fails as when the server ends the session. Counts the attempts."""

    def __init__(self):
        self.attempts = 0

    def __call__(self, execute, sql, params, many, context):
        self.attempts += 1
        raise OperationalError("terminating connection due to administrator command")


def test_a_signer_who_loses_the_database_is_told_to_send_again_and_nothing_more_is_read(client, open_sign_on, people):
    client.force_login(people["outsider"])  # the site's layout would read the session and the user
    gone = DatabaseGone()

    with connection.execute_wrapper(gone):
        response = client.post(
            f"/letters/{open_sign_on.letter.slug}/sign/",
            SIGNER,
            HTTP_REFERER=f"http://testserver/letters/{open_sign_on.letter.slug}/sign/",
        )

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "The database is unavailable for a moment" in response.text
    assert "Your details were not saved." in response.text
    assert f'href="http://testserver/letters/{open_sign_on.letter.slug}/sign/"' in response.text
    # Going back through the browser's history keeps what was typed; the page's one script does it, by nonce.
    nonce = response.text.split('<script nonce="', 1)[1].split('"', 1)[0]
    assert f"script-src 'self' 'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert gone.attempts == 1  # the outage page itself reads nothing
    assert not Signature.objects.exists()


def test_a_page_read_during_an_outage_says_to_try_again(client, open_sign_on):
    with connection.execute_wrapper(DatabaseGone()):
        response = client.get(f"/letters/{open_sign_on.letter.slug}/sign/")

    assert response.status_code == 503
    assert "This page could not be shown. Please try again in 10 seconds." in response.text
    assert "Your details were not saved." not in response.text
