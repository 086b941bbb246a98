"""The API speaks HTTP well: ETags and 304, problem details, rate limits, CORS for the public part only."""

import pytest
from django.core.cache import cache

from r2p_letters.signatures.services import sign_on_update

from ..helpers.signing import many, sign

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/api/v1/letters/",
    "/api/v1/letters/el-fasher/",
    "/api/v1/legal-instruments/",
    "/api/v1/council/members/",
    "/api/v1/council/presidencies/",
    "/api/v1/council/calendar/",
]


@pytest.mark.parametrize("path", PUBLIC)
def test_a_client_that_has_the_page_gets_304(api, open_sign_on, path):
    first = api().get(path)
    assert first.status_code == 200 and first["ETag"]
    again = api(**{"If-None-Match": first["ETag"]}).get(path)
    assert again.status_code == 304 and again["ETag"] == first["ETag"] and again.content == b""


def test_the_etag_changes_when_a_signature_is_added(api, open_sign_on):
    before = api().get("/api/v1/letters/el-fasher/")["ETag"]
    sign(open_sign_on, "Asia Pacific Centre for R2P")
    after = api(**{"If-None-Match": before}).get("/api/v1/letters/el-fasher/")
    assert after.status_code == 200 and after["ETag"] != before


def test_token_reads_have_an_etag_too_but_stay_private(api, open_sign_on, token):
    first = api(token).get("/api/v1/organization/letters/el-fasher/signatures/")
    assert first["Cache-Control"] == "private, no-cache"
    again = api(token, **{"If-None-Match": first["ETag"]}).get("/api/v1/organization/letters/el-fasher/signatures/")
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/v1/letters/no-such-letter/", 404), ("/api/v1/nothing-here/", 404), ("/api/v1/organization/drafts/", 401)],
)
def test_errors_are_problem_details(api, path, status):
    response = api().get(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= {"type", "title", "status", "detail"} and body["status"] == status


def test_problem_titles_are_in_french(api):
    body = api(**{"Accept-Language": "fr"}).get("/api/v1/organization/drafts/").json()
    assert body["title"] == "Authentification requise"


def test_a_write_to_a_public_endpoint_is_refused_with_a_problem(api, open_sign_on):
    response = api().post("/api/v1/letters/el-fasher/", {}, content_type="application/json")
    assert response.status_code == 405 and response["Content-Type"] == "application/problem+json"


@pytest.fixture
def low_limits(settings):
    """Limits of 3 requests a minute per client and 2 per token."""
    settings.API_RATE_PER_CLIENT = "3/m"
    settings.API_RATE_PER_TOKEN = "2/m"
    cache.clear()


def test_a_client_over_its_limit_gets_429_with_retry_after(api, open_sign_on, low_limits):
    statuses = [api().get("/api/v1/letters/el-fasher/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = api().get("/api/v1/letters/")
    assert refused["Content-Type"] == "application/problem+json" and int(refused["Retry-After"]) > 0
    assert refused.json()["status"] == 429
    other_client = api(REMOTE_ADDR="127.0.0.9").get("/api/v1/letters/", REMOTE_ADDR="127.0.0.9")
    assert other_client.status_code == 200


def test_a_token_over_its_limit_gets_429(api, open_sign_on, token, low_limits):
    path = "/api/v1/organization/drafts/"
    statuses = [api(token).get(path, REMOTE_ADDR=f"127.0.0.{n}").status_code for n in range(2, 5)]
    assert statuses == [200, 200, 429]


def test_cors_is_open_on_public_reads_and_closed_on_token_endpoints(api, open_sign_on, token):
    public = api(Origin="https://coalition.example.org").get("/api/v1/letters/el-fasher/")
    assert public["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in public
    preflight = api(Origin="https://coalition.example.org").options(
        "/api/v1/letters/", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    private = api(token, Origin="https://coalition.example.org").get("/api/v1/organization/drafts/")
    assert private.status_code == 200 and "Access-Control-Allow-Origin" not in private
    page = api(Origin="https://coalition.example.org").get("/letters/")
    assert "Access-Control-Allow-Origin" not in page


@pytest.mark.parametrize("count", [10, 1000])
def test_queries_per_request_do_not_grow_with_signatures(api, open_sign_on, token, count, django_assert_num_queries):
    many(open_sign_on, count)
    sign_on_update(sign_on=open_sign_on)  # the service makes the printed rows and the count agree
    api().get("/api/v1/letters/el-fasher/")  # warm what is per process (the template, the site)
    with django_assert_num_queries(LETTER_QUERIES):
        body = api().get("/api/v1/letters/el-fasher/").json()
    assert body["signature_count"] == count
    with django_assert_num_queries(SIGNATURES_QUERIES):
        page = api(token).get("/api/v1/organization/letters/el-fasher/signatures/").json()
    assert page["count"] == count and len(page["results"]) == min(count, 100)


LETTER_QUERIES = 9
SIGNATURES_QUERIES = 5
