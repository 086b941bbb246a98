"""Anonymous readers of a letter that spreads are served its pages from the cache (signatures/public_pages.py)."""

import pytest
from django.core.cache import cache
from django.test import Client

from r2p_letters.letters.models import Letter
from r2p_letters.letters.services import letter_refresh
from r2p_letters.signatures.models import signature_count_cached

PAGES = ["/letters/", "/letters/el-fasher/", "/letters/el-fasher/document/"]


@pytest.mark.parametrize("path", PAGES)
def test_a_second_anonymous_reader_is_served_from_the_cache_in_one_query(
    client, open_sign_on, path, django_assert_max_num_queries
):
    first = client.get(path)
    assert first["X-Page-Cache"] == "miss"

    with django_assert_max_num_queries(1):
        second = Client().get(path)

    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


@pytest.mark.parametrize("path", PAGES)
def test_an_anonymous_reader_gets_no_cookie(client, open_sign_on, path):
    assert not client.get(path).cookies
    assert not Client().get(path).cookies


def test_a_browser_that_has_the_page_is_answered_304(client, open_sign_on):
    etag = client.get("/letters/el-fasher/")["ETag"]

    response = Client().get("/letters/el-fasher/", headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert "public" in response["Cache-Control"]


def test_an_edit_shows_at_once(client, open_sign_on):
    letter = open_sign_on.letter
    etag = client.get("/letters/el-fasher/")["ETag"]

    # Every write of the letters services ends with letter_refresh().
    Letter.objects.filter(pk=letter.pk).update(title="Lift the siege of El Fasher")
    letter_refresh(letter=Letter.objects.get(pk=letter.pk))

    response = Client().get("/letters/el-fasher/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Lift the siege of El Fasher" in response.text


def test_the_count_comes_from_a_counter_at_most_30_seconds_old(open_sign_on):
    assert signature_count_cached(open_sign_on.pk) == 0
    type(open_sign_on).objects.filter(pk=open_sign_on.pk).update(shown_count=5)

    assert signature_count_cached(open_sign_on.pk) == 0  # cached
    cache.delete(f"sign-on-count:{open_sign_on.pk}")  # what 30 s do
    assert signature_count_cached(open_sign_on.pk) == 5


def test_a_member_is_never_served_the_anonymous_page_nor_the_reverse(open_sign_on, as_):
    Client().get("/letters/el-fasher/")
    member = as_("owner")

    page = member.get("/letters/el-fasher/")

    assert "X-Page-Cache" not in page
    assert "Signatures and rules" in page.text  # the organizers' links
    anonymous = Client().get("/letters/el-fasher/")
    assert anonymous["X-Page-Cache"] == "hit"
    assert "Signatures and rules" not in anonymous.text


def test_french_and_arabic_readers_get_their_own_pages(client, open_sign_on):
    english = client.get("/letters/el-fasher/")
    french = Client().get("/letters/el-fasher/", headers={"accept-language": "fr"})
    arabic = Client().get("/letters/el-fasher/", headers={"accept-language": "ar"})

    assert french["X-Page-Cache"] == "miss"
    assert french["Content-Language"] == "fr"
    assert french["ETag"] not in {english["ETag"], arabic["ETag"]}
    assert Client().get("/letters/el-fasher/", headers={"accept-language": "fr"})["X-Page-Cache"] == "hit"


def test_the_language_switch_works_without_a_token_from_our_pages_only(open_sign_on):
    reader = Client(enforce_csrf_checks=True)

    switched = reader.post(
        "/i18n/setlang/", {"language": "fr", "next": "/letters/"}, headers={"sec-fetch-site": "same-origin"}
    )
    forged = Client(enforce_csrf_checks=True).post(
        "/i18n/setlang/", {"language": "fr", "next": "/letters/"}, headers={"sec-fetch-site": "cross-site"}
    )

    assert switched.status_code == 302
    assert switched.cookies["django_language"].value == "fr"
    assert forged.status_code == 403
