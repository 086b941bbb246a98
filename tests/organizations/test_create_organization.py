"""A drafter creates an organization, becomes its owner, and gives it a logo."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from r2p_letters.organizations.models import Organization, Role

from ..helpers.images import png

NEW = reverse("organizations:new")


def test_the_creator_becomes_the_owner(as_, people):
    response = as_("outsider").post(
        NEW,
        {"name": "Ligue centrafricaine des droits de l'homme", "short_name": "LCDH", "city": "Bangui", "country": "CF"},
    )

    organization = Organization.objects.get(short_name="LCDH")
    assert response.status_code == 302
    assert organization.slug == "ligue-centrafricaine-des-droits-de-lhomme"
    assert organization.memberships.get().role == Role.OWNER
    assert organization.memberships.get().user == people["outsider"]


def test_a_logo_is_stored_and_served(as_, people):
    as_("owner").post(NEW, {"name": "Genocide Alert", "logo": png()})

    organization = Organization.objects.get(name="Genocide Alert")
    response = as_(None).get(reverse("organizations:logo", args=[organization.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png"), "must be a PNG"),
        (SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\nnot really", content_type="image/png"), "must be a PNG"),
        (png((5000, 10)), "at most 4000 pixels"),
    ],
)
def test_a_logo_that_is_not_a_usable_image_is_refused_and_the_form_kept(as_, people, upload, message):
    response = as_("owner").post(NEW, {"name": "Kept Name", "city": "Kept City", "logo": upload})

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Kept Name"' in html and 'value="Kept City"' in html
    assert not Organization.objects.filter(name="Kept Name").exists()


def test_a_huge_logo_file_is_refused(as_, people, settings):
    settings.LOGO_MAX_BYTES = 1000

    response = as_("owner").post(NEW, {"name": "Big Logo NGO", "logo": png((400, 400))})

    assert "the limit is 0 KB" in response.content.decode() or "limit is" in response.content.decode()
    assert not Organization.objects.filter(name="Big Logo NGO").exists()


def test_anonymous_visitors_are_asked_to_log_in(as_, db):
    response = as_(None).get(NEW)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_over_long_fields_are_refused_without_an_error_page(as_, people):
    response = as_("owner").post(NEW, {"name": "N" * 500, "website": "javascript:alert(1)"})

    assert response.status_code == 200
    assert not Organization.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Human Rights \u202eWatch", "change the direction of the text"),  # right-to-left override
        ("\u2067Human Rights Watch\u2069", "change the direction of the text"),  # right-to-left isolate
        ("Human Rights Watch\u200f", "change the direction of the text"),  # a right-to-left mark in Latin text
        ("Human Rights Wаtch", "mixes letters of different alphabets"),  # a Cyrillic а
    ],
)
def test_a_name_with_hidden_direction_characters_or_look_alike_letters_is_refused_and_kept(as_, people, name, message):
    response = as_("owner").post(NEW, {"name": name, "city": "Kept City"})

    page = response.content.decode()
    assert response.status_code == 200
    assert message in html.unescape(page)
    assert f'value="{name}"' in page and 'value="Kept City"' in page
    assert not Organization.objects.filter(city="Kept City").exists()


def test_a_name_in_a_right_to_left_script_with_its_direction_marks_is_taken(as_, people):
    as_("owner").post(NEW, {"name": "\u200fבצלם (B'Tselem)", "city": "ירושלים", "country": "IL"})

    assert Organization.objects.filter(city="ירושלים").exists()
