"""The sign page costs the same SQL queries whether 10 or 10,000 partners have signed."""

from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from r2p_letters.letters.models import Signatory
from r2p_letters.lib.text import name_key
from r2p_letters.signatures.models import Signature, SignOn
from r2p_letters.signatures.services import email_key

from ..helpers.signing import SIGNER


def add_confirmed_signatures(sign_on: SignOn, count: int, *, start: int = 0) -> None:
    """``count`` confirmed signatures, each with its printed Signatory row, as if confirmed one by one."""
    now = timezone.now()
    numbers = range(start, start + count)
    signatories = Signatory.objects.bulk_create(
        [
            Signatory(
                letter_id=sign_on.letter_id,
                organization=f"Civil Society Network {n}",
                city="Bangui",
                country="CF",
                role=Signatory.Role.COSIGNER,
                signed_on=now.date(),
                source=Signatory.Source.ONLINE,
            )
            for n in numbers
        ],
        batch_size=2000,
    )
    Signature.objects.bulk_create(
        [
            Signature(
                sign_on=sign_on,
                signed_text_id=sign_on.current_text_id,
                organization=row.organization,
                organization_key=name_key(row.organization),
                city="Bangui",
                country="CF",
                person_name=f"Signer {n}",
                email=f"signer-{n}@example.org",
                email_key=email_key(f"signer-{n}@example.org"),
                status=Signature.Status.CONFIRMED,
                consent_at=now,
                confirmed_at=now,
                signatory=row,
            )
            for n, row in zip(numbers, signatories, strict=True)
        ],
        batch_size=2000,
    )
    SignOn.objects.filter(pk=sign_on.pk).update(shown_count=F("shown_count") + count)


def sql_of(client, method: str, path: str, data: dict | None = None) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, data)
    assert response.status_code in (200, 302), response.status_code
    return [query["sql"] for query in captured]


def newcomer(n: int) -> dict:
    return {**SIGNER, "organization": f"Newcomer Organization {n}", "email": f"newcomer-{n}@example.org"}


def assert_same_queries(small: list[str], large: list[str]) -> None:
    grown = "\n".join(sql for sql in large if sql not in small)
    assert len(large) == len(small), f"{len(small)} queries with 10 signatures, {len(large)} with 10,000:\n{grown}"


def test_the_sign_page_runs_the_same_queries_with_10_or_10000_signatures(client, open_sign_on):
    path = f"/letters/{open_sign_on.letter.slug}/sign/"
    add_confirmed_signatures(open_sign_on, 10)
    client.get(path)  # warm caches (content types, templates)
    small = sql_of(client, "get", path)

    add_confirmed_signatures(open_sign_on, 9_990, start=10)
    large = sql_of(client, "get", path)

    assert_same_queries(small, large)
    # The same number of queries could still read every signatory (a prefetch): the page shows only the count.
    assert not [sql for sql in large if 'FROM "letters_signatory"' in sql]
    assert "<strong>10000</strong> signatures" in client.get(path).text


def test_signing_runs_the_same_queries_with_10_or_10000_signatures(client, open_sign_on):
    path = f"/letters/{open_sign_on.letter.slug}/sign/"
    add_confirmed_signatures(open_sign_on, 10)
    client.post(path, newcomer(0))  # warm caches
    small = sql_of(client, "post", path, newcomer(1))

    add_confirmed_signatures(open_sign_on, 9_990, start=10)
    large = sql_of(client, "post", path, newcomer(2))

    assert_same_queries(small, large)
    assert Signature.objects.filter(status=Signature.Status.PENDING).count() == 3
