"""In the admin, the text of a letter open for signatures changes only as the composer changes it (a new version,
its signatories asked to confirm again), and the signatures collected online are the sign-on's: read-only."""

from django.urls import reverse

from r2p_letters.letters.models import Revision, Signatory

from ..helpers.admin import change_form_data, field_holding
from ..helpers.signing import sign

SIGNER = {"organization": "Ligue centrafricaine des droits de l'homme", "email": "joseph@lcdh.example.org"}


def signed(sign_on) -> Signatory:
    """A confirmed signature; the row it prints on the letter."""
    return Signatory.objects.get(signature=sign(sign_on, SIGNER["organization"], email=SIGNER["email"]))


def change_url(letter) -> str:
    return reverse("admin:letters_letter_change", args=[letter.pk])


def test_an_open_letter_changed_in_the_admin_makes_a_new_version_and_asks_signatories_to_confirm(
    staff_client, staff, open_sign_on, run_worker
):
    letter = open_sign_on.letter
    signed(open_sign_on)
    run_worker()
    page = staff_client.get(change_url(letter))
    data = change_form_data(page)
    data[field_holding(data, "Demand an immediate end to the siege.")] = "Demand an immediate end to the siege, today."

    response = staff_client.post(change_url(letter), data)

    assert response.status_code == 302
    assert "Saving a change to its text makes a new version" in page.text
    open_sign_on.refresh_from_db()
    assert open_sign_on.current_text.number == 2
    assert Revision.objects.get(letter=letter).author == staff
    emails = [m for m in run_worker() if "has changed" in m.subject]
    assert [m.to for m in emails] == [[SIGNER["email"]]]
    assert "== Asks ==" in emails[0].body and "today.+}" in emails[0].body


def test_a_signature_collected_online_cannot_be_changed_or_deleted_in_the_admin(staff_client, open_sign_on):
    row = signed(open_sign_on)
    url = reverse("admin:letters_signatory_change", args=[row.pk])

    changed = staff_client.post(
        url,
        {
            "letter": row.letter_id,
            "organization": "Someone else",
            "role": "cosigner",
            "position": 0,
            "source": "entered",
        },
    )
    deleted = staff_client.post(reverse("admin:letters_signatory_delete", args=[row.pk]), {"post": "yes"})

    assert changed.status_code == deleted.status_code == 403
    row.refresh_from_db()
    assert (row.organization, row.source) == (SIGNER["organization"], Signatory.Source.ONLINE)
    open_sign_on.refresh_from_db()
    assert open_sign_on.shown_count == 1


def test_the_letters_page_shows_online_signatures_read_only_and_keeps_them_through_a_save(staff_client, open_sign_on):
    letter = open_sign_on.letter
    row = signed(open_sign_on)
    page = staff_client.get(change_url(letter))
    data = change_form_data(page)

    # Deleting the row or renaming it through the inline of signatures collected online.
    data.update(
        {
            "signatories-2-0-id": row.pk,
            "signatories-2-0-letter": letter.pk,
            "signatories-2-0-DELETE": "on",
            "signatories-2-0-organization": "Someone else",
        }
    )
    response = staff_client.post(change_url(letter), data)

    assert response.status_code == 302
    assert "Ligue centrafricaine" in page.text  # shown, in no field of the form
    assert not any("Ligue centrafricaine" in str(value) for value in change_form_data(page).values())
    row.refresh_from_db()
    assert row.organization == SIGNER["organization"]
    open_sign_on.refresh_from_db()
    assert open_sign_on.shown_count == 1
    assert not Revision.objects.filter(letter=letter).exists()
