"""Webhooks go to public addresses only: resolved once, checked, connected to as checked, never redirected."""

import ipaddress

import pytest

from r2p_letters.letters import hooks
from r2p_letters.webhooks.models import Delivery
from r2p_letters.webhooks.sending import AddressRefused, address_is_public, post
from r2p_letters.webhooks.services import endpoint_create

from ..helpers.signing import sign

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",
        "127.0.0.1",
        "0.0.0.0",
        "169.254.169.254",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
    ],
)
def test_private_loopback_link_local_multicast_and_reserved_addresses_are_not_public(address):
    assert not address_is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::1111"])
def test_public_addresses_are(address):
    assert address_is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "10.0.0.1", "169.254.169.254"])
def test_without_the_setting_nothing_is_sent_to_a_private_address_or_a_name_that_resolves_to_one(
    host, receiver, settings
):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    with pytest.raises(AddressRefused):
        post(url=f"https://{host}:{receiver.port}/hook", secret="s", body=b"{}", headers={})
    assert receiver.requests == []


def test_without_the_setting_plain_http_is_refused(receiver, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    with pytest.raises(AddressRefused):
        post(url="http://93.184.215.14/hook", secret="s", body=b"{}", headers={})


def test_an_endpoint_on_a_private_address_is_refused_for_good_and_never_contacted(
    open_sign_on, ngo, people, receiver, run_worker, settings
):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    endpoint_create(
        organization=ngo, user=people["owner"], url=f"https://localhost:{receiver.port}/hook", events=hooks.EVENTS
    )
    sign(open_sign_on, "Ligue centrafricaine")

    run_worker()
    run_worker()

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.REFUSED
    assert "127.0.0.1" in delivery.attempts.get().error or "::1" in delivery.attempts.get().error
    assert receiver.requests == []


def test_a_redirect_is_not_followed_and_the_try_counts_as_failed(open_sign_on, endpoint, receiver, run_worker):
    receiver.answers = [302]
    sign(open_sign_on, "Ligue centrafricaine")

    run_worker()

    assert [r["path"] for r in receiver.requests] == ["/hook"]
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert [a.status_code for a in delivery.attempts.all()] == [302]
