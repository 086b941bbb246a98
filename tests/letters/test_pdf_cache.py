"""A PDF downloaded again is served from the cache, without rendering, until something it prints changes."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from r2p_letters.letters.models import Letter
from r2p_letters.printing import pdf_cache
from r2p_letters.signatures.services import (
    SignOnRules,
    letter_open_for_signatures,
    sign_on_update,
    signature_confirm,
    signature_submit,
    signature_withdraw,
)

from ..helpers.images import png
from ..helpers.letters import formset_data, section_url
from ..helpers.pdf import pdf_text
from ..helpers.signing import SIGNER


def download(client, letter, **query):
    response = client.get(reverse("letters:pdf", args=[letter.slug]), query)
    assert response.status_code == 200, response.content[:500]
    return response


def cached_files(pdf_cache_dir):
    return sorted(pdf_cache_dir.glob("*.pdf")) if pdf_cache_dir.exists() else []


def signed(sign_on, organization: str):
    email = f"{organization.split()[-1].lower()}@example.org"
    submitted = signature_submit(
        sign_on=sign_on,
        data={**SIGNER, "organization": organization, "email": email, "show_name": False, "authorized": True},
    )
    signature_confirm(signature=submitted.signature, version_number=1)
    return submitted.signature


@pytest.fixture
def letter(make_letter, ngo):
    return make_letter(lead_organization=ngo, title="Protect civilians in Darfur")


@pytest.fixture
def open_sign_on(make_letter, ngo, people):
    """A ready letter opened for organizations' signatures, unmoderated, with a public list."""
    letter = make_letter(lead_organization=ngo, status=Letter.Status.READY)
    return letter_open_for_signatures(
        letter=letter,
        user=people["owner"],
        rules=SignOnRules(
            deadline=timezone.now() + datetime.timedelta(days=7),
            time_zone="Africa/Bangui",
            signers="organizations",
            moderated=False,
            list_public=True,
        ),
    )


def test_a_second_download_renders_nothing(client, letter, pdf_cache_dir):
    first = download(client, letter)
    [stored] = cached_files(pdf_cache_dir)
    inode, renders = stored.stat().st_ino, pdf_cache.renders

    second = download(client, letter)

    assert pdf_cache.renders == renders
    assert (first["X-PDF-Cache"], second["X-PDF-Cache"]) == ("miss", "hit")
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert cached_files(pdf_cache_dir) == [stored] and stored.stat().st_ino == inode
    assert "Protect civilians in Darfur" in pdf_text(second.content)


def test_the_browser_is_told_its_copy_is_current(client, letter):
    etag = download(client, letter)["ETag"]
    renders = pdf_cache.renders

    response = client.get(reverse("letters:pdf", args=[letter.slug]), headers={"If-None-Match": etag})

    assert response.status_code == 304 and response["ETag"] == etag
    assert response.content == b""
    assert pdf_cache.renders == renders


def test_a_browser_with_an_old_copy_gets_the_new_pdf(client, letter):
    etag = download(client, letter)["ETag"]
    Letter.objects.filter(pk=letter.pk).update(salutation="Dear Ambassador,")

    response = client.get(reverse("letters:pdf", args=[letter.slug]), headers={"If-None-Match": etag})

    assert response.status_code == 200 and response["ETag"] != etag
    assert "Dear Ambassador," in pdf_text(response.content)


def test_an_edited_ask_prints_in_the_next_pdf(as_, ngo, make_letter):
    draft = make_letter(lead_organization=ngo, status=Letter.Status.DRAFT)
    editor = as_("editor")
    download(editor, draft)

    editor.post(section_url(draft, "asks"), formset_data([{"text": "Halt the shelling of El Fasher.", "by_when": ""}]))
    again = download(editor, draft)

    assert again["X-PDF-Cache"] == "miss"
    assert "Halt the shelling of El Fasher." in pdf_text(again.content)


def test_an_edited_template_css_prints_in_the_next_pdf(client, letter):
    first = download(client, letter)
    template = letter.template
    template.css += "\n@page { size: letter landscape }"
    template.save()

    again = download(client, letter)

    assert again["X-PDF-Cache"] == "miss" and again["ETag"] != first["ETag"]
    page = PdfReader(io.BytesIO(again.content)).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)


