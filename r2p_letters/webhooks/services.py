"""Webhooks' one write path: endpoints made and removed by owners, events queued with their write, deliveries."""

import json
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from r2p_letters.letters import hooks
from r2p_letters.signatures.services import signature_is_shown, signature_printed_fields

from . import sending
from .models import Attempt, Delivery, Endpoint


class DeliveryFailed(Exception):
    """A try that got no 2xx answer: the worker tries again later (lib/worker.py's retries)."""


@transaction.atomic
def endpoint_create(*, organization, user, url: str, events: list[str]) -> Endpoint:
    return Endpoint.objects.create(organization=organization, created_by=user, url=url, events=list(events))


@transaction.atomic
def endpoint_delete(*, endpoint: Endpoint) -> None:
    endpoint.delete()


# -- what a delivery says ----------------------------------------------------------------------------------


def _letter(letter) -> dict:
    return {
        "slug": letter.slug,
        "title": letter.title,
        "language": letter.language,
        "url": settings.SITE_URL.rstrip("/") + letter.get_absolute_url(),
    }


def _signature(signature) -> dict:
    """What the public page would print of the signature, and nothing of the signer it hides (no email ever)."""
    sign_on = signature.sign_on
    shown = signature_is_shown(signature, sign_on)
    # A signer the public may not name (named only in the Council's copy, or counted only) is sent as a count:
    # an endpoint is a program outside, whose readers the signer did not choose.
    named = signature.is_named_for("public")
    printed = signature_printed_fields(signature) if named else {"visibility": signature.visibility}
    return {
        "id": signature.pk,
        "status": signature.status,
        "kind": signature.kind,
        "shown_on_letter": shown,
        "named": named,
        **{name: str(value) for name, value in printed.items()},
        "signed_at": signature.created_at.isoformat(),
        "confirmed_at": signature.confirmed_at.isoformat() if signature.confirmed_at else None,
        "withdrawn_at": signature.withdrawn_at.isoformat() if signature.withdrawn_at else None,
    }


def _sign_on(sign_on) -> dict:
    return {
        "deadline": sign_on.deadline.isoformat(),
        "closed_at": sign_on.closed_at.isoformat() if sign_on.closed_at else None,
        "signatures_shown": sign_on.shown_count,
    }


def _delivery(delivery) -> dict:
    return {
        "delivered_on": delivery.delivered_on.isoformat(),
        "recipients": delivery.recipients,
        "country": str(delivery.country or ""),
        "means": delivery.means,
    }


def event_data(*, event: str, letter, subject) -> dict:
    if event in (hooks.SIGNATURE_CONFIRMED, hooks.SIGNATURE_WITHDRAWN):
        return {"letter": _letter(letter), "signature": _signature(subject)}
    if event in (hooks.SIGN_ON_OPENED, hooks.SIGN_ON_CLOSED):
        return {"letter": _letter(letter), "sign_on": _sign_on(subject)}
    return {"letter": _letter(letter), "delivery": _delivery(subject)}


def event_queue(*, event: str, letter, subject) -> list[Delivery]:
    """Queue ``event`` for the active endpoints of the letter's organizations that follow it: called inside the
    transaction of the write that caused it (letters/hooks.py), so a rolled-back write sends nothing."""
    letter = letter.original_letter
    endpoints = [
        e
        for e in Endpoint.objects.filter(organization_id__in=letter.organization_ids(), active=True)
        if event in e.events
    ]
    if not endpoints:
        return []
    data = event_data(event=event, letter=letter, subject=subject)
    created = timezone.now()
    queued = []
    for endpoint in endpoints:
        delivery = Delivery.objects.create(endpoint=endpoint, event=event, body="")
        delivery.body = json.dumps(
            {"id": delivery.pk, "event": event, "created_at": created.isoformat(), "data": data},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        delivery.save(update_fields=["body"])
        deliver.enqueue(delivery.pk)  # the task row is written in this same transaction
        queued.append(delivery)
    return queued


# -- sending -----------------------------------------------------------------------------------------------


def delivery_attempt(delivery: Delivery) -> Attempt:
    """Try ``delivery`` once and record the try (a refused address is final, and not tried again)."""
    endpoint = delivery.endpoint
    try:
        answer = sending.post(
            url=endpoint.url,
            secret=endpoint.secret,
            body=delivery.body.encode(),
            headers={"R2P-Webhook-Event": delivery.event, "R2P-Webhook-Delivery": str(delivery.pk)},
        )
    except sending.AddressRefused as error:
        delivery.status = Delivery.Status.REFUSED
        delivery.save(update_fields=["status"])
        return Attempt.objects.create(delivery=delivery, error=str(error)[:300])
    attempt = Attempt.objects.create(
        delivery=delivery, status_code=answer.status_code, error=answer.error, duration_ms=answer.duration_ms
    )
    if attempt.succeeded:
        delivery.status, delivery.delivered_at = Delivery.Status.DELIVERED, timezone.now()
        delivery.save(update_fields=["status", "delivered_at"])
    elif timezone.now() - delivery.created_at >= timedelta(seconds=settings.WEBHOOKS_GIVE_UP_AFTER):
        delivery.status = Delivery.Status.FAILED
        delivery.save(update_fields=["status"])
    return attempt


@task
def deliver(delivery_id: int) -> None:
    """The worker's task: one try; a failed one raises, and the worker tries again after its next delay."""
    delivery = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return  # its endpoint was removed, or it was delivered (a task may run twice)
    attempt = delivery_attempt(delivery)
    if delivery.status == Delivery.Status.PENDING:
        raise DeliveryFailed(attempt.error or f"HTTP {attempt.status_code}")
