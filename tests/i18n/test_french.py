"""French-speaking organizations use R2P Letters in French: the browser's language or the switcher picks it."""

import ast
import gettext
import re

import pytest
from django.conf import settings
from django.urls import reverse

from r2p_letters.letters.models import Letter

NBSP = "\u00a0"
CATALOGUE = settings.BASE_DIR / "locale" / "fr" / "LC_MESSAGES"
LIBRARY = reverse("letters:library")
SIGNUP = reverse("accounts:signup")
IN_FRENCH = {"headers": {"accept-language": "fr"}}


def po_entries() -> list[dict]:
    """The French catalogue's entries as {"msgid": ..., "msgstr": ..., "flags": ...}, header first."""
    entries = []
    for block in (CATALOGUE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        entry, key = {"flags": ""}, None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            else:
                key, _, literal = line.partition(" ")
                entry[key] = ast.literal_eval(literal)
        if "msgid" in entry:
            entries.append(entry)
    return entries


def translations(entry: dict) -> list[tuple[str, str]]:
    """(English, French) pairs of an entry: one, or one per plural form."""
    if "msgid_plural" in entry:
        return [(entry["msgid"], entry["msgstr[0]"]), (entry["msgid_plural"], entry["msgstr[1]"])]
    return [(entry["msgid"], entry["msgstr"])]


def test_the_browser_language_shows_the_library_in_french(client, examples):
    page = client.get(LIBRARY, **IN_FRENCH).content.decode()

    assert '<html lang="fr"' in page
    assert "<h1" in page and "Bibliothèque des lettres</h1>" in page
    assert ">Rechercher</button>" in page
    assert "Lettres ouvertes au Conseil de sécurité de l’ONU" in page
    assert "3 lettres" in page
    assert "20 signataires" in page
    assert "Tous les statuts" in page
    assert "Catalogue juridique" in page
    assert "Library of letters" not in page


def test_english_stays_the_default(client, examples):
    page = client.get(LIBRARY).content.decode()

    assert '<html lang="en"' in page
    assert "Library of letters" in page
    assert "Bibliothèque des lettres" not in page


def test_the_sign_up_page_is_in_french(client, db):
    page = client.get(SIGNUP, **IN_FRENCH).content.decode()

    assert "Créer un compte" in page
    assert "Adresse e-mail" in page
    assert "Nom complet" in page
    assert "Mot de passe" in page  # Django's own French catalogue
    assert f"Vous avez déjà un compte{NBSP}?" in page
    assert ">Se connecter</a>" in page
    assert "Create my account" not in page


def test_a_french_visitor_signs_up_and_gets_the_confirmation_email_in_french(client, run_worker):
    client.post(
        SIGNUP,
        {
            "email": "ligue@example.org",
            "full_name": "Ligue centrafricaine",
            "password1": "long-enough-pass-42",
            "password2": "long-enough-pass-42",
        },
        **IN_FRENCH,
    )

    sent = run_worker()  # the worker writes in the language the visitor signed up in
    assert len(sent) == 1
    assert sent[0].subject.strip() == "Confirmez votre adresse e-mail pour R2P Letters"
    assert "Bonjour Ligue centrafricaine," in sent[0].body


def test_form_errors_are_in_french(client, django_user_model):
    page = client.post(
        SIGNUP, {"email": "ligue@example.org", "full_name": "", "password1": "x", "password2": "y"}, **IN_FRENCH
    ).content.decode()

    assert "Les deux mots de passe ne correspondent pas." in page
    assert "didn’t match" not in page


def test_the_language_switcher_turns_the_interface_to_french_and_back(client, examples):
    response = client.post(reverse("set_language"), {"language": "fr", "next": LIBRARY})

    assert response.status_code == 302
    assert response["Location"] == LIBRARY
    page = client.get(LIBRARY).content.decode()  # no Accept-Language: the choice is remembered
    assert "Bibliothèque des lettres" in page
    assert ">Rechercher</button>" in page
    assert ">Se connecter</a>" in page
    assert ">Créer un compte</a>" in page

    client.post(reverse("set_language"), {"language": "en", "next": LIBRARY})
    assert "Library of letters" in client.get(LIBRARY).content.decode()


def test_a_logged_in_drafter_sees_the_composer_menus_in_french(as_, ngo, make_letter):
    letter = make_letter(lead_organization=ngo, status=Letter.Status.DRAFT)
    client = as_("editor")
    client.post(reverse("set_language"), {"language": "fr", "next": LIBRARY})

    page = client.get(reverse("letters:compose", args=[letter.slug])).content.decode()

    assert "Brouillon" in page
    assert "Fondement juridique" in page
    assert "Demandes" in page
    assert "Envoyer en relecture" in page
    assert "Nouvelle lettre" in page


def test_a_french_letter_prints_its_labels_in_french_whatever_the_interface(client, examples):
    letter = examples["2014-car-unsc-members"]
    letter.language, letter.subject = "fr", "Situation en République centrafricaine"
    letter.save()
    document = reverse("letters:document", args=[letter.slug])

    assert f"Objet{NBSP}:" in client.get(document).content.decode()

    letter.language = "en"
    letter.save()
    assert "Subject:" in client.get(document, **IN_FRENCH).content.decode()


def test_the_french_catalogue_has_a_french_header():
    header = po_entries()[0]

    assert header["msgid"] == ""
    assert "Language: fr\n" in header["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n > 1);\n" in header["msgstr"]
    assert "fuzzy" not in header["flags"]


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = po_entries()[1:]
    untranslated = [e["msgid"] for e in entries for _english, french in translations(e) if not french]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]

    assert len(entries) > 300
    assert untranslated == []
    assert fuzzy == []


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|</?\w+[^>]*>")


def test_translations_keep_every_placeholder_and_tag():
    broken = [
        (english, french)
        for entry in po_entries()[1:]
        for english, french in translations(entry)
        if sorted(PLACEHOLDER.findall(english)) != sorted(PLACEHOLDER.findall(french))
    ]

    assert broken == []


def test_french_punctuation_takes_a_non_breaking_space():
    loose = [
        french
        for entry in po_entries()[1:]
        for _english, french in translations(entry)
        if re.search(r" [:;!?»]|« ", french)
    ]

    assert loose == []


def test_the_compiled_catalogue_matches_the_po_file():
    with open(CATALOGUE / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    stale = []
    for entry in po_entries()[1:]:
        if "msgid_plural" in entry:
            pairs = [
                (compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1), entry["msgstr[0]"]),
                (compiled.ngettext(entry["msgid"], entry["msgid_plural"], 2), entry["msgstr[1]"]),
            ]
        elif "msgctxt" in entry:
            pairs = [(compiled.pgettext(entry["msgctxt"], entry["msgid"]), entry["msgstr"])]
        else:
            pairs = [(compiled.gettext(entry["msgid"]), entry["msgstr"])]
        stale += [french for got, french in pairs if got != french]

    assert stale == []


@pytest.mark.parametrize(("count", "expected"), [(0, "0 lettre"), (1, "1 lettre"), (2, "2 lettres")])
def test_french_plurals_follow_french_rules(count, expected):
    from django.utils import translation

    with translation.override("fr"):
        assert translation.ngettext("%(counter)s letter", "%(counter)s letters", count) % {"counter": count} == expected
