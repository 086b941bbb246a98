"""The organizers approve, reject, reword, lead and merge signatures, one POST each, back to the same list."""

import pytest

from r2p_letters.letters.models import Signatory
from r2p_letters.signatures.models import Signature, SignOn
from r2p_letters.signatures.services import (
    SignOnRules,
    letter_open_for_signatures,
    sign_on_update,
    signature_withdraw,
)

from ..helpers.signing import SIGNER, document, sign, url


def act(client, sign_on, signature, action, **data):
    return client.post(url("signature", sign_on, signature.pk), {"action": action, **data}, follow=True)


def shown(sign_on) -> int:
    return SignOn.objects.get(pk=sign_on.pk).shown_count


def test_it_approves_a_signature_of_a_moderated_sign_on(as_, open_sign_on):
    sign_on_update(sign_on=open_sign_on, moderated=True)
    signature = sign(open_sign_on, "Asia Pacific Centre", city="Brisbane", country="AU")
    assert "Asia Pacific Centre" not in document(as_(None), open_sign_on)

    page = act(as_("editor"), open_sign_on, signature, "approve")

    assert "Asia Pacific Centre is approved." in page.text
    assert Signature.objects.get(pk=signature.pk).approved_at is not None
    assert shown(open_sign_on) == 1
    assert "Asia Pacific Centre (Brisbane, Australia)" in document(as_(None), open_sign_on)


def test_it_says_why_a_signature_not_confirmed_by_its_signer_cannot_be_approved(as_, open_sign_on):
    signature = sign(open_sign_on, "Unconfirmed Partners", confirm=False)

    page = act(as_("owner"), open_sign_on, signature, "approve")

    assert page.status_code == 200
    assert "Only a signature confirmed by its signer can be approved." in page.text
    assert Signature.objects.get(pk=signature.pk).approved_at is None


def test_it_rejects_a_signature_and_takes_it_off_the_letter(as_, open_sign_on):
    signature = sign(open_sign_on, "Spam Incorporated")
    assert "Spam Incorporated" in document(as_(None), open_sign_on)

    page = act(as_("owner"), open_sign_on, signature, "reject")

    assert "Spam Incorporated is rejected" in page.text
    assert Signature.objects.get(pk=signature.pk).status == Signature.Status.REJECTED
    assert shown(open_sign_on) == 0
    assert "Spam Incorporated" not in document(as_(None), open_sign_on)


def test_it_refuses_to_reject_a_withdrawn_signature(as_, open_sign_on):
    signature = sign(open_sign_on, "Changed Their Mind")
    Signature.objects.filter(pk=signature.pk).update(status=Signature.Status.WITHDRAWN)

    page = act(as_("owner"), open_sign_on, signature, "reject")

    assert "can be rejected" in page.text
    assert Signature.objects.get(pk=signature.pk).status == Signature.Status.WITHDRAWN


def test_it_approves_again_a_rejected_signature(as_, open_sign_on):
    signature = sign(open_sign_on, "Wrongly Rejected")
    act(as_("owner"), open_sign_on, signature, "reject")

    act(as_("owner"), open_sign_on, signature, "approve")

    assert Signature.objects.get(pk=signature.pk).status == Signature.Status.CONFIRMED
    assert shown(open_sign_on) == 1


def test_a_rejected_squatter_no_longer_keeps_the_real_organization_from_signing(as_, client, open_sign_on):
    sign_on_update(sign_on=open_sign_on, moderated=True)
    squatter = sign(open_sign_on, "Médecins Sans Frontières", email="squatter@stranger.example.org")
    act(as_("owner"), open_sign_on, squatter, "reject")

    response = client.post(
        f"/letters/{open_sign_on.letter.slug}/sign/",
        {
            **SIGNER,
            "organization": "Médecins sans frontières",
            "city": "Geneva",
            "country": "CH",
            "email": "president@msf.example.org",
        },
    )

    assert response.status_code == 302
    real = Signature.objects.get(email_key="president@msf.example.org")
    assert (real.status, real.organization) == (Signature.Status.PENDING, "Médecins sans frontières")
    assert Signature.objects.get(pk=squatter.pk).status == Signature.Status.REJECTED


