"""An organization's owner creates a token; with it a program reads the organization's own data only."""

import datetime
import re

import pytest
from django.utils import timezone

from r2p_letters.api.models import ApiToken, token_digest
from r2p_letters.api.services import api_token_create, api_token_revoke
from r2p_letters.council.models import Delivery
from r2p_letters.letters.models import Letter
from r2p_letters.signatures.services import sign_on_close

from ..helpers.signing import sign

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/api/v1/organization/drafts/", "/api/v1/organization/deliveries/"]


def test_the_owner_creates_a_token_shown_once_and_stored_hashed(as_, ngo):
    owner = as_("owner")
    page = owner.post(f"/organizations/{ngo.slug}/api-tokens/", {"name": "Our CRM"})
    assert page.status_code == 200
    text = re.search(r'id="new-token">(r2p_[^<]+)<', page.content.decode()).group(1)
    stored = ApiToken.objects.get(organization=ngo)
    assert stored.digest == token_digest(text) and text not in (stored.digest, stored.prefix)
    again = owner.get(f"/organizations/{ngo.slug}/api-tokens/").content.decode()
    assert "Our CRM" in again and text not in again


def test_only_the_owner_has_the_token_page(as_, ngo):
    assert as_("editor").get(f"/organizations/{ngo.slug}/api-tokens/").status_code == 403
    assert as_("outsider").get(f"/organizations/{ngo.slug}/api-tokens/").status_code == 404
    assert as_(None).get(f"/organizations/{ngo.slug}/api-tokens/").status_code == 302


def test_the_token_page_is_in_french(as_, ngo):
    page = as_("owner").get(f"/organizations/{ngo.slug}/api-tokens/", headers={"Accept-Language": "fr"})
    assert "Jetons d’API" in page.content.decode()


@pytest.mark.parametrize("path", ENDPOINTS + ["/api/v1/organization/letters/el-fasher/signatures/"])
def test_token_endpoints_refuse_anonymous_and_revoked_tokens(api, open_sign_on, ngo, token, path):
    anonymous = api().get(path)
    assert anonymous.status_code == 401
    assert anonymous["Content-Type"] == "application/problem+json"
    assert anonymous["WWW-Authenticate"].startswith("Bearer")
    assert api("r2p_nothing_wrong").get(path).status_code == 401
    assert api(token).get(path).status_code == 200
    api_token_revoke(token=ApiToken.objects.get(organization=ngo))
    revoked = api(token).get(path)
    assert revoked.status_code == 401 and revoked.json()["detail"] == "This token was revoked."


def test_the_owner_revokes_a_token_from_the_page(as_, api, ngo, token):
    stored = ApiToken.objects.get(organization=ngo)
    as_("owner").post(f"/organizations/{ngo.slug}/api-tokens/{stored.pk}/revoke/")
    assert api(token).get("/api/v1/organization/drafts/").status_code == 401


def test_a_token_of_another_organization_sees_none_of_its_data(api, open_sign_on, make_letter, ngo, other_token):
    make_letter(title="Our draft", slug="our-draft", status=Letter.Status.DRAFT, lead_organization=ngo)
    sign(open_sign_on, "Asia Pacific Centre for R2P")
    Delivery.objects.create(letter=open_sign_on.letter, delivered_on=datetime.date(2026, 5, 1), means="email")
    other = api(other_token)
    assert other.get("/api/v1/organization/drafts/").json()["count"] == 0
    assert other.get("/api/v1/organization/deliveries/").json()["count"] == 0
    signatures = other.get("/api/v1/organization/letters/el-fasher/signatures/")
    assert signatures.status_code == 404
    assert other.post(
        "/api/v1/organization/letters/el-fasher/signatures/",
        {"text": "x", "signed_on": "2026-01-01"},
        content_type="application/json",
    ).status_code in (404,)


def test_the_organization_reads_its_drafts_signatures_and_deliveries(api, open_sign_on, make_letter, ngo, token):
    make_letter(title="Our draft", slug="our-draft", status=Letter.Status.DRAFT, lead_organization=ngo)
    sign(open_sign_on, "Asia Pacific Centre for R2P", email="apc@example.org")
    sign(open_sign_on, "Pending Coalition", confirm=False)
    Delivery.objects.create(letter=open_sign_on.letter, delivered_on=datetime.date(2026, 5, 1), means="email")
    mine = api(token)
    assert [d["slug"] for d in mine.get("/api/v1/organization/drafts/").json()["results"]] == ["our-draft"]
    assert mine.get("/api/v1/organization/deliveries/").json()["results"][0]["letter"] == "el-fasher"
    signatures = mine.get("/api/v1/organization/letters/el-fasher/signatures/").json()
    assert signatures["count"] == 2
    confirmed = mine.get("/api/v1/organization/letters/el-fasher/signatures/", {"status": "confirmed"}).json()
    assert [s["email"] for s in confirmed["results"]] == ["apc@example.org"]
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert mine.get("/api/v1/organization/letters/el-fasher/signatures/", {"since": tomorrow}).json()["count"] == 0
    assert mine.get("/api/v1/organization/letters/el-fasher/signatures/", {"until": tomorrow}).json()["count"] == 2
    bad = mine.get("/api/v1/organization/letters/el-fasher/signatures/", {"since": "soon", "status": "x"})
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    assert ApiToken.objects.get(organization=ngo).last_used_at is not None


LATE_LIST = (
    "Organization\tCity\tCountry\tName\tTitle\tEmail\n"
    "Korean Peace Forum\tSeoul\tSouth Korea\tKim Ji-woo\tDirector\tkim@peace.example.org\n"
    "Ligue ivoirienne\tAbidjan\tCôte d'Ivoire\tAya Koné\tPrésidente\taya@ligue.example.org\n"
)


def test_the_organization_adds_late_signatures_in_bulk_after_the_close(api, open_sign_on, token):
    path = "/api/v1/organization/letters/el-fasher/signatures/"
    body = {"text": LATE_LIST, "signed_on": timezone.localdate().isoformat()}
    still_open = api(token).post(path, body, content_type="application/json")
    assert still_open.status_code == 409
    sign_on_close(sign_on=open_sign_on)
    added = api(token).post(path, body, content_type="application/json")
    assert added.status_code == 201
    assert sorted(s["organization"] for s in added.json()) == ["Korean Peace Forum", "Ligue ivoirienne"]
    page = api().get("/api/v1/letters/el-fasher/").json()
    assert "Korean Peace Forum" in [s["organization"] for s in page["signatories"]]
    again = api(token).post(path, body, content_type="application/json")
    assert again.status_code == 400 and again["Content-Type"] == "application/problem+json"
    broken = api(token).post(path, {"text": "Nobody\tnowhere", "signed_on": "later"}, content_type="application/json")
    assert broken.status_code == 400 and "signed_on" in broken.json()["errors"]


def test_a_co_lead_s_token_reads_only_the_signers_who_shared_their_name_with_the_co_leads(
    api, open_sign_on, co_lead, people
):
    open_sign_on.letter.co_leads.add(co_lead)
    sign(open_sign_on, "Quiet Coalition", email="quiet@example.org")
    sign(open_sign_on, "Sharing Coalition", email="sharing@example.org", share_with_co_leads=True)
    co_lead_token = api_token_create(organization=co_lead, name="Their CRM", user=people["co_editor"])[1]
    body = api(co_lead_token).get("/api/v1/organization/letters/el-fasher/signatures/").content.decode()
    assert "sharing@example.org" in body and "quiet@example.org" not in body and "Quiet Coalition" not in body
