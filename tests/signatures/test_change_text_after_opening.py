"""Opening freezes the text as version 1; a change makes version 2 and asks signatories to confirm again."""

from r2p_letters.letters.forms import section_post_data
from r2p_letters.letters.sections import SECTIONS
from r2p_letters.signatures.models import Signature
from r2p_letters.signatures.services import content_hash, sign_on_update

from ..helpers.signing import SIGNER, link_in


def edit_situation(client, letter, text, *, confirm=True):
    """Save the situation section through the composer, as an editor's browser would (ticking the box that says
    the signatories will be emailed, unless told not to)."""
    letter.refresh_from_db()
    data = section_post_data(
        SECTIONS["situation"],
        {
            "fields": {"concerned_country": "CF", "concerned_region": ""},
            "items": [{"text": text}],
        },
        base_edit=letter.section_edits.get("situation", 0),
    )
    if confirm:
        data["emails_confirmed"] = "on"
    return client.post(f"/letters/{letter.slug}/edit/situation/", data)


def confirmed_signer(client, sign_on, run_worker, **changes):
    client.post(f"/letters/{sign_on.letter.slug}/sign/", {**SIGNER, **changes})
    client.post(link_in(run_worker()[-1], "/sign/confirm/"))
    run_worker()


def test_opening_freezes_every_section_with_a_content_hash(open_sign_on):
    text = open_sign_on.current_text

    assert text.number == 1
    assert "Civilians in El Fasher have been besieged" in str(text.content["situation"])
    assert "Demand an immediate end to the siege." in str(text.content["asks"])
    assert text.content_hash == content_hash(text.content)


def test_changing_the_text_makes_version_2_and_emails_the_diff_to_signatories(as_, client, open_sign_on, run_worker):
    confirmed_signer(client, open_sign_on, run_worker)
    editor = as_("editor")

    response = edit_situation(editor, open_sign_on.letter, "Civilians in El Fasher have been besieged for 500 days.")

    assert response.status_code == 302, response.content.decode()[:3000]
    open_sign_on.refresh_from_db()
    assert open_sign_on.current_text.number == 2
    emails = [m for m in run_worker() if "has changed" in m.subject]
    assert len(emails) == 1
    assert "== Situation ==" in emails[0].body
    assert "besieged for [-more-]{+500+} [-than a year.-]{+days.+}" in emails[0].body
    assert "signed version 1" in emails[0].body


def test_until_they_confirm_again_signatories_are_shown_as_having_signed_version_1(
    as_, client, open_sign_on, run_worker
):
    confirmed_signer(client, open_sign_on, run_worker)
    edit_situation(as_("editor"), open_sign_on.letter, "A new text.")

    signature = Signature.objects.get()
    assert signature.signed_text.number == 1
    open_sign_on.refresh_from_db()
    assert open_sign_on.shown_count == 1  # the organizers count earlier versions unless they say otherwise

    sign_on_update(sign_on=open_sign_on, count_earlier_versions=False)
    open_sign_on.refresh_from_db()
    assert open_sign_on.shown_count == 0
    assert "Ligue centrafricaine" not in client.get(f"/letters/{open_sign_on.letter.slug}/document/").text


def test_confirming_the_new_version_binds_the_signature_to_it(as_, client, open_sign_on, run_worker):
    confirmed_signer(client, open_sign_on, run_worker)
    edit_situation(as_("editor"), open_sign_on.letter, "A new text.")
    sign_on_update(sign_on=open_sign_on, count_earlier_versions=False)
    reconfirm = [m for m in run_worker() if "has changed" in m.subject][0]

    client.post(link_in(reconfirm, "/sign/confirm/"))

    signature = Signature.objects.get()
    assert signature.signed_text.number == 2
    open_sign_on.refresh_from_db()
    assert open_sign_on.shown_count == 1


def test_the_link_to_version_1_no_longer_confirms_once_version_2_exists(as_, client, open_sign_on, run_worker):
    client.post(f"/letters/{open_sign_on.letter.slug}/sign/", SIGNER)
    first_link = link_in(run_worker()[0], "/sign/confirm/")
    edit_situation(as_("editor"), open_sign_on.letter, "A new text.")

    response = client.post(first_link)

    assert "has changed since this link was sent" in response.text
    assert Signature.objects.get().status == Signature.Status.PENDING


def test_saving_the_same_text_again_makes_no_new_version(as_, open_sign_on, run_worker):
    same_text = "Civilians in El Fasher have been besieged for more than a year."
    edit_situation(as_("editor"), open_sign_on.letter, same_text)

    open_sign_on.refresh_from_db()
    assert open_sign_on.current_text.number == 1


def test_the_diff_reads_the_same_whatever_order_the_database_gives_the_fields_back():
    from r2p_letters.letters.revisions import revision_lines

    stored = {"items": [{"text": "Words.", "by_when": "May"}]}
    fresh = {"items": [{"by_when": "May", "text": "Words."}]}

    assert revision_lines("asks", stored) == revision_lines("asks", fresh)
    assert revision_lines(
        "situation", {"fields": {"concerned_region": "", "concerned_country": "CF"}}
    ) == revision_lines("situation", {"fields": {"concerned_country": "CF", "concerned_region": ""}})


def test_saving_the_text_asks_first_how_many_people_will_be_emailed_and_keeps_the_text(
    as_, client, open_sign_on, run_worker
):
    confirmed_signer(client, open_sign_on, run_worker)
    editor = as_("editor")

    response = edit_situation(editor, open_sign_on.letter, "Besieged for 500 days.", confirm=False)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Save and email the 1 person who signed, asking them to confirm again" in body
    assert "Besieged for 500 days.</textarea>" in body
    open_sign_on.refresh_from_db()
    assert open_sign_on.current_text.number == 1
    assert not [m for m in run_worker() if "has changed" in m.subject]


def test_the_in_place_editor_of_an_open_letter_saves_only_when_told_to_email_the_signatories(
    as_, client, open_sign_on, run_worker
):
    confirmed_signer(client, open_sign_on, run_worker)
    editor, letter = as_("editor"), open_sign_on.letter
    letter.refresh_from_db()
    compose = editor.get(f"/letters/{letter.slug}/edit/").content.decode()
    assert "data-explicit" in compose and "Save and email the 1 person who signed" in compose

    url = f"/letters/{letter.slug}/edit/asks/items/0/update/"
    data = {"base_edit": letter.section_edits.get("asks", 0), "text": "Demand an end to the siege now."}
    refused = editor.post(url, data, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400
    assert "Demand an end to the siege now.</textarea>" in refused.content.decode()
    assert not [m for m in run_worker() if "has changed" in m.subject]

    saved = editor.post(url, {**data, "emails_confirmed": "on"}, HTTP_HX_REQUEST="true")
    assert saved.status_code == 200
    assert len([m for m in run_worker() if "has changed" in m.subject]) == 1
