"""A confirmation email that could not be sent shows on the organizers' dashboard, which sends it again.

Emails go by SMTP to a real local server (tests/helpers/smtp.py), which refuses an address or is
stopped; the worker is the real one, run in this process.
"""

import re
from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from r2p_letters.lib import emails
from r2p_letters.signatures.models import Signature
from r2p_letters.signatures.services import sign_on_close

from ..helpers.signing import SIGNER, url
from ..helpers.smtp import text_of
from ..helpers.worker import make_due

REFUSED = "joseph@lcdh.example.org"


def partner(n: int) -> dict:
    return {**SIGNER, "organization": f"Partner Network {n}", "email": f"partner-{n}@example.org"}


def sign(client, sign_on, data: dict) -> None:
    assert client.post(f"/letters/{sign_on.letter.slug}/sign/", data).status_code == 302


def delivered_to(sink, address: str) -> list:
    return [message for message in sink.received if message["To"] == address]


def confirmation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/sign/confirm/\S+)", text_of(message)).group(1)


def emails_queued_to(address: str) -> int:
    rows = DBTaskResult.objects.filter(task_path=emails.DELIVER)
    return sum(1 for row in rows if row.args_kwargs["args"][1] == address)


def test_an_address_the_mail_server_refuses_shows_on_the_dashboard_and_its_email_goes_once_sent_again(
    as_, client, open_sign_on, send_to_sink, run_worker
):
    send_to_sink.refused = {REFUSED}
    sign(client, open_sign_on, SIGNER)
    sign(client, open_sign_on, partner(1))
    run_worker()
    assert [message["To"] for message in send_to_sink.received] == ["partner-1@example.org"]

    organizer = as_("editor")
    page = organizer.get(url("dashboard", open_sign_on)).text
    assert "1 confirmation email could not be sent" in page
    assert page.count("confirmation email could not be sent</span>") == 1
    assert "(550, b&#x27;5.1.1 No such mailbox here&#x27;)" in page  # what the mail server said

    send_to_sink.refused.clear()  # the signer's mailbox works again
    signature = Signature.objects.get(email=REFUSED)
    answer = organizer.post(url("signature", open_sign_on, signature.pk), {"action": "resend"}, follow=True)
    assert "A new confirmation email is on its way to 1 signer." in answer.text
    run_worker()

    (message,) = delivered_to(send_to_sink, REFUSED)
    assert "is confirmed" in client.post(confirmation_path(message)).text
    assert Signature.objects.get(email=REFUSED).status == Signature.Status.CONFIRMED
    assert "could not be sent" not in organizer.get(url("dashboard", open_sign_on)).text


def test_emails_tried_for_two_days_in_vain_are_listed_and_sent_again_all_at_once(
    as_, client, open_sign_on, send_to_sink, run_worker, settings
):
    send_to_sink.stop()
    for n in range(3):
        sign(client, open_sign_on, partner(n))
    sign(client, open_sign_on, SIGNER)
    run_worker()
    organizer = as_("owner")
    # Still being tried again: nothing to tell the organizers yet.
    assert "could not be sent" not in organizer.get(url("dashboard", open_sign_on)).text

    # Two days later, the last attempts fail too (the fourth signer confirmed meanwhile, by a link sent again).
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(days=2))
    make_due(DBTaskResult.objects.filter(task_path=emails.DELIVER))
    run_worker()
    Signature.objects.filter(email=REFUSED).update(status=Signature.Status.CONFIRMED)
    page = organizer.get(url("dashboard", open_sign_on)).text
    assert "3 confirmation emails could not be sent" in page
    listed = organizer.get(url("dashboard", open_sign_on) + "?undelivered=on").text
    assert all(f"partner-{n}@example.org" in listed for n in range(3)) and REFUSED not in listed

    send_to_sink.start()
    answer = organizer.post(url("resend_confirmations", open_sign_on), follow=True)
    assert "A new confirmation email is on its way to 3 signers." in answer.text
    run_worker()

    assert sorted(message["To"] for message in send_to_sink.received) == [f"partner-{n}@example.org" for n in range(3)]
    assert "could not be sent" not in organizer.get(url("dashboard", open_sign_on)).text


def test_asking_twice_sends_one_new_email(as_, client, open_sign_on, send_to_sink, run_worker):
    send_to_sink.refused = {REFUSED}
    sign(client, open_sign_on, SIGNER)
    run_worker()
    organizer = as_("editor")

    first = organizer.post(url("resend_confirmations", open_sign_on), follow=True)
    second = organizer.post(url("resend_confirmations", open_sign_on), follow=True)

    assert "A new confirmation email is on its way to 1 signer." in first.text
    assert "There was no confirmation email to send again" in second.text
    assert emails_queued_to(REFUSED) == 2  # the first, refused, and one sent again


def test_only_the_organizers_may_send_confirmations_again(as_, client, open_sign_on, send_to_sink, run_worker):
    send_to_sink.refused = {REFUSED}
    sign(client, open_sign_on, SIGNER)
    run_worker()
    signature = Signature.objects.get()

    for who, status in [("viewer", 403), ("outsider", 404)]:
        assert as_(who).post(url("resend_confirmations", open_sign_on)).status_code == status
        assert as_(who).post(url("signature", open_sign_on, signature.pk), {"action": "resend"}).status_code == status
    anonymous = as_(None).post(url("resend_confirmations", open_sign_on))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert as_("editor").get(url("resend_confirmations", open_sign_on)).status_code == 405
    assert emails_queued_to(REFUSED) == 1


def test_sending_again_counts_against_the_organizers_email_limits(
    as_, client, open_sign_on, send_to_sink, run_worker, settings
):
    settings.EMAIL_RATE_PER_USER = "2/h"
    send_to_sink.refused = {REFUSED}
    sign(client, open_sign_on, SIGNER)
    run_worker()
    organizer = as_("editor")
    for _ in range(2):
        organizer.post(url("resend_confirmations", open_sign_on))
        run_worker()  # refused again, given up again
    queued = emails_queued_to(REFUSED)

    answer = organizer.post(url("resend_confirmations", open_sign_on))

    assert answer.status_code == 429
    assert "You have sent as many emails as you can for now. Nothing was sent" in answer.text
    assert "1 confirmation email could not be sent" in answer.text  # the dashboard, as it was
    assert emails_queued_to(REFUSED) == queued == 3


def test_a_closed_sign_on_sends_no_confirmation_again(as_, client, open_sign_on, send_to_sink, run_worker):
    send_to_sink.refused = {REFUSED}
    sign(client, open_sign_on, SIGNER)
    run_worker()
    sign_on_close(sign_on=open_sign_on)

    answer = as_("editor").post(url("resend_confirmations", open_sign_on), follow=True)

    assert "The sign-on is closed: a confirmation link would not work. Reopen it first." in answer.text
    assert emails_queued_to(REFUSED) == 1
