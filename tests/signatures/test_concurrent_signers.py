"""Many partners sign at once, over real HTTP against a live server: no signature lost, none doubled.

PostgreSQL only: SQLite serialises every write, so it cannot show what concurrent requests do.
Each visitor is a `Browser` in its own thread: it opens the page (for the CSRF cookie and token)
and then posts, as a person's browser does.
"""

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from r2p_letters.letters.models import Signatory
from r2p_letters.signatures.models import Signature, SignOn

from ..helpers.http import confirm_jobs, run_in_threads, sign_jobs, signer
from ..helpers.signing import link_in

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises all writes, so nothing runs concurrently",
)

SIGNERS = 200
DOUBLE_SUBMITTERS = 50
DELIVER = "r2p_letters.lib.emails.deliver"


@pytest.fixture
def no_rate_limits(settings):
    settings.SIGN_RATE_PER_IP = "100000/h"
    settings.SIGN_RATE_PER_EMAIL = "100000/h"


def queued_emails(name: str) -> list[dict]:
    return [
        row.args_kwargs["args"]
        for row in DBTaskResult.objects.filter(task_path=DELIVER)
        if row.args_kwargs["args"][0] == name
    ]


def test_two_hundred_signers_at_once_make_two_hundred_confirmable_signatures(
    live_server, open_sign_on, no_rate_limits, run_worker
):
    sign_path = f"/letters/{open_sign_on.letter.slug}/sign/"
    # The first 50 submit twice at the same instant (two browsers, released together).
    signers = [(signer(n), 2 if n < DOUBLE_SUBMITTERS else 1) for n in range(SIGNERS)]

    statuses = run_in_threads(sign_jobs(live_server.url, sign_path, signers))

    assert statuses.count(302) == SIGNERS, sorted(set(statuses))
    assert statuses.count(409) == DOUBLE_SUBMITTERS  # the second of each pair is told it already signed
    assert Signature.objects.count() == SIGNERS
    assert sorted(Signature.objects.values_list("email_key", flat=True)) == sorted(
        data["email"] for data, _times in signers
    )
    confirmations = queued_emails("signature-confirm")
    assert sorted(args[1] for args in confirmations) == sorted(data["email"] for data, _times in signers)

    sent = run_worker()
    paths = [link_in(message, "/sign/confirm/") for message in sent]
    assert len(paths) == SIGNERS
    answers = run_in_threads(confirm_jobs(live_server.url, [(path, 1) for path in paths]))

    assert [a.status for a in answers] == [200] * SIGNERS
    assert all("is confirmed" in a.text for a in answers)
    assert Signature.objects.filter(status=Signature.Status.CONFIRMED).count() == SIGNERS
    assert SignOn.objects.get().shown_count == SIGNERS
    assert Signatory.objects.filter(source=Signatory.Source.ONLINE).count() == SIGNERS
    assert len(queued_emails("signature-confirmed")) == SIGNERS


def test_the_same_confirmation_link_pressed_twice_at_the_same_instant_confirms_once(
    live_server, open_sign_on, no_rate_limits, run_worker
):
    sign_path = f"/letters/{open_sign_on.letter.slug}/sign/"
    run_in_threads(sign_jobs(live_server.url, sign_path, [(signer(n), 1) for n in range(20)]))
    paths = [link_in(message, "/sign/confirm/") for message in run_worker()]
    assert len(paths) == 20
    mail_before = len(paths)

    answers = run_in_threads(confirm_jobs(live_server.url, [(path, 2) for path in paths]))

    assert [a.status for a in answers] == [200] * 40
    assert sum("is confirmed" in a.text for a in answers) == 20
    assert sum("already confirmed" in a.text for a in answers) == 20
    assert SignOn.objects.get().shown_count == 20
    assert Signatory.objects.filter(source=Signatory.Source.ONLINE).count() == 20
    confirmed_mail = [m for m in run_worker()[mail_before:] if "is confirmed" in m.subject]
    assert sorted(m.to[0] for m in confirmed_mail) == sorted(f"signer-{n}@example.org" for n in range(20))
