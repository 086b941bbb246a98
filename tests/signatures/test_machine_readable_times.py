"""Every <time datetime="…"> is a valid HTML date or moment: to the second, never Django's six decimals."""

import re

import pytest
from django.urls import reverse

from r2p_letters.letters.services import letter_create_from

from ..helpers.letters import formset_data, section_url
from ..helpers.signing import sign, url

# HTML's valid date string, or global date and time string (at most three digits of a fraction of a second).
VALID = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})")


def datetimes(page: str) -> list[str]:
    return re.findall(r'<time datetime="([^"]*)"', page)


@pytest.fixture(autouse=True)
def a_time_zone_other_than_utc(settings):
    settings.TIME_ZONE = "America/New_York"


def test_the_dashboard_and_signed_texts_pages_write_valid_moments(as_, open_sign_on):
    sign(open_sign_on, "First Signers")

    for page in (url("dashboard", open_sign_on), url("signed_texts", open_sign_on)):
        found = datetimes(as_("owner").get(page).text)
        assert found, page
        assert all(VALID.fullmatch(value) for value in found), found
        assert all(value.endswith(("-05:00", "-04:00")) for value in found), found


def test_the_history_and_library_write_valid_moments_and_dates(as_, examples, ngo, people):
    draft = letter_create_from(source=examples["2014-car-unsc-members"], organization=ngo, author=people["owner"])
    as_("editor").post(section_url(draft, "asks"), formset_data([{"text": "Deploy peacekeepers now."}]))

    history = datetimes(as_("owner").get(reverse("letters:history", args=[draft.slug])).text)
    library = datetimes(as_(None).get(reverse("letters:library")).text)

    assert history and library
    assert all(VALID.fullmatch(value) for value in history + library), history + library
    assert "2014-03-13" in library
