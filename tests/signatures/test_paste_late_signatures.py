"""After the sign-on closed, organizers paste the late signatures that came by email: preview, then all added."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from r2p_letters.letters.models import Signatory
from r2p_letters.signatures.models import Signature
from r2p_letters.signatures.services import organization_key, sign_on_close


@pytest.fixture
def closed_sign_on(open_sign_on):
    return sign_on_close(sign_on=open_sign_on) or open_sign_on


def url(sign_on):
    return reverse("signatures:late_paste", args=[sign_on.letter.slug])


def previewed(page) -> dict:
    body = page.content.decode()
    text = re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', body, re.S).group(1)
    return {
        "text": html.unescape(text).removeprefix("\n"),
        "previewed": re.search(r'name="previewed" value="([^"]+)"', body).group(1),
        "signed_on": re.search(r'name="signed_on" value="([^"]+)"', body).group(1),
    }


LATE_LIST = (
    "Organization\tCity\tCountry\tName\tTitle\tEmail\n"
    "Korean Peace Forum\tSeoul\tSouth Korea\tKim Ji-woo\tDirector\tkim@peace.example.org\n"
    "Ligue ivoirienne\tAbidjan\tCôte d'Ivoire\tAya Koné\tPrésidente\taya@ligue.example.org\n"
)


def late_rows(sign_on):
    return list(
        Signature.objects.filter(sign_on=sign_on, is_late=True)
        .order_by("pk")
        .values_list("organization", "country", "email", "status")
    )


def test_the_late_list_previews_then_adds_every_row_confirmed_late_and_dated(as_, closed_sign_on):
    client = as_("owner")
    page = client.post(url(closed_sign_on), {"text": LATE_LIST, "signed_on": "2026-01-15", "action": "preview"})

    assert page.status_code == 200
    assert "Add the 2 signatories" in page.content.decode()
    added = client.post(url(closed_sign_on), {**previewed(page), "action": "add"})

    assert added.status_code == 302
    assert late_rows(closed_sign_on) == [
        ("Korean Peace Forum", "KR", "kim@peace.example.org", "confirmed"),
        ("Ligue ivoirienne", "CI", "aya@ligue.example.org", "confirmed"),
    ]
    printed = Signatory.objects.filter(
        letter=closed_sign_on.letter, source="online", signed_on=datetime.date(2026, 1, 15)
    )
    assert printed.count() == 2


def test_a_row_without_an_email_is_marked_and_nothing_is_added(as_, closed_sign_on):
    client = as_("owner")
    text = LATE_LIST + "Enough Project\tWashington\tUSA\tJohn Doe\tDirector\t\n"
    page = client.post(url(closed_sign_on), {"text": text, "signed_on": "2026-01-15", "action": "preview"})

    assert "table-danger" in page.content.decode()
    refused = client.post(url(closed_sign_on), {**previewed(page), "action": "add"})
    assert refused.status_code == 422
    assert late_rows(closed_sign_on) == []


def test_an_organization_or_email_that_signed_already_is_flagged_and_left_out(as_, closed_sign_on):
    Signature.objects.create(
        sign_on=closed_sign_on,
        signed_text=closed_sign_on.current_text,
        organization="Korean Peace Forum",
        organization_key=organization_key("Korean Peace Forum"),
        person_name="Someone",
        email="other@peace.example.org",
        email_key="other@peace.example.org",
        status="confirmed",
        confirmed_at=timezone.now(),
    )
    client = as_("owner")
    page = client.post(url(closed_sign_on), {"text": LATE_LIST, "signed_on": "2026-01-15", "action": "preview"})

    assert "Already on the letter." in page.content.decode()
    client.post(url(closed_sign_on), {**previewed(page), "action": "add"})
    assert [row[0] for row in late_rows(closed_sign_on)] == ["Ligue ivoirienne"]


def test_while_the_sign_on_is_open_the_late_list_is_refused(as_, open_sign_on):
    page = as_("owner").post(url(open_sign_on), {"text": LATE_LIST, "signed_on": "2026-01-15", "action": "preview"})

    assert page.status_code == 302
    assert Signature.objects.filter(sign_on=open_sign_on).count() == 0


def test_an_outsider_cannot_add_late_signatures(as_, closed_sign_on):
    page = as_("outsider").post(
        url(closed_sign_on), {"text": LATE_LIST, "signed_on": "2026-01-15", "action": "preview"}
    )

    assert page.status_code == 404
