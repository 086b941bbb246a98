"""A signer whose form comes back with errors is taken to a summary of them; mistakes never use up the limits."""

import re

from django.test import override_settings

from r2p_letters.signatures.models import Signature

from ..helpers.signing import SIGNER, url


def without(*names) -> dict:
    return {name: value for name, value in SIGNER.items() if name not in names}


def test_a_refused_form_starts_with_a_summary_linking_to_each_field_to_fix(client, open_sign_on):
    response = client.post(url("sign", open_sign_on), without("consent", "organization"))

    assert response.status_code == 422
    page = response.text
    summary = re.search(r'<div [^>]*id="error-summary".*?</div>', page, re.S).group(0)
    assert 'tabindex="-1"' in summary and "2 fields need your attention" in summary
    links = re.findall(r'<a [^>]*href="#([^"]+)"', summary)
    assert links == ["id_organization", "id_consent"]
    for target in links:
        assert f'id="{target}"' in page
    assert page.index('id="error-summary"') < page.index('name="organization"')
    assert "We can only record your signature with your consent." in summary


def test_the_form_brings_its_answer_to_the_summary_without_javascript(client, open_sign_on):
    page = client.get(url("sign", open_sign_on)).text

    assert f'action="{url("sign", open_sign_on)}#error-summary"' in page
    assert "js/error-summary.js" in page
    assert 'id="error-summary"' not in page


def test_the_sign_page_has_one_element_of_each_id(client, open_sign_on):
    for page in (client.get(url("sign", open_sign_on)).text, client.post(url("sign", open_sign_on), {}).text):
        ids = re.findall(r'\bid="([^"]+)"', page)
        assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_the_confirmation_link_is_sent_again_from_the_sign_page(client, open_sign_on, run_worker):
    client.post(url("sign", open_sign_on), SIGNER)
    run_worker()

    response = client.post(url("resend", open_sign_on), {"email": SIGNER["email"]})

    assert response.status_code == 302
    assert [SIGNER["email"]] in [m.to for m in run_worker()]


@override_settings(SIGN_RATE_PER_IP="3/h")
def test_refused_attempts_do_not_count_against_the_limit_of_a_client_address(client, open_sign_on):
    for _ in range(5):
        assert client.post(url("sign", open_sign_on), without("consent")).status_code == 422

    answers = [
        client.post(url("sign", open_sign_on), {**SIGNER, "email": f"s{i}@example.org", "organization": f"Org {i}"})
        for i in range(4)
    ]

    assert [a.status_code for a in answers] == [302, 302, 302, 429]
    assert Signature.objects.count() == 3


@override_settings(SIGN_RATE_PER_EMAIL="2/h")
def test_refused_attempts_do_not_count_against_the_limit_of_an_email_address(client, open_sign_on):
    for i in range(4):
        assert client.post(url("sign", open_sign_on), without("consent"), REMOTE_ADDR=f"10.0.0.{i}").status_code == 422

    response = client.post(url("sign", open_sign_on), SIGNER, REMOTE_ADDR="10.0.0.9")

    assert response.status_code == 302
    assert Signature.objects.get().email == SIGNER["email"]
