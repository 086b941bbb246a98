"""Whatever a partner (or a robot) types into the sign form: a clear message and the rest of the form kept,
never a server error; right-to-left names and emoji are taken as typed; markup never runs."""

import html
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django_tasks_db.models import DBTaskResult

from r2p_letters.signatures.models import Signature

from ..helpers.signing import SIGNER

TEXT_FIELDS = {"organization": 300, "city": 120, "person_name": 200, "person_title": 200}


class FormValues(HTMLParser):
    """What a browser would send back from the page's sign form: text values, checked boxes, selected options."""

    def __init__(self, page: str):
        super().__init__()
        self.values, self._in_sign_form, self._select = {}, False, None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_sign_form = "sign-form" in (attrs.get("class") or "")
        elif not self._in_sign_form:
            return
        elif tag == "input" and attrs.get("type") in ("text", "email"):
            self.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "input" and attrs.get("type") in ("radio", "checkbox") and "checked" in attrs:
            self.values[attrs["name"]] = attrs.get("value", "on")
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_sign_form = False
        elif tag == "select":
            self._select = None


def sign(client, sign_on, **changes):
    """Post the sign form with SIGNER's details, some changed (None leaves a field out)."""
    data = {name: value for name, value in {**SIGNER, **changes}.items() if value is not None}
    return client.post(f"/letters/{sign_on.letter.slug}/sign/", data)


def assert_refused(response, message: str, *, bad_field: str):
    """422, the message in the page, nothing stored, and every other field shown back as it was typed."""
    assert response.status_code == 422
    assert message in html.unescape(response.text)
    assert not Signature.objects.exists()
    shown = FormValues(response.text).values
    kept = {name: value for name, value in SIGNER.items() if name != bad_field}
    assert {name: shown.get(name) for name in kept} == kept


@pytest.mark.parametrize("field,limit", TEXT_FIELDS.items())
def test_a_value_longer_than_its_field_is_refused(client, open_sign_on, field, limit):
    response = sign(client, open_sign_on, **{field: "L" * (limit + 1)})

    assert_refused(response, f"Ensure this value has at most {limit} characters (it has {limit + 1}).", bad_field=field)
    assert FormValues(response.text).values[field] == "L" * (limit + 1)


def test_an_email_longer_than_the_standard_allows_is_refused(client, open_sign_on):
    response = sign(client, open_sign_on, email="j" * 64 + "@" + "lcdh-" * 38 + ".example.org")

    assert_refused(response, "Ensure this value has at most 254 characters", bad_field="email")


def test_a_huge_value_is_refused_without_a_server_error(client, open_sign_on):
    response = sign(client, open_sign_on, organization="Ligue " * 100_000)

    assert_refused(response, "Ensure this value has at most 300 characters", bad_field="organization")


def test_a_request_too_big_to_read_is_a_bad_request(client, open_sign_on, settings):
    response = sign(client, open_sign_on, city="B" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))

    assert response.status_code == 400
    assert not Signature.objects.exists()


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize(
    "character,message",
    [
        ("\x00", "Null characters are not allowed."),
        ("\x1b", "Remove the invisible or control characters from this field."),
        ("\u202e", "hidden characters that change the direction of the text"),  # right-to-left override
        ("\u200b", "Remove the invisible or control characters from this field."),  # zero-width space
    ],
)
def test_control_and_invisible_characters_are_refused(client, open_sign_on, field, character, message):
    response = sign(client, open_sign_on, **{field: f"Human{character}Rights Watch"})

    assert_refused(response, message, bad_field=field)


@pytest.mark.parametrize(
    "organization",
    [
        "Аmnesty International",  # a Cyrillic А
        "Human Rights Wаtch",  # a Cyrillic а inside the word
        "Ligue Centrafricaine des Droits de l'Ηomme",  # a Greek Eta
    ],
)
def test_an_organization_name_mixing_look_alike_alphabets_is_refused(client, open_sign_on, organization):
    response = sign(client, open_sign_on, organization=organization)

    assert_refused(response, "mixes letters of different alphabets that look alike", bad_field="organization")
    assert FormValues(response.text).values["organization"] == organization


