"""Each signing act gets its own links; organization keys fold look-alike letters; only the signatures that
hold a name (pending, confirmed, merged) keep it from another signer.

Links sent before this migration carry no nonce. They keep working for the signatures that were never
signed again (their nonce is empty) until those change hands; a signature that was signed again after a
withdrawal (its consent is newer than the row) may have passed to another signer, so it gets a new nonce
and the links sent before open nothing. The organization keys are computed again with the current
``name_key``. Where two signatures that hold a name now share a key (look-alikes that signed side by side),
the confirmed one, else the oldest, keeps it; the others keep printing as before, with an empty key, for
the organizers to merge or reject.
"""

import datetime
import secrets

from django.db import migrations, models

import r2p_letters.signatures.models
from r2p_letters.lib.text import name_key

HOLDS_NAME = ("pending", "confirmed", "merged")
KEY_LENGTH = 300
# A new signature's consent is given a moment before its row is written; a withdrawn one signed again later.
SIGNED_AGAIN_AFTER = datetime.timedelta(minutes=1)


def refresh_keys_and_nonces(apps, schema_editor):
    Signature = apps.get_model("signatures", "Signature")
    taken = set()
    # Confirmed first, then by age: the signature that has stood longest on the letter keeps its name.
    signatures = Signature.objects.order_by(models.Case(models.When(status="confirmed", then=0), default=1),
                                            "created_at", "id")
    for signature in signatures.iterator(chunk_size=1000):
        key = name_key(signature.organization)[:KEY_LENGTH] if signature.kind == "organization" else ""
        if key and signature.status in HOLDS_NAME:
            if (signature.sign_on_id, key) in taken:
                key = ""
            else:
                taken.add((signature.sign_on_id, key))
        signed_again = signature.consent_at and signature.consent_at > signature.created_at + SIGNED_AGAIN_AFTER
        Signature.objects.filter(pk=signature.pk).update(
            organization_key=key, link_nonce=secrets.token_urlsafe(12) if signed_again else "")


class Migration(migrations.Migration):

    dependencies = [
        ("signatures", "0002_confirmation_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="signature",
            name="link_nonce",
            field=models.CharField(default="", editable=False, max_length=32),
            preserve_default=False,
        ),
        migrations.RemoveConstraint(
            model_name="signature",
            name="one_signature_per_organization",
        ),
        migrations.RunPython(refresh_keys_and_nonces, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="signature",
            name="link_nonce",
            field=models.CharField(default=r2p_letters.signatures.models.new_link_nonce, editable=False,
                                   max_length=32),
        ),
        migrations.AddConstraint(
            model_name="signature",
            constraint=models.UniqueConstraint(
                condition=models.Q(models.Q(("organization_key", ""), _negated=True),
                                   ("status__in", ["pending", "confirmed", "merged"])),
                fields=("sign_on", "organization_key"), name="one_signature_per_organization"),
        ),
    ]
