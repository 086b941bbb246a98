"""A signer downloads what we hold about them, or erases it, from the link in the confirmation email; organizers
record an erasure request that came by other means."""

import datetime
import json

from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from r2p_letters.council.services import delivery_record
from r2p_letters.letters.models import Signatory
from r2p_letters.signatures.models import Erasure, Signature, SignOnInvitation
from r2p_letters.signatures.services import signature_erase

from ..helpers.signing import SIGNER, link_in


def signed_and_confirmed(client, sign_on, run_worker, **changes):
    client.post(f"/letters/{sign_on.letter.slug}/sign/", {**SIGNER, **changes})
    client.post(link_in(run_worker()[-1], "/sign/confirm/"))
    return link_in(run_worker()[-1], "/sign/manage/")


def test_the_signer_downloads_every_field_we_hold_about_the_signature(client, open_sign_on, run_worker):
    manage = signed_and_confirmed(client, open_sign_on, run_worker)

    response = client.post(manage, {"action": "download"})

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    held = data["signature"]
    assert held["email"] == SIGNER["email"]
    assert held["organization"] == SIGNER["organization"]
    assert "consent_at" in held and held["consent_at"]
    assert "may_contact" in held and "ip_hash" in held
    assert data["printed_line"]["organization"] == SIGNER["organization"]
    assert {e["email"] for e in data["emails"]} == {"signature-confirm", "signature-confirmed"}


def test_opening_the_erase_link_asks_first_and_erases_nothing(client, open_sign_on, run_worker):
    manage = signed_and_confirmed(client, open_sign_on, run_worker)

    page = client.get(manage + "erase/")

    assert page.status_code == 200
    assert "Erase my signature and data" in page.text
    assert Signature.objects.filter(status=Signature.Status.CONFIRMED).count() == 1


def test_erasing_deletes_the_signature_its_printed_line_and_the_emails_to_its_address(client, open_sign_on, run_worker):
    manage = signed_and_confirmed(client, open_sign_on, run_worker)

    page = client.post(manage + "erase/")

    assert page.status_code == 200
    assert "Your data is erased" in page.text
    assert not Signature.objects.exists()
    assert not Signatory.objects.filter(source=Signatory.Source.ONLINE).exists()
    assert not DBTaskResult.objects.filter(args_kwargs__args__1__iexact=SIGNER["email"]).exists()
    open_sign_on.refresh_from_db()
    assert open_sign_on.shown_count == 0
    assert "Ligue centrafricaine" not in client.get(f"/letters/{open_sign_on.letter.slug}/document/").text
    assert Erasure.objects.get().source == Erasure.Source.SIGNER


def test_erasing_also_deletes_the_invitation_to_that_address(as_, client, open_sign_on, run_worker):
    SignOnInvitation.objects.create(sign_on=open_sign_on, email=SIGNER["email"].upper(), email_key=SIGNER["email"])
    manage = signed_and_confirmed(client, open_sign_on, run_worker)

    client.post(manage + "erase/")

    assert not SignOnInvitation.objects.exists()


def test_erasing_twice_changes_nothing_more(client, open_sign_on, run_worker):
    manage = signed_and_confirmed(client, open_sign_on, run_worker)
    signature = Signature.objects.get()
    client.post(manage + "erase/")

    assert signature_erase(signature=signature) is False
    again = client.post(manage + "erase/")

    assert again.status_code == 410
    assert Erasure.objects.count() == 1
    open_sign_on.refresh_from_db()
    assert open_sign_on.shown_count == 0


def test_a_stranger_with_a_forged_link_cannot_download_or_erase(client, open_sign_on, run_worker):
    manage = signed_and_confirmed(client, open_sign_on, run_worker)
    forged = manage[:-3] + "xx/"

    assert client.post(forged, {"action": "download"}).status_code == 400
    assert client.post(forged + "erase/").status_code == 400
    assert Signature.objects.filter(status=Signature.Status.CONFIRMED).count() == 1


def test_the_link_of_an_earlier_signing_act_opens_nothing(client, open_sign_on, run_worker):
    first = signed_and_confirmed(client, open_sign_on, run_worker)
    client.post(first, {"action": "withdraw"})
    second = signed_and_confirmed(client, open_sign_on, run_worker)
    assert second != first

    download = client.post(first, {"action": "download"})
    erase = client.post(first + "erase/")

    assert download.status_code == 410
    assert SIGNER["email"] not in download.text
    assert erase.status_code == 410
    assert Signature.objects.get().status == Signature.Status.CONFIRMED


@override_settings(SIGN_RATE_PER_IP="2/h")
def test_erasing_is_rate_limited_like_signing(client, open_sign_on, run_worker):
    manage = signed_and_confirmed(client, open_sign_on, run_worker)
    client.post(manage[:-3] + "xx/erase/")  # refused links count too

    responses = [client.post(manage + "erase/").status_code for _ in range(2)]

    assert 429 in responses


def test_a_signature_erased_after_delivery_stays_counted_without_a_name(as_, client, open_sign_on, run_worker, people):
    manage = signed_and_confirmed(client, open_sign_on, run_worker)
    delivery_record(
        letter=open_sign_on.letter,
        user=people["owner"],
        delivered_on=datetime.date(2026, 3, 3),
        recipients="members",
        country="",
        means="email",
    )

    client.post(manage + "erase/")

    open_sign_on.refresh_from_db()
    assert open_sign_on.shown_count == 0
    assert open_sign_on.erased_after_delivery == 1
    dashboard = as_("owner").get(f"/letters/{open_sign_on.letter.slug}/sign-on/")
    assert "1 signature delivered to the Council was erased since" in dashboard.text
    assert "Ligue centrafricaine" not in dashboard.text


def test_an_organizer_records_an_erasure_request_received_by_email(as_, client, open_sign_on, run_worker):
    signed_and_confirmed(client, open_sign_on, run_worker)
    signature = Signature.objects.get()

    response = as_("owner").post(
        f"/letters/{open_sign_on.letter.slug}/sign-on/signatures/{signature.pk}/",
        {"action": "erase", "note": "Email to our office, 3 March"},
        follow=True,
    )

    assert "is erased, with its signer" in response.text
    assert not Signature.objects.exists()
    erasure = Erasure.objects.get()
    assert (erasure.source, erasure.note) == (Erasure.Source.ORGANIZER, "Email to our office, 3 March")
    assert "Email to our office, 3 March" in response.text


def test_an_erasure_request_without_a_note_is_refused_and_erases_nothing(as_, client, open_sign_on, run_worker):
    signed_and_confirmed(client, open_sign_on, run_worker)
    signature = Signature.objects.get()

    as_("owner").post(f"/letters/{open_sign_on.letter.slug}/sign-on/signatures/{signature.pk}/", {"action": "erase"})

    assert Signature.objects.filter(pk=signature.pk).exists()


def test_someone_who_is_not_an_organizer_cannot_erase_a_signature(as_, client, open_sign_on, run_worker):
    signed_and_confirmed(client, open_sign_on, run_worker)
    signature = Signature.objects.get()

    response = as_("outsider").post(
        f"/letters/{open_sign_on.letter.slug}/sign-on/signatures/{signature.pk}/", {"action": "erase", "note": "x"}
    )

    assert response.status_code in (403, 404)
    assert Signature.objects.filter(pk=signature.pk).exists()
