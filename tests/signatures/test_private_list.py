"""While a sign-on with a private list runs, the public sees the count but not the names."""

from django.urls import reverse

from r2p_letters.letters.models import Letter, LetterTemplate
from r2p_letters.letters.services import letter_refresh
from r2p_letters.organizations.services import organization_create
from r2p_letters.signatures.services import sign_on_close, sign_on_update

from ..helpers.signing import SIGNER, link_in


def confirmed(client, sign_on, run_worker):
    client.post(f"/letters/{sign_on.letter.slug}/sign/", SIGNER)
    client.post(link_in(run_worker()[-1], "/sign/confirm/"))


def test_the_public_sees_the_count_but_not_the_names(client, as_, open_sign_on, run_worker):
    confirmed(client, open_sign_on, run_worker)
    sign_on_update(sign_on=open_sign_on, list_public=False)
    public = as_(None)

    page = public.get(f"/letters/{open_sign_on.letter.slug}/")
    document = public.get(f"/letters/{open_sign_on.letter.slug}/document/")
    pdf_text = public.get(f"/letters/{open_sign_on.letter.slug}/pdf/")

    assert "<strong>1</strong> signature" in page.text
    assert "publish the list of signatories when the sign-on closes" in page.text
    assert "Ligue centrafricaine" not in document.text
    assert pdf_text.status_code == 200


def test_the_organizers_see_the_names(as_, client, open_sign_on, run_worker):
    confirmed(client, open_sign_on, run_worker)
    sign_on_update(sign_on=open_sign_on, list_public=False)

    document = as_("viewer").get(f"/letters/{open_sign_on.letter.slug}/document/")

    assert "Ligue centrafricaine" in document.text


def test_the_names_show_once_the_sign_on_closes(as_, client, open_sign_on, run_worker):
    confirmed(client, open_sign_on, run_worker)
    sign_on_update(sign_on=open_sign_on, list_public=False)
    sign_on_close(sign_on=open_sign_on)

    document = as_(None).get(f"/letters/{open_sign_on.letter.slug}/document/")

    assert "Ligue centrafricaine" in document.text


def test_another_organizations_template_editor_does_not_see_the_names_in_its_sample(
    as_, client, open_sign_on, run_worker, people
):
    confirmed(client, open_sign_on, run_worker)
    sign_on_update(sign_on=open_sign_on, list_public=False)
    bobs = organization_create(user=people["outsider"], name="Bob's Watch", city="Geneva", country="CH")
    template = LetterTemplate.objects.create(name="Bob's style", slug="bobs-style", organization=bobs, html="<p></p>")
    bob = as_("outsider")

    # The sample letter (the library's oldest public letter) is this one; its signatories listed, or named in
    # an error message.
    preview = bob.post(
        reverse("letters:template_preview", args=[bobs.slug, template.slug]),
        {"html": "<h1>{{ letter.title }}</h1>{% for s in signatories %}<p>{{ s.line }}</p>{% endfor %}", "css": ""},
    )
    error = bob.post(
        reverse("letters:template_edit", args=[bobs.slug, template.slug]),
        {
            "name": "Bob's style",
            "description": "",
            "css": "",
            "html": "{{ letter[signatories|map(attribute='organization')|join(', ') ~ '!'] }}",
        },
    )

    assert "Protect civilians in El Fasher" in preview.text
    assert "Ligue centrafricaine" not in preview.text
    assert error.status_code == 200 and "no attribute" in error.text
    assert "Ligue centrafricaine" not in error.text


def test_the_library_search_does_not_tell_who_signed_a_private_list_until_it_is_published(
    client, as_, open_sign_on, run_worker
):
    confirmed(client, open_sign_on, run_worker)
    sign_on_update(sign_on=open_sign_on, list_public=False)
    letter = open_sign_on.letter
    letter_refresh(letter=Letter.objects.with_everything().get(pk=letter.pk))  # what every write of the text ends with
    search = reverse("letters:library") + "?q=Ligue+centrafricaine"

    assert letter.title not in as_(None).get(search).text

    sign_on_close(sign_on=open_sign_on)

    assert letter.title in as_(None).get(search).text
