"""Editors record when, to whom and how the letter was delivered; the public letter page says so."""

import datetime

import pytest

from r2p_letters.council.models import Delivery
from r2p_letters.letters.models import Letter

pytestmark = pytest.mark.django_db


def test_a_recorded_delivery_shows_on_the_public_letter_page(ministers_letter, as_, pack_url):
    Letter.objects.filter(pk=ministers_letter.pk).update(status=Letter.Status.PUBLISHED)

    response = as_("editor").post(
        pack_url(ministers_letter, "delivery_add"),
        {"delivered_on": "2026-03-03", "recipients": "members", "means": "hand"},
    )

    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert (delivery.delivered_on, delivery.means) == (datetime.date(2026, 3, 3), "hand")
    pack = as_("viewer").get(response["Location"]).content.decode()
    assert "3 March 2026: to the 15 members of the Security Council, by hand delivery" in pack
    public = as_(None).get(ministers_letter.get_absolute_url()).content.decode()
    assert "Delivered to the 15 members of the Security Council on 3 March 2026" in public
    assert "Delivery to the Security Council" not in public  # the pack's link is for the organizations


def test_a_delivery_to_one_member_names_it(ministers_letter, as_, pack_url):
    as_("editor").post(
        pack_url(ministers_letter, "delivery_add"),
        {"delivered_on": "2026-03-04", "recipients": "member", "country": "LV", "means": "email"},
    )

    page = as_("viewer").get(ministers_letter.get_absolute_url()).content.decode()

    assert "Delivered to Latvia on 4 March 2026" in page


def test_a_delivery_to_a_country_off_the_council_or_in_the_future_is_refused(ministers_letter, as_, pack_url):
    editor = as_("editor")
    off = editor.post(
        pack_url(ministers_letter, "delivery_add"),
        {"delivered_on": "2026-03-04", "recipients": "member", "country": "DE", "means": "email"},
    )
    future = editor.post(
        pack_url(ministers_letter, "delivery_add"),
        {"delivered_on": "2999-01-01", "recipients": "members", "means": "post"},
    )
    nobody = editor.post(
        pack_url(ministers_letter, "delivery_add"),
        {"delivered_on": "2026-03-04", "recipients": "member", "country": "", "means": "fax"},
    )

    assert (off.status_code, future.status_code, nobody.status_code) == (400, 400, 400)
    assert "this date is in the future" in future.content.decode()
    assert "Choose the member state." in nobody.content.decode()
    assert not Delivery.objects.exists()


def test_a_letter_nobody_signed_cannot_be_recorded_as_delivered(ministers_letter, as_, pack_url):
    ministers_letter.signatories.all().delete()

    response = as_("editor").post(
        pack_url(ministers_letter, "delivery_add"),
        {"delivered_on": "2026-03-03", "recipients": "members", "means": "hand"},
    )

    assert response.status_code == 400
    assert "This letter has no signatories yet: add them before you record that it was delivered." in (
        response.content.decode()
    )
    assert not Delivery.objects.exists()
