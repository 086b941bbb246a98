"""Other sites embed a letter's sign form and its counter; only these pages may be framed by them."""

import json

import pytest

from r2p_letters.signatures.models import Signature

from ..helpers.signing import SIGNER, sign

pytestmark = pytest.mark.django_db


def test_the_embedded_form_may_be_framed_by_any_site_and_sets_no_cookie(client, open_sign_on):
    response = client.get("/letters/el-fasher/embed/")

    assert response.status_code == 200
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    assert not response.cookies
    assert 'name="csrfmiddlewaretoken"' not in response.text


def test_the_letter_page_itself_still_refuses_to_be_framed(client, open_sign_on):
    response = client.get("/letters/el-fasher/")

    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_signing_in_the_embedded_form_needs_no_cookie_and_asks_to_confirm_by_email(open_sign_on):
    from django.test import Client

    third_party_frame = Client(enforce_csrf_checks=True)  # no cookie of ours, as in another site's iframe
    response = third_party_frame.post("/letters/el-fasher/embed/", SIGNER)

    assert response.status_code == 200
    assert "joseph@lcdh.example.org" in response.text
    assert Signature.objects.get().status == Signature.Status.PENDING
    assert not response.cookies


def test_a_refused_embedded_signature_keeps_what_was_typed(client, open_sign_on):
    response = client.post("/letters/el-fasher/embed/", {**SIGNER, "email": "not-an-email"})

    assert response.status_code == 422
    assert "Ligue centrafricaine" in response.text
    assert not Signature.objects.exists()


def test_the_embedded_form_speaks_french(client, open_sign_on):
    response = client.get("/letters/el-fasher/embed/?lang=fr")

    assert 'lang="fr"' in response.text
    assert "Signer la lettre" in response.text


def test_the_counter_is_json_any_site_may_read_cached_at_most_30_seconds_without_cookies(client, open_sign_on):
    sign(open_sign_on, "Ligue centrafricaine")
    sign(open_sign_on, "Amnesty International")

    response = client.get("/letters/el-fasher/embed/count.json?lang=fr")

    data = json.loads(response.content)
    assert data["count"] == 2
    assert data["text"] == "2 organisations ont signé"
    assert data["url"].endswith("/letters/el-fasher/")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=30" in response["Cache-Control"]
    assert not response.cookies


def test_the_counter_reads_the_kept_count_not_the_signatures(client, open_sign_on, django_assert_max_num_queries):
    for n in range(3):
        sign(open_sign_on, f"Organization {n}")

    with django_assert_max_num_queries(1):
        response = client.get("/letters/el-fasher/embed/count.json")

    assert json.loads(response.content)["text"] == "3 organizations have signed"


def test_a_draft_has_no_embed_and_no_counter(client, ready_letter):
    assert client.get(f"/letters/{ready_letter.slug}/embed/").status_code == 404
    assert client.get(f"/letters/{ready_letter.slug}/embed/count.json").status_code == 404


def test_the_letter_page_names_its_oembed_and_the_oembed_frames_the_embed(client, open_sign_on):
    page = client.get("/letters/el-fasher/")
    assert 'type="application/json+oembed"' in page.text

    response = client.get("/oembed", {"url": "http://testserver/letters/el-fasher/", "format": "json"})

    data = json.loads(response.content)
    assert data["type"] == "rich"
    assert 'src="http://testserver/letters/el-fasher/embed/"' in data["html"]
    assert client.get("/oembed", {"url": "http://testserver/organizations/"}).status_code == 404


def test_the_counter_script_is_under_2_kb():
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "static" / "embed" / "counter.js"
    assert len(script.read_bytes()) <= 2048
