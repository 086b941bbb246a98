"""Refused, missing, broken: the error pages are in the site's layout and language, with a way back (DEBUG off)."""

import pytest
from django.test import Client
from django.urls import path, reverse

from r2p_letters import urls as site_urls


def boom(request):
    raise RuntimeError("a bug")


# The site's own URLs and error handlers, plus a page that fails.
urlpatterns = [path("boom/", boom), *site_urls.urlpatterns]
handler500 = site_urls.handler500


@pytest.fixture(autouse=True)
def debug_off(settings):
    settings.DEBUG = False


def test_a_forbidden_page_is_in_the_site_layout_with_a_way_back(as_, ngo):
    page = as_("viewer").get(reverse("organizations:edit", args=[ngo.slug]))

    assert page.status_code == 403
    html = page.content.decode()
    assert "You may not see or do this" in html and "403 Forbidden" not in html
    assert 'class="navbar' in html and reverse("accounts:profile") in html  # the menu, logged in
    assert f'href="{reverse("letters:library")}"' in html


def test_a_forbidden_page_is_in_french(as_, ngo):
    page = as_("viewer").get(reverse("organizations:edit", args=[ngo.slug]), HTTP_ACCEPT_LANGUAGE="fr")

    assert page.status_code == 403
    assert "Vous ne pouvez pas voir ni faire ceci" in page.content.decode()


@pytest.mark.parametrize(("language", "words"), [("en", "This page does not exist"), ("fr", "Cette page n’existe pas")])
def test_a_missing_page_is_in_the_site_layout_in_its_language(client, db, language, words):
    page = client.get("/letters/no-such-letter/", HTTP_ACCEPT_LANGUAGE=language)

    assert page.status_code == 404
    html = page.content.decode()
    assert words in html and 'class="navbar' in html
    assert f'lang="{language}"' in html


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "The form could not be sent"), ("fr", "Le formulaire n’a pas pu être envoyé")],
)
def test_a_form_refused_for_its_csrf_token_says_how_to_send_it_again(db, language, words):
    client = Client(enforce_csrf_checks=True)
    form_page = "http://testserver" + reverse("accounts:login")

    page = client.post(
        reverse("accounts:login"),
        {"username": "a@example.org", "password": "x"},
        HTTP_ACCEPT_LANGUAGE=language,
        HTTP_REFERER=form_page,
    )

    assert page.status_code == 403
    html = page.content.decode()
    assert words in html and "CSRF verification failed" not in html
    assert 'class="navbar' in html and f'lang="{language}"' in html
    assert f'href="{form_page}"' in html  # back to the form


def test_the_csrf_page_never_links_back_to_another_site(db):
    client = Client(enforce_csrf_checks=True)

    page = client.post(reverse("accounts:login"), {}, HTTP_REFERER="https://evil.example/phish")

    assert page.status_code == 403
    assert "evil.example" not in page.content.decode()


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("language", "words"), [("en", "Something went wrong"), ("fr", "Une erreur s’est produite")])
def test_a_server_error_is_a_page_of_the_site_that_reads_no_database(client, language, words):
    # No `db` fixture: pytest-django makes any query fail, so the page proves it needs no database.
    client.raise_request_exception = False

    page = client.get("/boom/?x=1", HTTP_ACCEPT_LANGUAGE=language)

    assert page.status_code == 500
    html = page.content.decode()
    assert words in html and "Server Error (500)" not in html
    assert 'class="navbar' in html and f'lang="{language}"' in html
    assert 'href="/boom/?x=1"' in html  # try again


def test_a_preview_refused_for_its_csrf_token_says_so_inside_the_frame_not_with_the_whole_site(db):
    client = Client(enforce_csrf_checks=True)

    page = client.post(reverse("accounts:login"), {}, HTTP_SEC_FETCH_DEST="iframe", HTTP_ACCEPT_LANGUAGE="fr")

    assert page.status_code == 403
    html = page.content.decode()
    assert "L’aperçu n’a pas pu être envoyé." in html
    assert 'class="navbar' not in html and "<footer" not in html
    assert page["X-Frame-Options"] == "SAMEORIGIN"  # shown in our frame, not refused by the browser
