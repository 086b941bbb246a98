"""The organizers change the rules of a running sign-on, close it, reopen it, and add late signatures."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from r2p_letters.letters.models import Letter
from r2p_letters.signatures.models import Signature, SignOn
from r2p_letters.signatures.services import sign_on_close

from ..helpers.signing import change_the_text, document, sign, url

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def rules(sign_on: SignOn, **changes) -> dict:
    """The settings form as the dashboard shows it, with ``changes``."""
    deadline = sign_on.local_deadline
    data = {
        "action": "save",
        "order": sign_on.order,
        "deadline_date": deadline.date().isoformat(),
        "deadline_time": deadline.strftime("%H:%M"),
        "time_zone": sign_on.time_zone,
    }
    for name in ("count_earlier_versions", "moderated", "list_public"):
        if getattr(sign_on, name):
            data[name] = "on"
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = "on" if value is True else value
    return data


def fresh(sign_on: SignOn) -> SignOn:
    return SignOn.objects.select_related("current_text", "letter").get(pk=sign_on.pk)


def save(client, sign_on, **changes):
    return client.post(url("settings", sign_on), rules(fresh(sign_on), **changes), follow=True)


def test_ordering_by_country_or_by_date_changes_the_printed_order(as_, open_sign_on):
    sign(open_sign_on, "Zambia First", city="Lusaka", country="ZM")
    sign(open_sign_on, "Brazil Second", city="Recife", country="BR")
    sign(open_sign_on, "Armenia Third", city="Yerevan", country="AM")
    alphabetical = document(as_(None), open_sign_on)
    assert (
        alphabetical.index("Armenia Third") < alphabetical.index("Brazil Second") < alphabetical.index("Zambia First")
    )

    page = save(as_("owner"), open_sign_on, order="country")

    assert "The rules of the sign-on are saved." in page.text
    by_country = document(as_(None), open_sign_on)
    assert by_country.index("Armenia Third") < by_country.index("Brazil Second") < by_country.index("Zambia First")

    Signature.objects.filter(organization="Zambia First").update(
        confirmed_at=timezone.now() - datetime.timedelta(days=2)
    )
    Signature.objects.filter(organization="Brazil Second").update(
        confirmed_at=timezone.now() - datetime.timedelta(days=1)
    )
    save(as_("owner"), open_sign_on, order="date")
    # Dates are copied to the printed lines when a rule changes.
    by_date = document(as_(None), open_sign_on)
    assert by_date.index("Zambia First") < by_date.index("Brazil Second") < by_date.index("Armenia Third")
    assert fresh(open_sign_on).order == SignOn.Order.DATE_SIGNED


def test_by_country_orders_by_the_country_name_not_its_code(as_, open_sign_on):
    sign(open_sign_on, "Swiss Partners", city="Geneva", country="CH")  # Switzerland
    sign(open_sign_on, "Chad Partners", city="N'Djamena", country="TD")  # Chad

    save(as_("owner"), open_sign_on, order="country")

    printed = document(as_(None), open_sign_on)
    assert printed.index("Chad Partners") < printed.index("Swiss Partners")


def test_not_counting_earlier_versions_hides_their_signatures_until_confirmed_again(as_, open_sign_on, people):
    early = sign(open_sign_on, "Early Signers")
    change_the_text(open_sign_on.letter, people["owner"])
    sign(open_sign_on, "Later Signers")
    assert "Early Signers" in document(as_(None), open_sign_on)

    save(as_("owner"), open_sign_on, count_earlier_versions=False)

    assert fresh(open_sign_on).shown_count == 1
    printed = document(as_(None), open_sign_on)
    assert "Early Signers" not in printed
    assert "Later Signers" in printed

    save(as_("owner"), open_sign_on, count_earlier_versions=True)

    assert fresh(open_sign_on).shown_count == 2
    assert "Early Signers" in document(as_(None), open_sign_on)
    assert Signature.objects.get(pk=early.pk).signed_text.number == 1


def test_moderating_hides_signatures_until_approved(as_, open_sign_on):
    sign(open_sign_on, "Unreviewed Partners")

    save(as_("owner"), open_sign_on, moderated=True)

    assert fresh(open_sign_on).shown_count == 0
    assert "Unreviewed Partners" not in document(as_(None), open_sign_on)


def test_a_private_list_hides_the_names_from_the_public_while_the_count_shows(as_, open_sign_on):
    sign(open_sign_on, "Discreet Partners")

    save(as_("owner"), open_sign_on, list_public=False)

    assert "Discreet Partners" not in document(as_(None), open_sign_on)
    assert "Discreet Partners" in document(as_("viewer"), open_sign_on)
    assert "<strong>1</strong> signature" in as_(None).get(open_sign_on.letter.get_absolute_url()).text


def test_it_moves_the_deadline_in_the_chosen_time_zone(as_, open_sign_on):
    later = (timezone.now() + datetime.timedelta(days=20)).date()

    save(as_("owner"), open_sign_on, deadline_date=later.isoformat(), deadline_time="17:30", time_zone="Africa/Nairobi")

    sign_on = fresh(open_sign_on)
    assert sign_on.deadline == datetime.datetime.combine(
        later, datetime.time(17, 30), tzinfo=zoneinfo.ZoneInfo("Africa/Nairobi")
    )
    assert sign_on.time_zone == "Africa/Nairobi"


def test_saving_the_rules_unchanged_keeps_the_deadline_to_the_second(as_, open_sign_on):
    before = fresh(open_sign_on).deadline

    save(as_("owner"), open_sign_on)

    assert fresh(open_sign_on).deadline == before


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"deadline_date": "2020-01-01"}, "The deadline must be in the future."),
        ({"deadline_date": "31/02/2031"}, "Enter a valid date."),
        ({"deadline_time": "25:99"}, "Enter a valid time."),
        ({"time_zone": "Mars/Olympus_Mons"}, "Select a valid choice."),
        ({"order": "random"}, "Select a valid choice."),
    ],
)
def test_bad_rules_are_refused_with_a_clear_message(as_, open_sign_on, changes, message):
    before = fresh(open_sign_on)

    page = save(as_("owner"), open_sign_on, **changes)

    assert page.status_code == 422
    assert message in page.text
    after = fresh(open_sign_on)
    assert (after.deadline, after.time_zone, after.order) == (before.deadline, before.time_zone, before.order)


def test_close_now_closes_the_sign_on_and_the_letter(as_, open_sign_on):
    page = as_("owner").post(url("settings", open_sign_on), {"action": "close"}, follow=True)

    assert "The sign-on is closed" in page.text
    sign_on = fresh(open_sign_on)
    assert sign_on.closed_at is not None
    assert sign_on.letter.status == Letter.Status.CLOSED
    assert "Reopen until this deadline" in page.text


def test_reopen_until_a_new_deadline(as_, open_sign_on):
    sign_on_close(sign_on=open_sign_on)
    until = (timezone.now() + datetime.timedelta(days=5)).date()

    page = as_("owner").post(
        url("settings", open_sign_on),
        {
            "action": "reopen",
            "reopen-deadline_date": until.isoformat(),
            "reopen-deadline_time": "12:00",
            "reopen-time_zone": "Europe/Paris",
        },
        follow=True,
    )

    assert "The sign-on is open again." in page.text
    sign_on = fresh(open_sign_on)
    assert sign_on.is_open
    assert sign_on.letter.status == Letter.Status.OPEN
    assert sign_on.time_zone == "Europe/Paris"
    assert sign_on.local_deadline.hour == 12


def test_it_will_not_reopen_until_a_past_date(as_, open_sign_on):
    sign_on_close(sign_on=open_sign_on)

    page = as_("owner").post(
        url("settings", open_sign_on),
        {
            "action": "reopen",
            "reopen-deadline_date": "2020-05-01",
            "reopen-deadline_time": "12:00",
            "reopen-time_zone": "UTC",
        },
    )

    assert page.status_code == 422
    assert "The deadline must be in the future." in page.text
    assert not fresh(open_sign_on).is_open


def test_an_unknown_settings_action_changes_nothing(as_, open_sign_on):
    page = as_("owner").post(url("settings", open_sign_on), {"action": "drop"}, follow=True)

    assert "That action is not known" in page.text
    assert fresh(open_sign_on).is_open


def test_only_editors_and_owners_change_the_rules(as_, open_sign_on):
    data = rules(fresh(open_sign_on), order="country")

    assert as_("viewer").post(url("settings", open_sign_on), data).status_code == 403
    assert as_("outsider").post(url("settings", open_sign_on), data).status_code == 404
    assert as_("viewer").post(url("settings", open_sign_on), {"action": "close"}).status_code == 403
    assert fresh(open_sign_on).order == SignOn.Order.ALPHABETICAL
    assert fresh(open_sign_on).is_open


# -- late signatures --------------------------------------------------------------------------------

LATE = {
    "late-kind": "organization",
    "late-organization": "Tardy Rights Network",
    "late-city": "Dakar",
    "late-country": "SN",
    "late-person_name": "Aminata Diallo",
    "late-person_title": "Director",
    "late-email": "aminata@tardy.example.org",
    "late-show_name": "no",
}


def test_after_closing_an_organizer_adds_a_late_signature_marked_late_with_its_date(as_, open_sign_on):
    sign_on_close(sign_on=open_sign_on)
    signed_on = timezone.localdate() - datetime.timedelta(days=1)

    page = as_("editor").post(url("late", open_sign_on), {**LATE, "late-signed_on": signed_on.isoformat()}, follow=True)

    assert "Tardy Rights Network is added as a late signature." in page.text
    signature = Signature.objects.get(organization="Tardy Rights Network")
    assert signature.is_late
    assert signature.status == Signature.Status.CONFIRMED
    assert timezone.localtime(signature.confirmed_at).date() == signed_on
    assert "Tardy Rights Network (Dakar, Senegal)" in document(as_(None), open_sign_on)
    assert f"late, {signed_on:%-d %b %Y}" in page.text
    assert fresh(open_sign_on).shown_count == 1


def test_a_late_signature_of_an_organization_that_signed_is_refused_on_the_form(as_, open_sign_on):
    sign(open_sign_on, "Tardy Rights Network", email="someone@tardy.example.org")
    sign_on_close(sign_on=open_sign_on)

    by_organization = as_("owner").post(url("late", open_sign_on), {**LATE, "late-signed_on": "2024-05-01"})
    by_email = as_("owner").post(
        url("late", open_sign_on),
        {
            **LATE,
            "late-organization": "Other Name",
            "late-email": "SOMEONE@tardy.example.org",
            "late-signed_on": "2024-05-01",
        },
    )

    assert by_organization.status_code == 409
    assert "This organization has already signed the letter." in by_organization.text
    assert by_email.status_code == 409
    assert "A signature with this email address is already on the letter." in by_email.text
    assert Signature.objects.count() == 1


@pytest.mark.parametrize(
    "signed_on, message",
    [
        ("2999-01-01", "The date signed cannot be in the future."),
        ("yesterday", "Enter a valid date."),
        ("", "This field is required."),
    ],
)
def test_a_late_signature_needs_a_real_date(as_, open_sign_on, signed_on, message):
    sign_on_close(sign_on=open_sign_on)

    page = as_("owner").post(url("late", open_sign_on), {**LATE, "late-signed_on": signed_on})

    assert page.status_code == 422
    assert message in page.text
    assert not Signature.objects.exists()


def test_no_late_signature_while_the_sign_on_runs(as_, open_sign_on):
    page = as_("owner").post(url("late", open_sign_on), {**LATE, "late-signed_on": "2024-05-01"}, follow=True)

    assert "still open" in page.text
    assert not Signature.objects.exists()
    assert "Add a late signature" not in page.text


def test_late_filter_lists_only_late_signatures(as_, open_sign_on):
    sign(open_sign_on, "On Time Partners")
    sign_on_close(sign_on=open_sign_on)
    as_("owner").post(url("late", open_sign_on), {**LATE, "late-signed_on": "2024-05-01"})

    page = as_("owner").get(url("dashboard", open_sign_on), {"late": "on"})

    assert [s.organization for s in page.context["rows"]] == ["Tardy Rights Network"]


def test_the_rules_still_change_after_closing_without_a_deadline_to_give(as_, open_sign_on):
    sign(open_sign_on, "Zambia First", city="Lusaka", country="ZM")
    sign(open_sign_on, "Armenia Second", city="Yerevan", country="AM")
    sign_on_close(sign_on=open_sign_on)

    page = as_("owner").post(
        url("settings", open_sign_on),
        {"action": "save", "order": "date", "count_earlier_versions": "on", "list_public": "on"},
        follow=True,
    )

    assert "The rules of the sign-on are saved." in page.text
    assert fresh(open_sign_on).order == SignOn.Order.DATE_SIGNED
    assert 'name="deadline_date"' not in page.text  # a closed sign-on moves its deadline by reopening
    printed = document(as_(None), open_sign_on)
    assert printed.index("Zambia First") < printed.index("Armenia Second")


def test_a_refused_form_keeps_the_page_working(as_, open_sign_on):
    signature = sign(open_sign_on, "Row Partners")

    page = save(as_("owner"), open_sign_on, deadline_date="2020-01-01")

    assert page.status_code == 422
    # The row's forms send the organizer back to the dashboard, not to the address the refused form posted to.
    assert f'action="{url("signature", open_sign_on, signature.pk)}"' in page.text
    assert f'name="next" value="{url("dashboard", open_sign_on)}"' in page.text
    assert f'<form method="get" action="{url("dashboard", open_sign_on)}"' in page.text


def test_a_late_signature_prints_the_date_the_organizer_gave(as_, open_sign_on):
    from r2p_letters.letters.models import Signatory

    sign_on_close(sign_on=open_sign_on)

    as_("owner").post(url("late", open_sign_on), {**LATE, "late-signed_on": "2024-05-01"})

    assert Signatory.objects.get(organization="Tardy Rights Network").signed_on == datetime.date(2024, 5, 1)
