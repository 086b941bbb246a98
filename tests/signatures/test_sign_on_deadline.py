"""A sign-on closes by itself at its deadline (the worker runs the queued closing), or by hand."""

import datetime

from django.utils import timezone

from r2p_letters.letters.models import Letter
from r2p_letters.signatures.models import Signature, SignOn
from r2p_letters.signatures.services import sign_on_close

from ..helpers.signing import SIGNER


def test_the_worker_closes_the_sign_on_once_its_deadline_has_passed(open_sign_on, run_worker):
    SignOn.objects.filter(pk=open_sign_on.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(run_after=timezone.now())  # as if the clock had reached the deadline

    run_worker()

    open_sign_on.refresh_from_db()
    assert open_sign_on.closed_at is not None
    assert Letter.objects.get(pk=open_sign_on.letter_id).status == Letter.Status.CLOSED


def test_the_closing_task_does_nothing_before_the_deadline(open_sign_on, run_worker):
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(run_after=timezone.now())

    run_worker()

    open_sign_on.refresh_from_db()
    assert open_sign_on.closed_at is None


def test_past_the_deadline_the_sign_page_takes_no_signature_even_before_the_worker_runs(client, open_sign_on):
    SignOn.objects.filter(pk=open_sign_on.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))

    page = client.get(f"/letters/{open_sign_on.letter.slug}/sign/")
    response = client.post(f"/letters/{open_sign_on.letter.slug}/sign/", SIGNER)

    assert "no longer takes signatures" in page.text
    assert response.status_code == 409
    assert not Signature.objects.exists()


def test_closed_by_hand_the_letter_keeps_its_signatures_and_shows_the_count(client, open_sign_on):
    sign_on_close(sign_on=open_sign_on)

    page = client.get(f"/letters/{open_sign_on.letter.slug}/")

    assert page.status_code == 200
    assert "The sign-on is closed." in page.text
    assert "Sign this letter" not in page.text