def test_a_withdrawn_signature_no_longer_keeps_the_organization_from_another_signer(client, open_sign_on):
    first = sign(open_sign_on, "Human Rights Watch", email="former.director@hrw.example.org")
    signature_withdraw(signature=first)

    response = client.post(
        f"/letters/{open_sign_on.letter.slug}/sign/",
        {**SIGNER, "organization": "Human Rights Watch", "email": "director@hrw.example.org"},
    )

    assert response.status_code == 302
    assert Signature.objects.filter(organization="Human Rights Watch").count() == 2


def test_approving_a_rejected_squatter_again_after_the_real_organization_signed_says_why_not(as_, open_sign_on):
    squatter = sign(open_sign_on, "Médecins Sans Frontières", email="squatter@stranger.example.org")
    act(as_("owner"), open_sign_on, squatter, "reject")
    real = sign(open_sign_on, "Médecins Sans Frontières", email="president@msf.example.org")

    page = act(as_("owner"), open_sign_on, squatter, "approve")

    assert page.status_code == 200
    assert "another signature of the same organization holds its place on the letter" in page.text
    assert Signature.objects.get(pk=squatter.pk).status == Signature.Status.REJECTED
    assert Signature.objects.get(pk=real.pk).status == Signature.Status.CONFIRMED
    assert document(as_(None), open_sign_on).count("Médecins Sans Frontières") == 1


def test_it_changes_the_printed_line(as_, open_sign_on):
    signature = sign(open_sign_on, "global centre for the responsibility to protect", city="NYC", country="US")

    page = act(
        as_("editor"),
        open_sign_on,
        signature,
        "display",
        display_name="Global Centre for the Responsibility to Protect",
        display_place="New York, USA",
    )

    assert "is saved" in page.text
    printed = document(as_(None), open_sign_on)
    assert "Global Centre for the Responsibility to Protect (New York, USA)" in printed
    assert "global centre for the responsibility" not in printed
    assert "Global Centre for the Responsibility to Protect (New York, USA)" in page.text  # the dashboard's row


def test_it_refuses_control_characters_in_the_printed_line(as_, open_sign_on):
    signature = sign(open_sign_on, "Plain Name")

    page = act(as_("owner"), open_sign_on, signature, "display", display_name="Plain\u202eName", display_place="")

    assert "change the direction of the text" in page.text
    assert Signature.objects.get(pk=signature.pk).display_name == ""


def test_lead_signatures_print_first_in_the_letter(as_, open_sign_on):
    sign(open_sign_on, "Aardvark Rights")
    zulu = sign(open_sign_on, "Zulu Human Rights Watch")
    before = document(as_(None), open_sign_on)
    assert before.index("Aardvark Rights") < before.index("Zulu Human Rights Watch")

    act(as_("owner"), open_sign_on, zulu, "lead")

    after = document(as_(None), open_sign_on)
    assert after.index("Zulu Human Rights Watch") < after.index("Aardvark Rights")
    assert Signatory.objects.get(organization="Zulu Human Rights Watch").role == Signatory.Role.LEAD

    act(as_("owner"), open_sign_on, zulu, "unlead")

    again = document(as_(None), open_sign_on)
    assert again.index("Aardvark Rights") < again.index("Zulu Human Rights Watch")


def test_merging_two_signatures_of_one_organization_keeps_one_printed_line(as_, open_sign_on):
    kept = sign(open_sign_on, "Ligue centrafricaine des droits de lHomme", email="president@lcdh.example.org")
    duplicate = sign(open_sign_on, "LCDH (Ligue centrafricaine)", email="office@lcdh.example.org")
    assert shown(open_sign_on) == 2

    page = act(as_("owner"), open_sign_on, duplicate, "merge", into=kept.pk)

    assert f"combined with signature {kept.pk}" in page.text
    duplicate.refresh_from_db()
    assert duplicate.status == Signature.Status.MERGED
    assert duplicate.merged_into_id == kept.pk
    assert shown(open_sign_on) == 1
    printed = document(as_(None), open_sign_on)
    assert printed.count("Ligue centrafricaine des droits de lHomme (Bangui, Central African Republic)") == 1
    assert "LCDH" not in printed


