"""Signatures recorded before links had their signing act and names folded look-alike letters, after the
upgrade: old links open only signatures that were never signed again, every key folds look-alikes, and what
printed still prints."""

import datetime

import pytest
from django.core import signing
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from r2p_letters.signatures.models import Signature
from r2p_letters.signatures.services import organization_key

BEFORE = [("signatures", "0002_confirmation_email")]


@pytest.fixture
def signatures_before_the_upgrade(transactional_db, open_sign_on):
    """The signatures table as it was before the upgrade; the upgrade runs when the test calls ``upgrade``."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps.get_model("signatures", "Signature")

    def add(organization, old_key, email, status="confirmed", consent_at=None):
        return old.objects.create(
            sign_on_id=open_sign_on.pk,
            version_id=open_sign_on.current_text_id,
            organization=organization,
            organization_key=old_key,
            city="London",
            country="GB",
            person_name="A Signer",
            email=email,
            email_key=email,
            status=status,
            confirmed_at=timezone.now(),
            consent_at=consent_at or timezone.now(),
        ).pk

    def upgrade():
        MigrationExecutor(connection).migrate(latest)

    yield add, upgrade
    MigrationExecutor(connection).migrate(latest)


def test_the_upgrade_folds_look_alikes_and_keeps_both_printing_lines(signatures_before_the_upgrade):
    add, upgrade = signatures_before_the_upgrade
    real = add("BBC Media Action", "bbc media action", "director@bbcmediaaction.example.org")
    look_alike = add("ВВС Media Action", "ввс media action", "squatter@stranger.example.org")
    # Keys as the older fold wrote them: the old constraint counted withdrawn signatures too.
    withdrawn = add("Human Rights Watch", "human rights watch", "former@hrw.example.org", status="withdrawn")
    pending = add("HUMAN RIGHTS WATCH", "human rights watch ", "director@hrw.example.org", status="pending")

    upgrade()

    rows = {row.pk: row for row in Signature.objects.all()}
    assert rows[real].organization_key == organization_key("BBC Media Action")
    # The look-alike keeps printing, for the organizers to reject, and no longer holds a name of its own.
    assert (rows[look_alike].status, rows[look_alike].organization_key) == (Signature.Status.CONFIRMED, "")
    assert rows[withdrawn].organization_key == rows[pending].organization_key == organization_key("Human Rights Watch")


def test_old_links_open_only_the_signatures_that_were_never_signed_again(signatures_before_the_upgrade, client):
    add, upgrade = signatures_before_the_upgrade
    never_again = add("BBC Media Action", "bbc media action", "director@bbcmediaaction.example.org")
    signed_again = add(
        "Human Rights Watch",
        "human rights watch",
        "director@hrw.example.org",
        consent_at=timezone.now() + datetime.timedelta(days=3),
    )
    links = {
        pk: reverse("signatures:manage", args=[signing.dumps({"s": pk}, salt="signatures.manage")])
        for pk in (never_again, signed_again)
    }

    upgrade()

    assert client.get(links[never_again]).status_code == 200
    assert client.get(links[signed_again]).status_code == 410
    # Once the signature changes hands, its old links open nothing either.
    Signature.objects.filter(pk=never_again).update(link_nonce="a-later-signing-act")
    assert client.get(links[never_again]).status_code == 410
