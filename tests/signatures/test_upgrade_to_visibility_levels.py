"""Signatures recorded before signers chose who sees their name, after the upgrade: a person who kept their name
off the letter is never named, everyone else stays public; the upgrade can be undone."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("signatures", "0006_signature_may_contact"), ("letters", "0016_thematic_resolutions")]
UPGRADE = [("signatures", "0008_visibility_of_earlier_signatures")]


@pytest.fixture
def old_signatures(transactional_db, open_sign_on):
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    OldSignature, OldSignatory = apps.get_model("signatures", "Signature"), apps.get_model("letters", "Signatory")

    def add(kind, organization, person_name, show_name):
        row = OldSignatory.objects.create(
            letter_id=open_sign_on.letter_id,
            organization=organization,
            source="online",
            person_name=person_name if show_name else "",
        )
        return OldSignature.objects.create(
            sign_on_id=open_sign_on.pk,
            signed_text_id=open_sign_on.current_text_id,
            kind=kind,
            organization=organization,
            person_name=person_name,
            show_name=show_name,
            email=f"{person_name}@x.org",
            email_key=f"{person_name}@x.org",
            status="confirmed",
            confirmed_at=timezone.now(),
            signatory_id=row.pk,
        ).pk

    yield add
    MigrationExecutor(connection).migrate(latest)


def test_a_person_who_printed_only_an_organization_becomes_counted_only_and_others_stay_public(old_signatures):
    at_risk = old_signatures("individual", "Réseau des défenseurs", "Mariam", show_name=False)
    person = old_signatures("individual", "", "Joseph", show_name=True)
    ngo = old_signatures("organization", "Darfur Bar Association", "Amna", show_name=False)

    MigrationExecutor(connection).migrate(UPGRADE)
    # The models as the upgrade left them (later migrations add columns these tables do not have yet).
    upgraded = MigrationExecutor(connection).loader.project_state(UPGRADE).apps
    Signature, Signatory = upgraded.get_model("signatures", "Signature"), upgraded.get_model("letters", "Signatory")
    SigningNotice = upgraded.get_model("signatures", "SigningNotice")

    rows = {pk: Signature.objects.get(pk=pk) for pk in (at_risk, person, ngo)}
    assert [rows[pk].visibility for pk in (at_risk, person, ngo)] == ["counted", "public", "public"]
    assert Signatory.objects.get(signature__pk=at_risk).visibility == "counted"
    assert Signatory.objects.get(signature__pk=at_risk).capacity == "personal"
    assert Signatory.objects.get(signature__pk=ngo).capacity == "organization"
    assert SigningNotice.objects.filter(version=1).count() == 2

    MigrationExecutor(connection).migrate(BEFORE)  # and back: the name withheld is withheld again
    apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    assert apps.get_model("signatures", "Signature").objects.get(pk=at_risk).show_name is False
