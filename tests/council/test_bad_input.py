"""Bad input on the pack page: a clear message, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2031-05", "We do not know the Security Council&#x27;s members in May 2031"),
        ("1999-01", "We do not know the Security Council&#x27;s members in January 1999"),
        ("2026-13", "Give the month as year and month, e.g. 2026-03."),
        ("march", "Give the month as year and month, e.g. 2026-03."),
        ("9" * 500, "Give the month as year and month, e.g. 2026-03."),
    ],
)
@pytest.mark.parametrize("name", ["pack", "pack_zip", "pack_combined", "president_pdf"])
def test_an_unknown_month_says_so(ministers_letter, as_, pack_url, month, message, name):
    response = as_("editor").get(pack_url(ministers_letter, name, month=month))

    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unknown_audience_says_so(ministers_letter, as_, pack_url):
    response = as_("editor").get(pack_url(ministers_letter, audience="ambassadors"))

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_without_a_month_the_pack_is_for_the_letters_month(ministers_letter, as_):
    response = as_("editor").get(f"/letters/{ministers_letter.slug}/delivery/")

    assert response.status_code == 200
    assert "President of the Security Council in March 2026: United States of America." in response.content.decode()


def test_a_bad_delivery_record_says_what_is_wrong(ministers_letter, as_, pack_url):
    response = as_("editor").post(
        pack_url(ministers_letter, "delivery_add"),
        {"delivered_on": "not a date", "recipients": "member", "country": "", "means": "pigeon"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "The delivery was not recorded" in page
    assert "Enter a valid date." in page
    assert "Select a valid choice" in page
