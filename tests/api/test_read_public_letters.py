"""Anyone reads the public letters, their signatories and the Council through the API, without a key."""

import pytest

from r2p_letters.letters.models import Letter
from r2p_letters.signatures.services import sign_on_update

from ..helpers.signing import sign

pytestmark = pytest.mark.django_db


def test_the_library_lists_public_letters_with_the_library_s_search(api, examples, make_letter):
    make_letter(title="A secret draft", slug="secret-draft", status=Letter.Status.DRAFT)
    everything = api().get("/api/v1/letters/").json()
    slugs = {row["slug"] for row in everything["results"]}
    assert "secret-draft" not in slugs
    assert slugs == {slug for slug, letter in examples.items() if letter.is_public and not letter.original_id}
    assert everything["count"] == len(slugs)

    one = next(iter(examples.values()))
    word = one.title.split()[-1]
    found = api().get("/api/v1/letters/", {"q": word}).json()["results"]
    assert one.slug in {row["slug"] for row in found}
    nothing = api().get("/api/v1/letters/", {"q": "zzqxnotaword"}).json()
    assert nothing["count"] == 0


def test_a_tampered_filter_is_ignored_as_on_the_library_page(api, examples):
    response = api().get("/api/v1/letters/", {"year": "not-a-year", "country": "ZZ"})
    assert response.status_code == 200
    assert response.json()["count"] >= 1


def test_one_letter_has_its_sections_citations_versions_and_signatories(api, open_sign_on):
    sign(open_sign_on, "Asia Pacific Centre for R2P")
    body = api().get("/api/v1/letters/el-fasher/").json()
    assert body["title"] == "Protect civilians in El Fasher"
    assert body["sections"]["situation"] == ["Civilians in El Fasher have been besieged for more than a year."]
    assert body["sections"]["asks"][0]["text"] == "Demand an immediate end to the siege."
    assert [v["language"] for v in body["versions"]] == ["en"]
    assert "Asia Pacific Centre for R2P" in [s["organization"] for s in body["signatories"]]
    assert body["signature_count"] == 1
    assert body["sign_on_open"] is True


def test_a_draft_is_not_found(api, make_letter):
    make_letter(title="A secret draft", slug="secret-draft", status=Letter.Status.DRAFT)
    response = api().get("/api/v1/letters/secret-draft/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_signer_who_did_not_make_their_name_public_is_not_in_the_api(api, open_sign_on):
    sign(open_sign_on, "Quiet Coalition", person_name="Hidden Person", show_name=False)
    sign(open_sign_on, "Loud Coalition", person_name="Public Person", show_name=True)
    body = api().get("/api/v1/letters/el-fasher/").content.decode()
    page = api().get("/letters/el-fasher/document/").content.decode()
    assert "Quiet Coalition" in body and "Public Person" in body
    assert "Hidden Person" not in body
    assert "Quiet Coalition" in page and "Hidden Person" not in page  # the API lists what the page prints


def test_signers_named_only_for_the_council_or_never_are_counted_but_never_named_in_the_api(api, open_sign_on):
    sign(open_sign_on, "Council Copy Coalition", visibility="council")
    sign(open_sign_on, "Never Named Coalition", visibility="counted")
    sign(open_sign_on, "Open Coalition")
    response = api().get("/api/v1/letters/el-fasher/")
    body, text = response.json(), response.content.decode()
    assert "Open Coalition" in [s["organization"] for s in body["signatories"]]
    assert "Council Copy Coalition" not in text and "Never Named Coalition" not in text
    assert len(body["unnamed_signatories"]) == 2  # one named in the Council's copy, one never: each a count
    page = api().get("/letters/el-fasher/document/").content.decode()
    assert all(line in page for line in body["unnamed_signatories"])  # as the page prints them


def test_a_private_list_shows_no_online_signatory_but_its_count(api, open_sign_on):
    sign(open_sign_on, "Private Coalition")
    sign_on_update(sign_on=open_sign_on, list_public=False)
    body = api().get("/api/v1/letters/el-fasher/").json()
    assert "Private Coalition" not in [s["organization"] for s in body["signatories"]]
    assert body["signature_count"] == 1


def test_the_legal_catalogue_and_the_council_are_public(api, examples):
    instruments = api().get("/api/v1/legal-instruments/").json()
    assert instruments["count"] >= 1 and instruments["results"][0]["symbol"]
    assert api().get("/api/v1/council/members/").status_code == 200
    assert api().get("/api/v1/council/presidencies/").status_code == 200
    assert api().get("/api/v1/council/calendar/").status_code == 200


def test_the_schema_and_the_docs_are_served_from_our_own_files(api):
    schema = api().get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/letters/{slug}/" in schema.content
    docs = api().get("/api/v1/docs/")
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html  # the CSP allows no inline script
    assert (
        "script-src" not in docs.get("Content-Security-Policy", "")
        or "unsafe-inline" not in docs["Content-Security-Policy"]
    )
    assert api().get("/static/api/docs.js").status_code == 200
