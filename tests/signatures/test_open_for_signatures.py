"""Drafters open a ready letter for signatures: deadline with its time zone, who may sign, moderation, list."""

import datetime

from r2p_letters.letters.models import Letter
from r2p_letters.signatures.models import SignOn

FORM = {
    "deadline_date": "2099-03-01",
    "deadline_time": "18:00",
    "time_zone": "Europe/Paris",
    "signers": "both",
    "moderated": "on",
    "list_public": "",
    "order": "country",
}


def test_an_editor_opens_a_ready_letter_with_its_rules(as_, ready_letter):
    response = as_("editor").post(f"/letters/{ready_letter.slug}/sign-on/open/", FORM)

    assert response.status_code == 302
    sign_on = SignOn.objects.get()
    assert sign_on.letter.status == Letter.Status.OPEN
    assert sign_on.deadline == datetime.datetime(2099, 3, 1, 17, 0, tzinfo=datetime.UTC)  # 18:00 in Paris
    assert (sign_on.signers, sign_on.moderated, sign_on.list_public, sign_on.order) == ("both", True, False, "country")
    assert sign_on.current_text.number == 1


def test_the_letter_page_offers_to_open_a_ready_letter_to_its_editors_only(as_, ready_letter):
    assert "Open for signatures" in as_("editor").get(f"/letters/{ready_letter.slug}/").text
    assert "Open for signatures" not in as_("viewer").get(f"/letters/{ready_letter.slug}/").text


def test_viewers_and_outsiders_cannot_open_it(as_, ready_letter):
    assert as_("viewer").post(f"/letters/{ready_letter.slug}/sign-on/open/", FORM).status_code == 403
    assert as_("outsider").post(f"/letters/{ready_letter.slug}/sign-on/open/", FORM).status_code == 404
    assert as_(None).post(f"/letters/{ready_letter.slug}/sign-on/open/", FORM).status_code == 302
    assert not SignOn.objects.exists()


def test_a_deadline_in_the_past_is_refused_with_the_form_kept(as_, ready_letter):
    response = as_("editor").post(
        f"/letters/{ready_letter.slug}/sign-on/open/", {**FORM, "deadline_date": "2001-01-01"}
    )

    assert response.status_code == 422
    assert "The deadline must be in the future." in response.text
    assert 'value="Europe/Paris" selected' in response.text
    assert not SignOn.objects.exists()


def test_an_unknown_time_zone_is_refused(as_, ready_letter):
    response = as_("editor").post(f"/letters/{ready_letter.slug}/sign-on/open/", {**FORM, "time_zone": "Mars/Olympus"})

    assert response.status_code == 422
    assert not SignOn.objects.exists()


def test_a_draft_cannot_be_opened(as_, ready_letter):
    Letter.objects.filter(pk=ready_letter.pk).update(status=Letter.Status.DRAFT)

    response = as_("editor").post(f"/letters/{ready_letter.slug}/sign-on/open/", FORM, follow=True)

    assert "Only a ready letter" in response.text
    assert not SignOn.objects.exists()


def test_the_short_link_leads_to_the_sign_page(client, open_sign_on):
    response = client.get(f"/s/{open_sign_on.short_code}/")

    assert response.status_code == 302
    assert response["Location"] == f"/letters/{open_sign_on.letter.slug}/sign/"
    assert client.get(f"/s/{open_sign_on.short_code}x/").status_code == 404
