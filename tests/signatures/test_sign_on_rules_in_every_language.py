"""The sign-on's rules form shows its deadline in every language, and saves as it is shown."""

import re

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from r2p_letters.signatures.services import sign_on_close

from ..helpers.signing import url

LANGUAGES = [code for code, _name in django_settings.LANGUAGES]


def form_after(page: str, action: str, button: str) -> str:
    """The HTML of the form posted to ``action`` that holds ``button`` (its value)."""
    forms = re.findall(rf'<form method="post" action="{re.escape(action)}".*?</form>', page, re.S)
    return next(form for form in forms if f'value="{button}"' in form)


def shown_value(form: str, name: str) -> str:
    field = re.search(rf'<input [^>]*name="{name}"[^>]*>', form).group(0)
    found = re.search(r'value="([^"]*)"', field)
    return found.group(1) if found else ""


def shown_choice(form: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', form, re.S).group(0)
    return re.search(r'<option value="([^"]*)"[^>]*selected', select).group(1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rules_form_shows_the_deadline_and_saves_unchanged_in_every_language(as_, open_sign_on, language):
    client = as_("owner")
    headers = {"accept-language": language}
    page = client.get(url("dashboard", open_sign_on), headers=headers).text
    form = form_after(page, url("settings", open_sign_on), "save")
    deadline = open_sign_on.local_deadline

    assert shown_value(form, "deadline_date") == deadline.date().isoformat()
    assert shown_value(form, "deadline_time") == deadline.strftime("%H:%M")

    data = {
        "action": "save",
        "order": shown_choice(form, "order"),
        "deadline_date": shown_value(form, "deadline_date"),
        "deadline_time": shown_value(form, "deadline_time"),
        "time_zone": shown_choice(form, "time_zone"),
        "list_public": "on",
    }
    response = client.post(url("settings", open_sign_on), data, headers=headers)

    assert response.status_code == 302
    open_sign_on.refresh_from_db()
    assert open_sign_on.local_deadline.strftime("%Y-%m-%d %H:%M") == deadline.strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reopen_and_late_signature_forms_show_their_time_and_date_in_every_language(
    as_, open_sign_on, people, language
):
    sign_on_close(sign_on=open_sign_on, user=people["owner"])

    page = as_("owner").get(url("dashboard", open_sign_on), headers={"accept-language": language}).text

    assert shown_value(form_after(page, url("settings", open_sign_on), "reopen"), "reopen-deadline_time") == "18:00"
    late = re.search(rf'<form method="post" action="{url("late", open_sign_on)}".*?</form>', page, re.S).group(0)
    assert shown_value(late, "late-signed_on") == timezone.localdate().isoformat()