def test_a_person_name_mixing_look_alike_alphabets_is_refused(client, open_sign_on):
    response = sign(client, open_sign_on, person_name="Joseph Bindoumі")  # a Ukrainian і

    assert_refused(response, "mixes letters of different alphabets", bad_field="person_name")


@pytest.mark.parametrize(
    "email",
    [
        "joseph",
        "joseph@",
        "@lcdh.example.org",
        "joseph@@lcdh.example.org",
        "joseph lcdh@example.org",
        "<script>@example.org",
        "joseph@lcdh.example.org\x00",
    ],
)
def test_an_invalid_email_is_refused(client, open_sign_on, email):
    response = sign(client, open_sign_on, email=email)

    assert response.status_code == 422
    page = html.unescape(response.text)
    assert "Enter a valid email address." in page or "Null characters are not allowed." in page
    assert_refused(response, "", bad_field="email")


def test_a_missing_email_is_refused(client, open_sign_on):
    assert_refused(sign(client, open_sign_on, email=None), "This field is required.", bad_field="email")


@pytest.mark.parametrize("country", ["XX", "cf", "CAF", "<b>CF</b>", "\x00"])
def test_an_invalid_country_code_is_refused(client, open_sign_on, country):
    response = sign(client, open_sign_on, country=country)

    assert_refused(response, "Select a valid choice.", bad_field="country")


def test_an_organization_without_a_country_is_refused(client, open_sign_on):
    response = sign(client, open_sign_on, country="")

    assert_refused(response, "Choose the country where the organization is based.", bad_field="country")


def test_a_signature_without_consent_is_refused(client, open_sign_on):
    response = sign(client, open_sign_on, consent=None)

    assert_refused(response, "We can only record your signature with your consent.", bad_field="consent")


@pytest.mark.parametrize("field,value", [("kind", "robot"), ("kind", "individual"), ("show_name", "maybe")])
def test_a_choice_the_form_does_not_offer_is_refused(client, open_sign_on, field, value):
    response = sign(client, open_sign_on, **{field: value})

    assert_refused(response, "Select a valid choice.", bad_field=field)


def test_a_missing_name_is_refused(client, open_sign_on):
    assert_refused(sign(client, open_sign_on, person_name=None), "This field is required.", bad_field="person_name")


def test_markup_typed_into_a_refused_form_is_shown_back_as_text(client, open_sign_on):
    markup = '<script>alert("x")</script><img src=x onerror=alert(1)>'

    response = sign(client, open_sign_on, organization=markup, consent=None)

    assert response.status_code == 422
    assert "<script>alert" not in response.text and "<img src=x" not in response.text
    assert FormValues(response.text).values["organization"] == markup


@pytest.mark.parametrize(
    "signer",
    [
        {
            "organization": "الشبكة العربية لحقوق الإنسان",
            "city": "القاهرة",
            "country": "EG",
            "person_name": "ليلى عبد الله",
            "person_title": "المديرة التنفيذية",
        },
        {
            "organization": "בצלם – מרכז המידע הישראלי לזכויות האדם בשטחים",
            "city": "ירושלים",
            "country": "IL",
            "person_name": "שרה כהן",
            "person_title": "מנכ״לית",
        },
        {
            "organization": "منظمة العفو الدولية (Amnesty International)",
            "city": "بيروت",
            "country": "LB",
            "person_name": "Rania Haddad رانيا حداد",
            "person_title": "Director",
        },
        {
            "organization": "Peace Builders 🕊️ Network",
            "city": "Goma 🌍",
            "country": "CD",
            "person_name": "Amani 👩🏽‍⚕️ Mugisha",
            "person_title": "Coordinator ✊🏿",
        },
    ],
    ids=["arabic", "hebrew", "arabic-and-latin", "emoji"],
)
def test_right_to_left_names_and_emoji_are_taken_as_typed(client, open_sign_on, signer):
    response = sign(client, open_sign_on, **signer)

    assert response.status_code == 302
    signature = Signature.objects.get()
    assert {name: str(getattr(signature, name)) for name in signer} == signer