def test_a_new_logo_prints_in_the_next_pdf(client, letter, ngo, settings, tmp_path):
    first = download(client, letter)
    ngo.logo.save("logo.png", png())

    again = download(client, letter)

    assert again["X-PDF-Cache"] == "miss" and again["ETag"] != first["ETag"]
    assert (
        len(PdfReader(io.BytesIO(again.content)).pages[0].images)
        == len(PdfReader(io.BytesIO(first.content)).pages[0].images) + 1
    )


def test_each_paper_size_is_its_own_pdf(client, letter):
    a4 = download(client, letter)
    us_letter = download(client, letter, paper="letter")

    assert us_letter["X-PDF-Cache"] == "miss" and us_letter["ETag"] != a4["ETag"]
    assert round(float(PdfReader(io.BytesIO(us_letter.content)).pages[0].mediabox.width)) == 612
    assert download(client, letter)["X-PDF-Cache"] == "hit"


def test_a_confirmed_signature_prints_in_the_next_pdf_and_a_withdrawn_one_leaves_it(client, open_sign_on):
    letter = open_sign_on.letter
    assert "Comité des droits humains de Birao" not in pdf_text(download(client, letter).content)

    signature = signed(open_sign_on, "Comité des droits humains de Birao")
    with_it = download(client, letter)
    signature_withdraw(signature=signature)
    without_it = download(client, letter)

    assert with_it["X-PDF-Cache"] == without_it["X-PDF-Cache"] == "miss"
    assert "Comité des droits humains de Birao" in pdf_text(with_it.content)
    assert "Comité des droits humains de Birao" not in pdf_text(without_it.content)


def test_a_list_made_private_leaves_the_public_pdf_and_made_public_again_returns(client, open_sign_on):
    letter = open_sign_on.letter
    signed(open_sign_on, "Réseau des défenseurs de Bria")
    assert "Réseau des défenseurs de Bria" in pdf_text(download(client, letter).content)

    sign_on_update(sign_on=open_sign_on, list_public=False)
    private = download(client, letter)
    sign_on_update(sign_on=open_sign_on, list_public=True)
    public = download(client, letter)

    assert "Réseau des défenseurs de Bria" not in pdf_text(private.content)
    assert "Réseau des défenseurs de Bria" in pdf_text(public.content)


def test_a_signatory_edited_in_the_admin_prints_in_the_next_pdf(staff_client, make_letter, ngo):
    from ..factories import SignatoryFactory
    from ..helpers.admin import change_form_data, field_holding

    letter = make_letter(lead_organization=ngo, status=Letter.Status.DRAFT)
    SignatoryFactory(letter=letter, organization="Ligue de Bossangoa")
    download(staff_client, letter)
    url = reverse("admin:letters_letter_change", args=[letter.pk])

    data = change_form_data(staff_client.get(url))
    data[field_holding(data, "Ligue de Bossangoa")] = "Ligue de Bozoum"
    assert staff_client.post(url, data).status_code == 302

    assert "Ligue de Bozoum" in pdf_text(download(staff_client, letter).content)


def test_the_least_recently_used_pdf_goes_when_the_cache_is_full(client, make_letter, settings, pdf_cache_dir):
    first, second = make_letter(), make_letter()
    download(client, first)
    settings.PDF_CACHE_MAX_MB = 0  # room for the newest PDF only

    download(client, second)

    assert [p.name.split("-")[0] for p in cached_files(pdf_cache_dir)] == [str(second.pk)]
    assert download(client, first)["X-PDF-Cache"] == "miss"
    assert not list(pdf_cache_dir.glob(".tmp-*"))  # written whole, then renamed


def test_a_deploy_that_changes_a_letter_template_file_or_the_printed_words_changes_every_key(tmp_path):
    from r2p_letters.printing.pdf_cache import files_fingerprint, print_files

    names = {path.name for path in print_files()}
    assert {"base.j2", "base.css", "sandbox.py", "context.py", "django.mo"} <= names
    template = tmp_path / "base.j2"
    template.write_text("<p>{{ letter.title }}</p>")
    before = files_fingerprint([template])
    template.write_text("<p class='new'>{{ letter.title }}</p>")

    assert files_fingerprint([template]) != before
