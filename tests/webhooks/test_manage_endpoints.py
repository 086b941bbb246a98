"""An organization's owners register, read and remove its webhook endpoints; nobody else can."""

import pytest

from r2p_letters.letters import hooks
from r2p_letters.organizations.services import organization_create
from r2p_letters.webhooks.models import Endpoint
from r2p_letters.webhooks.services import endpoint_create

pytestmark = pytest.mark.django_db


def test_an_owner_registers_an_https_endpoint_and_reads_its_secret(ngo, as_):
    owner = as_("owner")
    response = owner.post(
        f"/organizations/{ngo.slug}/webhooks/",
        {"url": "https://crm.example.org/r2p", "events": [hooks.SIGNATURE_CONFIRMED, hooks.SIGN_ON_CLOSED]},
    )

    endpoint = Endpoint.objects.get()
    assert response.status_code == 302
    assert endpoint.events == [hooks.SIGNATURE_CONFIRMED, hooks.SIGN_ON_CLOSED]
    page = owner.get(response["Location"])
    assert endpoint.secret in page.text
    assert "Delivery log" in page.text


def test_an_http_address_is_refused_with_the_address_kept(ngo, as_):
    response = as_("owner").post(
        f"/organizations/{ngo.slug}/webhooks/", {"url": "http://crm.example.org/r2p", "events": [hooks.SIGN_ON_CLOSED]}
    )

    assert response.status_code == 200
    assert "Enter an https:// address." in response.text
    assert "http://crm.example.org/r2p" in response.text
    assert not Endpoint.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("editor", 403), ("viewer", 403), ("outsider", 404)])
def test_members_who_are_not_owners_and_outsiders_see_no_webhooks(ngo, as_, people, who, status):
    endpoint = endpoint_create(organization=ngo, user=people["owner"], url="https://crm.example.org/r2p", events=[])
    client = as_(who)

    assert client.get(f"/organizations/{ngo.slug}/webhooks/").status_code == status
    assert client.get(endpoint.get_absolute_url()).status_code == status
    assert client.post(f"/organizations/{ngo.slug}/webhooks/{endpoint.pk}/remove/").status_code == status
    assert Endpoint.objects.filter(pk=endpoint.pk).exists()


def test_another_organizations_owner_cannot_reach_this_ones_endpoint_through_their_own(ngo, as_, people):
    endpoint = endpoint_create(organization=ngo, user=people["owner"], url="https://crm.example.org/r2p", events=[])
    theirs = organization_create(user=people["outsider"], name="Other NGO", city="Paris", country="FR")
    client = as_("outsider")

    assert client.get(f"/organizations/{theirs.slug}/webhooks/{endpoint.pk}/").status_code == 404
    assert client.post(f"/organizations/{theirs.slug}/webhooks/{endpoint.pk}/remove/").status_code == 404
    assert endpoint.secret not in client.get(f"/organizations/{theirs.slug}/webhooks/").text
    assert Endpoint.objects.filter(pk=endpoint.pk).exists()


def test_an_owner_removes_an_endpoint(ngo, as_, people):
    endpoint = endpoint_create(organization=ngo, user=people["owner"], url="https://crm.example.org/r2p", events=[])

    response = as_("owner").post(f"/organizations/{ngo.slug}/webhooks/{endpoint.pk}/remove/")

    assert response.status_code == 302
    assert not Endpoint.objects.exists()
