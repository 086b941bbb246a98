"""After signing, the "check your email" page names the address the signer gave, and nothing from the URL."""

from django.test import Client
from django.utils.http import urlencode

from ..helpers.signing import SIGNER, url

FORGED = "Call +1 555 0100 to confirm your signature"


def test_the_page_shows_the_address_the_signer_gave(open_sign_on):
    signer = Client()

    answer = signer.post(url("sign", open_sign_on), SIGNER)
    page = signer.get(answer["Location"])

    assert answer["Location"] == url("check_email", open_sign_on)
    assert "We sent a link to <strong>joseph@lcdh.example.org</strong>." in page.text


def test_words_put_in_the_link_are_not_shown(open_sign_on):
    forged = url("check_email", open_sign_on) + "?" + urlencode({"to": FORGED})

    page = Client().get(forged)

    assert FORGED not in page.text
    assert "We sent you a link." in page.text


def test_a_signer_sent_a_forged_link_still_sees_only_their_own_address(open_sign_on):
    signer = Client()
    signer.post(url("sign", open_sign_on), SIGNER)

    page = signer.get(url("check_email", open_sign_on) + "?" + urlencode({"to": FORGED}))

    assert FORGED not in page.text
    assert "joseph@lcdh.example.org" in page.text
