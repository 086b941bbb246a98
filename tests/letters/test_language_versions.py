"""A letter in several languages: editors add versions, mark the authoritative text; signatures are shared."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from r2p_letters.letters.models import Letter, Signatory
from r2p_letters.letters.services import (
    StatusError,
    co_lead_invitation_accept,
    co_lead_invite,
    letter_approve,
    letter_submit_for_review,
)
from r2p_letters.signatures.models import Signature
from r2p_letters.signatures.services import SignOnRules, confirm_token, letter_open_for_signatures

from ..factories import AskFactory, ParagraphFactory, SignatoryFactory
from ..helpers.letters import cite
from ..helpers.pdf import pdf_text
from ..helpers.signing import SIGNER


@pytest.fixture
def english(make_letter, ngo):
    """An English draft of the lead NGO, with every kind of text and one lead signatory."""
    letter = make_letter(
        title="Protect civilians in El Fasher",
        slug="el-fasher",
        language="en",
        status=Letter.Status.DRAFT,
        lead_organization=ngo,
    )
    ParagraphFactory(
        letter=letter,
        section="situation",
        position=0,
        text="Civilians in El Fasher have been besieged for more than a year.",
    )
    AskFactory(letter=letter, position=0, text="Demand an immediate end to the siege.")
    cite(letter)
    SignatoryFactory(letter=letter, organization="Global Centre for R2P", role=Signatory.Role.LEAD)
    return letter


def add_version(client, letter, language):
    return client.post(reverse("letters:language_version_add", args=[letter.slug]), {"language": language})


def make_authoritative(client, letter):
    return client.post(reverse("letters:language_version_authoritative", args=[letter.slug]))


def group_of(letter):
    return Letter.objects.get(pk=letter.pk).language_versions()


def ready(letter, people, ngo):
    letter_submit_for_review(letter=letter)
    letter_approve(letter=letter, organization=ngo, user=people["editor"])
    return Letter.objects.get(pk=letter.pk)


def open_for_signatures(letter, people):
    return letter_open_for_signatures(
        letter=letter,
        user=people["owner"],
        rules=SignOnRules(
            deadline=timezone.now() + datetime.timedelta(days=7),
            time_zone="UTC",
            signers="organizations",
            moderated=False,
            list_public=True,
        ),
    )


def test_a_french_version_copies_the_text_and_links_both_ways(as_, english, people):
    client = as_("editor")

    response = add_version(client, english, "fr")

    french = Letter.objects.get(original=english)
    assert response["Location"] == reverse("letters:compose", args=[french.slug])
    assert (french.language, french.status, french.is_authoritative) == ("fr", Letter.Status.DRAFT, False)
    assert (french.lead_organization, french.template) == (english.lead_organization, english.template)
    assert [p.text for p in french.paragraphs.all()] == [p.text for p in english.paragraphs.all()]
    assert [a.text for a in french.asks.all()] == [a.text for a in english.asks.all()]
    assert french.legal_bases.count() == 1
    assert french.signatories.count() == 0  # signatures belong to the letter, not to a translation
    original_page = client.get(english.get_absolute_url()).text
    assert f'href="{french.get_absolute_url()}" hreflang="fr" lang="fr"' in original_page
    assert "Authoritative text: English" in original_page
    french_page = client.get(french.get_absolute_url()).text
    assert f'href="{english.get_absolute_url()}" hreflang="en" lang="en"' in french_page
    assert "Authoritative text: English" in french_page
    assert "This version is a translation of the authoritative text." in french_page
    assert "This version is a translation" not in original_page


def test_the_composer_edits_a_translation_like_any_letter(as_, english):
    client = as_("editor")
    add_version(client, english, "es")
    spanish = Letter.objects.get(original=english)

    composer = client.get(reverse("letters:compose", args=[spanish.slug]))
    assert composer.status_code == 200
    assert "the Spanish version of" in composer.text and english.get_absolute_url() in composer.text
    assert client.get(reverse("letters:compose_section", args=[spanish.slug, "asks"])).status_code == 200
    signatories = client.get(reverse("letters:compose_section", args=[spanish.slug, "signatories"]), follow=True)
    assert "it prints the signatories of the original letter" in signatories.text


def test_a_second_french_version_is_refused_with_a_message(as_, english):
    client = as_("editor")
    add_version(client, english, "fr")
    french = Letter.objects.get(original=english)

    again = add_version(client, english, "fr")
    from_the_translation = add_version(client, french, "fr")
    english_again = add_version(client, french, "en")

    assert again.status_code == from_the_translation.status_code == english_again.status_code == 302
    page = client.get(english.get_absolute_url()).text
    assert "This letter already has a version in this language (French)" in page
    assert group_of(english).filter(language="fr").count() == 1
    assert group_of(english).count() == 2


@pytest.mark.parametrize("language", ["de", "", "fr<script>", "x" * 5000])
def test_a_language_that_is_not_a_letter_language_is_refused_without_an_error(as_, english, language):
    client = as_("editor")

    response = add_version(client, english, language)

    assert response.status_code == 302
    assert "Choose one of the languages in the list." in client.get(english.get_absolute_url()).text
    assert group_of(english).count() == 1


def test_the_database_refuses_two_versions_in_one_language(as_, english):
    add_version(as_("editor"), english, "fr")
    french = Letter.objects.get(original=english)

    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.filter(pk=french.pk).update(language="en")


def test_validation_names_the_clash_instead_of_failing(as_, english):
    """Forms (the admin's too) validate the version constraints before saving: a clear error, not a crash."""
    from django.core.exceptions import ValidationError

    add_version(as_("editor"), english, "fr")
    french = Letter.objects.get(original=english)
    Letter(title="A new letter", slug="a-new-letter", language="en").validate_constraints()  # a new original

    french.language = "en"
    with pytest.raises(ValidationError):
        french.validate_constraints()


def test_the_original_cannot_take_the_language_of_a_translation(as_, english):
    client = as_("editor")
    add_version(client, english, "fr")
    data = {
        "base_edit": 0,
        "fields-title": english.title,
        "fields-language": "fr",
        "fields-template": english.template_id,
        "fields-salutation": "Excellency,",
    }

    response = client.post(reverse("letters:compose_section", args=[english.slug, "header"]), data)

    assert response.status_code == 200
    assert "Another version of this letter is in that language." in response.text
    assert Letter.objects.get(pk=english.pk).language == "en"


@pytest.mark.parametrize("who, status", [("outsider", 404), ("viewer", 403)])
def test_an_outsider_or_a_viewer_cannot_add_a_version_of_a_draft(as_, english, who, status):
    assert add_version(as_(who), english, "fr").status_code == status
    assert group_of(english).count() == 1


@pytest.mark.parametrize("who", ["outsider", "viewer"])
def test_an_outsider_or_a_viewer_cannot_add_a_version_of_a_public_letter(as_, english, who):
    Letter.objects.filter(pk=english.pk).update(status=Letter.Status.PUBLISHED)

    assert add_version(as_(who), english, "fr").status_code == 403
    assert "Add a version in" not in as_(who).get(english.get_absolute_url()).text
    assert group_of(english).count() == 1


def test_an_anonymous_visitor_is_sent_to_log_in(as_, english):
    Letter.objects.filter(pk=english.pk).update(status=Letter.Status.PUBLISHED)

    response = add_version(as_(None), english, "fr")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert group_of(english).count() == 1


def test_an_editor_sees_the_form_with_the_languages_not_yet_present(as_, english):
    client = as_("editor")
    add_version(client, english, "ar")

    page = client.get(english.get_absolute_url()).text

    form = page[page.index('id="id_version_language"') :]
    form = form[: form.index("</select>")]
    assert re.findall(r'value="([^"]+)"', form) == ["zh-hans", "fr", "ru", "es"]


def test_moving_the_authoritative_mark_keeps_exactly_one(as_, english):
    client = as_("editor")
    add_version(client, english, "fr")
    french = Letter.objects.get(original=english)

    make_authoritative(client, french)

    assert list(group_of(english).filter(is_authoritative=True)) == [french]
    assert "Authoritative text: French" in client.get(english.get_absolute_url()).text
    assert "This version is a translation of the authoritative text." in client.get(english.get_absolute_url()).text
    make_authoritative(client, english)
    assert list(group_of(english).filter(is_authoritative=True)) == [english]
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.filter(pk=french.pk).update(is_authoritative=True)


def test_a_new_version_copies_the_authoritative_text(as_, english):
    client = as_("editor")
    add_version(client, english, "fr")
    french = Letter.objects.get(original=english)
    french.asks.update(text="Exiger la fin immédiate du siège.")
    make_authoritative(client, french)

    add_version(client, english, "es")

    spanish = Letter.objects.get(original=english, language="es")
    assert list(spanish.asks.values_list("text", flat=True)) == ["Exiger la fin immédiate du siège."]
    assert not spanish.is_authoritative


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_only_editors_move_the_authoritative_mark(as_, english, who):
    add_version(as_("editor"), english, "fr")
    french = Letter.objects.get(original=english)

    assert make_authoritative(as_(who), french).status_code in (403, 404)
    assert list(group_of(english).filter(is_authoritative=True)) == [english]


def test_a_translation_is_public_once_ready_and_its_original_public(as_, english, people, ngo):
    add_version(as_("editor"), english, "fr")
    french = Letter.objects.get(original=english)
    english = ready(english, people, ngo)
    open_for_signatures(english, people)

    assert as_(None).get(french.get_absolute_url()).status_code == 404  # still a draft
    assert 'hreflang="fr"' not in as_(None).get(english.get_absolute_url()).text
    ready(french, people, ngo)

    assert as_(None).get(french.get_absolute_url()).status_code == 200
    assert 'hreflang="fr"' in as_(None).get(english.get_absolute_url()).text
    library = as_(None).get(reverse("letters:library")).text
    assert "1 letter" in library and library.count(english.title) == 1  # listed once, on its original


def french_pdf(client, letter) -> str:
    response = client.get(reverse("letters:pdf", args=[letter.slug]))
    assert response.status_code == 200
    return pdf_text(b"".join(response))  # a file streamed from the cache, or the bytes just made


def test_signing_on_the_original_shows_on_the_translation_page_and_pdf(as_, english, people, ngo):
    add_version(as_("editor"), english, "fr")
    french = ready(Letter.objects.get(original=english), people, ngo)
    english = ready(english, people, ngo)
    sign_on = open_for_signatures(english, people)
    visitor = as_(None)
    sign_path = reverse("signatures:sign", args=[english.slug])
    assert f'href="{sign_path}"' in visitor.get(french.get_absolute_url()).text  # the same sign page
    assert "Ligue centrafricaine" not in french_pdf(visitor, french)  # printed (and cached) before signing

    visitor.post(sign_path, SIGNER)
    signature = Signature.objects.get()
    visitor.post(reverse("signatures:confirm", args=[confirm_token(signature, sign_on.current_text)]))

    document = visitor.get(reverse("letters:document", args=[french.slug])).text
    assert "Ligue centrafricaine des droits de l&#39;homme" in document
    assert "Global Centre for R2P" in document  # the original's lead signatory
    assert "Ligue centrafricaine des droits de l" in french_pdf(visitor, french)
    assert "<strong>1</strong> signature" in visitor.get(french.get_absolute_url()).text
    assert french.signatories.count() == 0


def test_a_private_list_stays_private_on_the_translation(as_, english, people, ngo):
    add_version(as_("editor"), english, "fr")
    french = ready(Letter.objects.get(original=english), people, ngo)
    english = ready(english, people, ngo)
    sign_on = open_for_signatures(english, people)
    sign_on.list_public = False
    sign_on.save()
    Signatory.objects.create(letter=english, organization="Quiet Partner NGO", source=Signatory.Source.ONLINE)

    assert "Quiet Partner NGO" not in as_(None).get(reverse("letters:document", args=[french.slug])).text
    assert "Quiet Partner NGO" in as_("viewer").get(reverse("letters:document", args=[french.slug])).text


def test_a_translation_is_not_opened_for_signatures(as_, english, people, ngo):
    add_version(as_("editor"), english, "fr")
    french = ready(Letter.objects.get(original=english), people, ngo)

    assert "Open for signatures" not in as_("editor").get(french.get_absolute_url()).text
    with pytest.raises(StatusError):
        open_for_signatures(french, people)


def test_once_signatures_open_the_authoritative_mark_stays(as_, english, people, ngo):
    client = as_("editor")
    add_version(client, english, "fr")
    french = Letter.objects.get(original=english)
    open_for_signatures(ready(english, people, ngo), people)

    make_authoritative(client, french)

    assert "the text its signatories signed stays the authoritative one" in client.get(english.get_absolute_url()).text
    assert list(group_of(english).filter(is_authoritative=True)) == [english]


def test_a_co_lead_added_later_edits_every_version(as_, english, co_lead, people):
    add_version(as_("editor"), english, "fr")
    french = Letter.objects.get(original=english)

    invitation = co_lead_invite(letter=english, organization=co_lead, invited_by=people["editor"])
    co_lead_invitation_accept(invitation=invitation, user=people["co_editor"])

    assert as_("co_editor").get(reverse("letters:compose", args=[french.slug])).status_code == 200


def page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_translation_page_costs_the_same_queries_as_signatories_grow(as_, english, people, ngo, settings, tmp_path):
    add_version(as_("editor"), english, "fr")
    french = ready(Letter.objects.get(original=english), people, ngo)
    open_for_signatures(ready(english, people, ngo), people)
    pages = [
        french.get_absolute_url(),
        reverse("letters:document", args=[french.slug]),
        reverse("letters:pdf", args=[french.slug]),
    ]

    def grow(count):
        Signatory.objects.bulk_create(
            Signatory(
                letter=english,
                organization=f"Organization {n}",
                city="Paris",
                country="FR",
                position=n,
                source=Signatory.Source.ONLINE if n % 2 else Signatory.Source.ENTERED,
            )
            for n in range(english.signatories.count(), count)
        )

    grow(10)
    small = [page_queries(as_(None), url) for url in pages] + [page_queries(as_("editor"), url) for url in pages]
    grow(300)
    settings.PDF_CACHE_DIR = tmp_path / "after-growing"  # rows added behind the services' back: render again
    cache.clear()  # the public page cache too: what is measured is the page rendered
    large = [page_queries(as_(None), url) for url in pages] + [page_queries(as_("editor"), url) for url in pages]

    assert small == large
    assert "Organization 299" in as_(None).get(pages[1]).text


def test_the_catalogue_counts_a_letter_and_its_translations_once(as_, english, people, ngo, client):
    add_version(as_("editor"), english, "fr")
    french = Letter.objects.get(original=english)
    Letter.objects.filter(pk__in=[english.pk, french.pk]).update(status=Letter.Status.PUBLISHED)
    instrument = english.legal_bases.get().instrument

    listing = client.get(reverse("letters:instruments")).text
    page = client.get(instrument.get_absolute_url()).text

    assert french.legal_bases.get().instrument == instrument
    assert re.search(rf"{re.escape(instrument.symbol)}.*?cited by 1 letter\b", listing, re.S)
    assert english.title in page and french.get_absolute_url() not in page
