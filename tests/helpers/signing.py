"""Helpers of the organizers' tests: signatures made through the services, as signers make them."""

import re

from django.urls import reverse
from django.utils import timezone

from r2p_letters.letters.services import letter_section_save
from r2p_letters.lib.text import name_key
from r2p_letters.signatures.models import Signature, SignOn
from r2p_letters.signatures.services import signature_confirm, signature_submit


def sign(
    sign_on: SignOn,
    organization: str,
    *,
    city: str = "Bangui",
    country: str = "CF",
    email: str = "",
    person_name: str = "Joseph Bindoumi",
    confirm: bool = True,
    **data,
) -> Signature:
    """A signature of ``organization``, confirmed by email unless ``confirm`` is False."""
    data = {
        "kind": "organization",
        "organization": organization,
        "city": city,
        "country": country,
        "person_name": person_name,
        "person_title": "President",
        "show_name": False,
        "authorized": True,
        "visibility": "public",
        "email": email or name_key(organization).replace(" ", "-")[:40] + "@example.org",
        **data,
    }
    signature = signature_submit(sign_on=sign_on, data=data).signature
    if confirm:
        current = SignOn.objects.select_related("current_text").get(pk=sign_on.pk).current_text
        signature_confirm(signature=signature, version_number=current.number)
    return Signature.objects.select_related("signed_text").get(pk=signature.pk)


def change_the_text(letter, author, text: str = "Demand an immediate end to the siege of El Fasher, now.") -> None:
    """Edit the asks of an open letter: a new version of the text."""
    letter.refresh_from_db()
    asks = letter.section_edits.get("asks", 0)
    letter_section_save(
        letter=letter, section="asks", content={"items": [{"text": text, "by_when": ""}]}, base_edit=asks, author=author
    )


def url(name: str, sign_on: SignOn, *args) -> str:
    return reverse(f"signatures:{name}", args=[sign_on.letter.slug, *args])


def document(client, sign_on: SignOn) -> str:
    """The letter as it prints (the same HTML as the PDF)."""
    return client.get(reverse("letters:document", args=[sign_on.letter.slug])).content.decode()


def many(sign_on, count: int) -> None:
    """``count`` confirmed signatures written straight to the database (fast, for sizes only)."""
    start = sign_on.signatures.count()
    Signature.objects.bulk_create(
        [
            Signature(
                sign_on=sign_on,
                signed_text=sign_on.current_text,
                organization=f"Organization {n}",
                organization_key=name_key(f"Organization {n}"),
                city="Paris",
                country="FR",
                person_name=f"Person {n}",
                email=f"person{n}@example.org",
                email_key=f"person{n}@example.org",
                status=Signature.Status.CONFIRMED,
                confirmed_at=timezone.now(),
                is_lead=n % 7 == 0,
                is_late=n % 11 == 0,
            )
            for n in range(start, start + count)
        ],
        batch_size=500,
    )


def link_in(message, path_part: str) -> str:
    """The path of the first link in ``message`` whose URL contains ``path_part``."""
    paths = [path for path in re.findall(r"https?://[^/\s]+(/\S*)", message.body) if path_part in path]
    assert paths, message.body
    return paths[0]


SIGNER = {
    "kind": "organization",
    "organization": "Ligue centrafricaine des droits de l'homme",
    "city": "Bangui",
    "country": "CF",
    "person_name": "Joseph Bindoumi",
    "person_title": "President",
    "email": "joseph@lcdh.example.org",
    "show_name": "no",
    "authorized": "on",
    "visibility": "public",
    "consent": "on",
}
