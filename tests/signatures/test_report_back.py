"""Organizers report back what came of the letter: one email, once, to each signer who agreed to be contacted, in
the signer's language, through the queue (a real SMTP server, the real worker), with a preview and a count first,
and the dashboard saying how many were sent and how many could not be."""

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from r2p_letters.lib import emails
from r2p_letters.organizations.services import organization_create
from r2p_letters.signatures.models import ReportBack, ReportBackEmail, Signature
from r2p_letters.signatures.services import ReportBackSent, report_back_send, signature_withdraw

from ..helpers.signing import sign, url
from ..helpers.smtp import text_of
from ..helpers.worker import make_due

REPORT_SUBJECTS = ("What came of the letter", "Ce qu’il est advenu de la lettre")
MESSAGE = "The letter was delivered to the 15 members on 3 March. The Council renewed MINUSCA's mandate: S/RES/2810."


@pytest.fixture
def signers(open_sign_on):
    """Two signers who agreed to be contacted (one signed in French), one who did not, one who withdrew, one whose
    signature awaits confirmation."""
    made = {
        "english": sign(open_sign_on, "Sudan Human Rights Hub", email="hub@example.org", person_name="Amina Idris"),
        "french": sign(open_sign_on, "Ligue des droits", email="ligue@example.org", person_name="Joseph Bindoumi"),
        "silent": sign(open_sign_on, "Quiet Network", email="quiet@example.org", person_name="Nadia Quiet"),
        "withdrawn": sign(open_sign_on, "Gone Away", email="gone@example.org", person_name="Paul Gone"),
        "pending": sign(open_sign_on, "Not Yet", email="notyet@example.org", person_name="Lea Later", confirm=False),
    }
    Signature.objects.filter(pk__in=[s.pk for n, s in made.items() if n != "silent"]).update(may_contact=True)
    Signature.objects.filter(pk=made["french"].pk).update(language="fr")
    signature_withdraw(signature=Signature.objects.get(pk=made["withdrawn"].pk))
    return made


def queued_report_emails() -> list[DBTaskResult]:
    return [
        r for r in DBTaskResult.objects.filter(task_path=emails.DELIVER) if r.args_kwargs["args"][0] == "report-back"
    ]


def preview(client, sign_on, message=MESSAGE):
    return client.post(url("report_back", sign_on), {"message": message, "action": "preview"})


def send(client, sign_on, count, message=MESSAGE):
    return client.post(url("report_back", sign_on), {"message": message, "recipients": count, "action": "send"})


@pytest.mark.django_db(transaction=True)
def test_the_report_goes_once_to_exactly_the_signers_who_agreed_each_in_their_language(
    as_, open_sign_on, signers, send_to_sink, run_worker
):
    organizer = as_("editor")

    shown = preview(organizer, open_sign_on)
    assert shown.status_code == 200
    assert "Preview: this goes to 2 signers" in shown.text
    assert "In English, to 1 signer" in shown.text and "In French, to 1 signer" in shown.text
    assert "Ce qu’il est advenu de la lettre" in shown.text
    assert not queued_report_emails()  # a preview sends nothing

    sent = send(organizer, open_sign_on, 2)
    assert sent.status_code == 302
    run_worker()

    received = {m["To"]: m for m in send_to_sink.received if m["Subject"].startswith(REPORT_SUBJECTS)}
    assert sorted(received) == ["hub@example.org", "ligue@example.org"]
    english, french = text_of(received["hub@example.org"]), text_of(received["ligue@example.org"])
    assert received["hub@example.org"]["Subject"] == "What came of the letter: Protect civilians in El Fasher"
    assert (
        received["ligue@example.org"]["Subject"]
        == "Ce qu’il est advenu de la lettre\u00a0: Protect civilians in El Fasher"
    )
    assert "Hello Amina Idris," in english and MESSAGE in english
    assert "Bonjour Joseph Bindoumi," in french and MESSAGE in french
    for text, other in [(english, signers["french"]), (french, signers["english"])]:
        for detail in (other.person_name, other.email, other.organization):
            assert detail not in text  # no other signer's data

    again = send(organizer, open_sign_on, 2)
    assert again.status_code == 409
    assert "it is sent once" in again.text
    run_worker()
    assert len(queued_report_emails()) == 2 and ReportBack.objects.count() == 1
    dashboard = organizer.get(url("dashboard", open_sign_on)).text
    assert "To 2 signers: 2 sent, 0 on the way, 0 could not be sent." in dashboard


@pytest.mark.django_db
def test_a_send_after_the_count_changed_shows_the_preview_again_and_sends_nothing(as_, open_sign_on, signers):
    organizer = as_("editor")

    answer = send(organizer, open_sign_on, 5)

    assert answer.status_code == 200
    assert "The number of signers to contact changed meanwhile" in answer.text
    assert "Send to 2 signers" in answer.text and MESSAGE.replace("'", "&#x27;") in answer.text
    assert not ReportBack.objects.exists() and not queued_report_emails()