def queued_confirmation_path() -> str:
    """The link of the one confirmation email waiting in the queue (read from the task, not sent)."""
    task = DBTaskResult.objects.get(task_path="r2p_letters.lib.emails.deliver")
    _name, _to, context, _language = task.args_kwargs["args"]
    return urlsplit(context["confirm_url"]).path


def test_markup_in_an_organization_prints_as_text_on_the_letter(client, open_sign_on):
    markup = '<script>alert("x")</script> Rights & <b>Justice</b>'
    assert sign(client, open_sign_on, organization=markup).status_code == 302
    assert "is confirmed" in client.post(queued_confirmation_path()).text

    document = client.get(f"/letters/{open_sign_on.letter.slug}/document/").text
    page = client.get(f"/letters/{open_sign_on.letter.slug}/").text

    assert Signature.objects.get().organization == markup
    assert "&lt;script&gt;alert(" in document and "Rights &amp; &lt;b&gt;Justice&lt;/b&gt;" in document
    assert "<script>alert" not in document and "<b>Justice" not in document
    assert "<script>alert" not in page and "<b>Justice" not in page


def test_text_that_is_not_utf_8_is_never_a_server_error(client, open_sign_on):
    body = b"&".join(f"{k}={v}".encode() for k, v in SIGNER.items() if k != "organization")
    response = client.post(
        f"/letters/{open_sign_on.letter.slug}/sign/",
        body + b"&organization=Ligue%FF%FE",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code in (302, 422)


def test_a_refused_organization_name_gets_one_message_not_two(client, open_sign_on):
    response = sign(client, open_sign_on, organization="Аmnesty International")

    assert "Give the name of the organization that signs." not in response.text


def test_an_invalid_country_gets_one_message_not_two(client, open_sign_on):
    response = sign(client, open_sign_on, country="XX")

    assert "Choose the country where the organization is based." not in response.text


@pytest.mark.parametrize("character", [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]])
def test_every_direction_embedding_override_and_isolate_is_refused(client, open_sign_on, character):
    response = sign(client, open_sign_on, organization=f"{character}Human Rights Watch")

    assert_refused(response, "hidden characters that change the direction of the text", bad_field="organization")


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c"])
def test_a_direction_mark_in_text_with_no_right_to_left_letter_is_refused(client, open_sign_on, mark):
    response = sign(client, open_sign_on, person_name=f"Joseph{mark} Bindoumi")

    assert_refused(response, "hidden characters that change the direction of the text", bad_field="person_name")


def test_right_to_left_marks_in_hebrew_text_are_accepted(client, open_sign_on):
    response = sign(client, open_sign_on, organization="\u200fבצלם (B'Tselem)\u200f", country="IL")

    assert response.status_code == 302


def test_an_invisible_joiner_inside_a_latin_name_does_not_make_a_second_organization(client, open_sign_on):
    sign(client, open_sign_on, organization="Amnesty International")

    response = sign(client, open_sign_on, organization="Amn\u200desty International", email="other@example.org")

    assert response.status_code != 302
    assert Signature.objects.count() == 1


def test_text_that_is_not_utf_8_is_refused(client, open_sign_on):
    test_text_that_is_not_utf_8_is_never_a_server_error(client, open_sign_on)

    assert not Signature.objects.exists()


@pytest.mark.parametrize("character", ["\u202e", "\u200b"])
def test_invisible_characters_in_the_email_are_refused(client, open_sign_on, character):
    response = sign(client, open_sign_on, email=f"joseph@lcdh.example.org{character}gro.live")

    assert_refused(response, "", bad_field="email")


def test_the_page_says_at_the_top_how_many_fields_need_attention(client, open_sign_on):
    response = client.post(
        f"/letters/{open_sign_on.letter.slug}/sign/", {**SIGNER, "email": "not an email", "consent": ""}
    )

    assert response.status_code == 422
    assert "2 fields need your attention" in response.text
