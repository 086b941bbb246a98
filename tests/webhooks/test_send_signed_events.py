"""Each event of a letter reaches its organization's endpoint as signed JSON, sent by the background worker."""

import hashlib
import hmac
import json
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from r2p_letters.council.services import delivery_record
from r2p_letters.letters import hooks
from r2p_letters.signatures.services import sign_on_close, signature_withdraw
from r2p_letters.webhooks.models import Delivery
from r2p_letters.webhooks.services import endpoint_create

from ..helpers.signing import sign

pytestmark = pytest.mark.django_db(transaction=True)


def webhook_tasks():
    return DBTaskResult.objects.filter(task_path="r2p_letters.webhooks.services.deliver")


def make_due() -> None:
    """As if the clock had reached the next try."""
    webhook_tasks().update(run_after=timezone.now())


def test_a_confirmed_signature_is_posted_with_a_timestamp_and_a_signature_of_both(
    open_sign_on, endpoint, receiver, run_worker
):
    sign(open_sign_on, "Ligue centrafricaine des droits de l'homme", email="joseph@lcdh.example.org")

    run_worker()

    assert receiver.events() == ["signature.confirmed"]
    request = receiver.requests[0]
    timestamp = request["headers"]["R2P-Webhook-Timestamp"]
    assert abs(int(timestamp) - time.time()) < 60
    expected = hmac.new(endpoint.secret.encode(), timestamp.encode() + b"." + request["body"], hashlib.sha256)
    assert request["headers"]["R2P-Webhook-Signature"] == "sha256=" + expected.hexdigest()
    assert request["headers"]["Content-Type"] == "application/json"
    data = json.loads(request["body"])["data"]
    assert data["letter"]["slug"] == "el-fasher"
    assert data["signature"]["organization"] == "Ligue centrafricaine des droits de l'homme"
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED


def test_a_body_signed_with_another_secret_does_not_verify(open_sign_on, endpoint, receiver, run_worker):
    sign(open_sign_on, "Ligue centrafricaine des droits de l'homme")
    run_worker()

    request = receiver.requests[0]
    timestamp = request["headers"]["R2P-Webhook-Timestamp"]
    forged = hmac.new(b"not-the-secret", timestamp.encode() + b"." + request["body"], hashlib.sha256)
    assert request["headers"]["R2P-Webhook-Signature"] != "sha256=" + forged.hexdigest()


def test_the_body_holds_no_email_and_no_name_the_signer_did_not_make_public(
    open_sign_on, endpoint, receiver, run_worker
):
    sign(open_sign_on, "Ligue centrafricaine", email="joseph@lcdh.example.org", person_name="Joseph Bindoumi")

    run_worker()

    body = receiver.requests[0]["body"].decode()
    assert "Ligue centrafricaine" in body
    assert "Joseph Bindoumi" not in body
    assert "@" not in body


@pytest.mark.parametrize("visibility", ["council", "counted"])
def test_a_signer_the_public_may_not_name_is_sent_without_a_name(
    open_sign_on, endpoint, receiver, run_worker, visibility
):
    sign(open_sign_on, "Réseau des défenseurs", city="Nyala", visibility=visibility)

    run_worker()

    body = json.loads(receiver.requests[0]["body"])["data"]["signature"]
    assert body["named"] is False and body["visibility"] == visibility
    assert "Réseau des défenseurs" not in json.dumps(body, ensure_ascii=False) and "Nyala" not in str(body)


def test_withdrawing_closing_and_delivering_are_each_sent(open_sign_on, endpoint, receiver, run_worker, people):
    signature = sign(open_sign_on, "Ligue centrafricaine")
    signature_withdraw(signature=signature)
    sign(open_sign_on, "Amnesty International")
    sign_on_close(sign_on=open_sign_on, user=people["owner"])
    delivery_record(
        letter=open_sign_on.letter,
        user=people["owner"],
        delivered_on=timezone.localdate(),
        recipients="members",
        country="",
        means="email",
    )

    run_worker()

    assert sorted(receiver.events()) == sorted(
        ["signature.confirmed", "signature.withdrawn", "signature.confirmed", "sign_on.closed", "letter.delivered"]
    )


def test_an_endpoint_receives_only_the_events_it_follows(
    open_sign_on, ngo, people, receiver, loopback_allowed, run_worker
):
    endpoint_create(organization=ngo, user=people["owner"], url=receiver.url, events=[hooks.SIGN_ON_CLOSED])
    sign(open_sign_on, "Ligue centrafricaine")
    sign_on_close(sign_on=open_sign_on, user=people["owner"])

    run_worker()

    assert receiver.events() == ["sign_on.closed"]


def test_an_event_whose_write_is_rolled_back_is_never_sent(open_sign_on, endpoint, receiver, run_worker, people):
    with pytest.raises(RuntimeError), transaction.atomic():
        sign_on_close(sign_on=open_sign_on, user=people["owner"])
        raise RuntimeError("the request failed after the close")

    run_worker()

    assert receiver.requests == []
    assert not Delivery.objects.exists()
    assert not webhook_tasks().exists()


def test_a_failing_endpoint_is_tried_again_after_longer_and_longer_waits_until_it_answers(
    open_sign_on, endpoint, receiver, run_worker, settings
):
    settings.TASK_RETRY_DELAYS = [60, 300, 1800]
    receiver.answers = [500, 503]
    sign(open_sign_on, "Ligue centrafricaine")

    waits = []
    for _try in range(3):  # 500, 503, then no server at all
        if _try == 2:
            receiver.down()
        before = timezone.now()
        run_worker()
        task = webhook_tasks().get()
        waits.append((task.run_after - before).total_seconds())
        make_due()
    receiver.up()
    run_worker()

    assert [round(wait, -1) for wait in waits] == [60, 300, 1800]
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.DELIVERED
    codes = [attempt.status_code for attempt in delivery.attempts.all()]
    assert codes == [500, 503, None, 200]
    assert "refused" in delivery.attempts.all()[2].error.lower()
    assert len(receiver.requests) == 3  # one copy arrived per answered try, the last one delivered


def test_a_delivery_is_given_up_a_day_after_its_event(open_sign_on, endpoint, receiver, run_worker):
    receiver.answers = [500, 500]
    sign(open_sign_on, "Ligue centrafricaine")
    run_worker()
    Delivery.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    make_due()

    run_worker()
    make_due()
    run_worker()

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts.count() == 2
    assert len(receiver.requests) == 2