@pytest.mark.django_db
def test_an_empty_message_is_refused_and_a_long_one_kept(as_, open_sign_on, signers):
    organizer = as_("editor")
    empty = preview(organizer, open_sign_on, message="   ")
    long = send(organizer, open_sign_on, 2, message="x" * 5001)

    assert (empty.status_code, long.status_code) == (400, 400)
    assert "x" * 5001 in long.text
    assert not ReportBack.objects.exists()


@pytest.mark.django_db
def test_a_second_send_by_the_service_is_refused(open_sign_on, signers, people):
    report_back_send(sign_on=open_sign_on, message=MESSAGE, user=people["editor"])

    with pytest.raises(ReportBackSent):
        report_back_send(sign_on=open_sign_on, message="Again", user=people["owner"])

    assert ReportBackEmail.objects.count() == 2 and len(queued_report_emails()) == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two transactions at once need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_sends_at_the_same_moment_send_once(open_sign_on, signers, people):
    barrier, outcomes = threading.Barrier(2), []

    def send_now(user):
        try:
            barrier.wait(5)
            report_back_send(sign_on=open_sign_on, message=MESSAGE, user=user)
            outcomes.append("sent")
        except ReportBackSent:
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=send_now, args=(people[name],)) for name in ("owner", "editor")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(outcomes) == ["refused", "sent"]
    assert ReportBack.objects.count() == 1 and len(queued_report_emails()) == 2


@pytest.mark.django_db(transaction=True)
def test_when_the_mail_server_is_down_the_queue_tries_again_and_the_dashboard_counts(
    as_, open_sign_on, signers, send_to_sink, run_worker
):
    organizer = as_("editor")
    send_to_sink.stop()
    send_to_sink.received.clear()
    send(organizer, open_sign_on, 2)
    run_worker()

    assert not send_to_sink.received
    rows = queued_report_emails()
    assert {row.status for row in rows} == {TaskResultStatus.READY} and all(len(row.worker_ids) == 1 for row in rows)
    assert (
        "To 2 signers: 0 sent, 2 on the way, 0 could not be sent." in organizer.get(url("dashboard", open_sign_on)).text
    )

    send_to_sink.refused = {"ligue@example.org"}
    send_to_sink.start()
    make_due(rows)
    run_worker()

    assert [m["To"] for m in send_to_sink.received] == ["hub@example.org"]
    page = organizer.get(url("report_back", open_sign_on)).text
    assert (
        "To 2 signers: 1 sent, 0 on the way, 1 could not be sent." in organizer.get(url("dashboard", open_sign_on)).text
    )
    assert 'Could not be sent</dt><dd class="col-4 col-sm-8">1</dd>' in page


@pytest.mark.django_db
def test_an_address_that_had_too_many_emails_stops_the_send_and_nothing_goes(as_, open_sign_on, signers, settings):
    settings.EMAIL_RATE_PER_ADDRESS = "0/h"

    answer = send(as_("editor"), open_sign_on, 2)

    assert answer.status_code == 429
    assert "Too many emails went to these addresses" in answer.text and MESSAGE.replace("'", "&#x27;") in answer.text
    assert not ReportBack.objects.exists() and not queued_report_emails()


@pytest.mark.django_db
def test_a_large_report_is_paced_in_the_queue(open_sign_on, signers, people, settings):
    settings.REPORT_BACK_PER_MINUTE = 1

    report_back_send(sign_on=open_sign_on, message=MESSAGE, user=people["editor"])

    rows = queued_report_emails()
    ready_now = DBTaskResult.objects.ready().filter(pk__in=[row.pk for row in rows])
    assert ready_now.count() == 1  # one a minute: the second waits
    (later,) = [row for row in rows if row.pk != ready_now.get().pk]
    assert timezone.now() + timedelta(seconds=50) <= later.run_after <= timezone.now() + timedelta(minutes=2)


@pytest.mark.django_db
def test_strangers_and_viewers_cannot_see_or_send_the_report(as_, open_sign_on, signers, django_user_model, client):
    stranger = django_user_model.objects.create_user(email="stranger@example.org", password="pw-12345!x")
    organization_create(user=stranger, name="Another NGO", city="Geneva", country="CH")
    client.force_login(stranger)
    page = url("report_back", open_sign_on)

    assert client.get(page).status_code == 404
    assert send(client, open_sign_on, 2).status_code == 404
    anonymous = as_(None).post(page, {"message": MESSAGE, "recipients": 2, "action": "send"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert send(as_("viewer"), open_sign_on, 2).status_code == 403
    assert not ReportBack.objects.exists()