def test_it_will_not_merge_into_a_signature_of_another_letter(as_, open_sign_on, make_letter, ngo, people):
    from datetime import timedelta

    from django.utils import timezone

    from r2p_letters.letters.models import Letter

    other_letter = make_letter(slug="other", status=Letter.Status.READY, lead_organization=ngo)
    other = letter_open_for_signatures(
        letter=other_letter,
        user=people["owner"],
        rules=SignOnRules(
            deadline=timezone.now() + timedelta(days=3),
            time_zone="UTC",
            signers="organizations",
            moderated=False,
            list_public=True,
        ),
    )
    foreign = sign(other, "Elsewhere Partners")
    mine = sign(open_sign_on, "Here Partners")

    page = act(as_("owner"), open_sign_on, mine, "merge", into=foreign.pk)

    assert "another signature of this letter" in page.text
    assert Signature.objects.get(pk=mine.pk).status == Signature.Status.CONFIRMED
    # A signature of the other letter, posted to this letter's address, is not found at all.
    assert as_("owner").post(url("signature", open_sign_on, foreign.pk), {"action": "reject"}).status_code == 404
    assert Signature.objects.get(pk=foreign.pk).status == Signature.Status.CONFIRMED


@pytest.mark.parametrize("into", ["", "abc", "-1", "999999", "99999999999999999999999", "1.5"])
def test_it_says_so_when_the_signature_to_merge_into_is_missing_or_garbled(as_, open_sign_on, into):
    signature = sign(open_sign_on, "Lonely Partners")

    page = act(as_("owner"), open_sign_on, signature, "merge", into=into)

    assert page.status_code == 200
    assert "number" in page.text and "alert-danger" in page.text
    assert Signature.objects.get(pk=signature.pk).status == Signature.Status.CONFIRMED


def test_it_will_not_merge_a_signature_into_itself(as_, open_sign_on):
    signature = sign(open_sign_on, "Narcissus Partners")

    page = act(as_("owner"), open_sign_on, signature, "merge", into=signature.pk)

    assert "another signature of this letter" in page.text


def test_an_unknown_action_changes_nothing_and_says_so(as_, open_sign_on):
    signature = sign(open_sign_on, "Steady Partners")

    page = act(as_("owner"), open_sign_on, signature, "delete")

    assert "That action is not known" in page.text
    assert Signature.objects.get(pk=signature.pk).status == Signature.Status.CONFIRMED


def test_it_goes_back_to_the_list_with_its_filters(as_, open_sign_on):
    signature = sign(open_sign_on, "Filtered Partners")
    back = url("dashboard", open_sign_on) + "?status=confirmed&q=filtered&page=1"

    response = as_("owner").post(url("signature", open_sign_on, signature.pk), {"action": "lead", "next": back})

    assert response.status_code == 302
    assert response["Location"] == back


@pytest.mark.parametrize("elsewhere", ["https://evil.example.org/", "//evil.example.org/x", "javascript:alert(1)"])
def test_it_never_sends_the_organizer_elsewhere(as_, open_sign_on, elsewhere):
    signature = sign(open_sign_on, "Careful Partners")

    response = as_("owner").post(url("signature", open_sign_on, signature.pk), {"action": "lead", "next": elsewhere})

    assert response["Location"] == url("dashboard", open_sign_on)


@pytest.mark.parametrize("pk", [999999, 99999999999999999999999])
def test_a_signature_number_that_does_not_exist_is_not_found(as_, open_sign_on, pk):
    assert as_("owner").post(url("signature", open_sign_on, pk), {"action": "approve"}).status_code == 404


def test_viewers_outsiders_and_visitors_cannot_act(as_, open_sign_on):
    signature = sign(open_sign_on, "Protected Partners")
    path = url("signature", open_sign_on, signature.pk)

    assert as_("viewer").post(path, {"action": "reject"}).status_code == 403
    assert as_("outsider").post(path, {"action": "reject"}).status_code == 404
    assert as_(None).post(path, {"action": "reject"}).status_code == 302
    assert Signature.objects.get(pk=signature.pk).status == Signature.Status.CONFIRMED


def test_an_action_needs_a_post_with_its_csrf_token(open_sign_on, people):
    from django.test import Client

    signature = sign(open_sign_on, "Guarded Partners")
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["owner"])
    path = url("signature", open_sign_on, signature.pk)

    assert client.get(path).status_code == 405
    assert client.post(path, {"action": "reject"}).status_code == 403
    assert Signature.objects.get(pk=signature.pk).status == Signature.Status.CONFIRMED
