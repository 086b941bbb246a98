"""The first signing notice, and the visibility of the signatures recorded before signers chose it (a migration of
its own: PostgreSQL does not alter a table whose rows the same transaction updated)."""

from django.db import migrations

# The first signing notice, as the sign form showed it when consent records began.
NOTICE_V1 = {
    "en": (
        "I agree that R2P Letters keeps the details I give here to record my signature on this letter, show it "
        "as I choose above, deliver the letter and write to me about it. The organizers of the letter see who "
        "signed. I can change my choices or withdraw my signature at any time from the link in the email."
    ),
    "fr": (
        "J’accepte que R2P Letters conserve les informations que je donne ici pour enregistrer ma signature de "
        "cette lettre, l’afficher comme je le choisis ci-dessus, remettre la lettre et m’écrire à son sujet. "
        "Les organisateurs de la lettre voient qui a signé. Je peux modifier mes choix ou retirer ma signature "
        "à tout moment depuis le lien du courriel."
    ),
}


def forwards(apps, schema_editor):
    """Publish notice 1; an individual who printed only an organization (their name kept off the letter)
    becomes "counted only": in a personal capacity a named signer is named with their name, and a name they
    withheld is never printed. Every other signer signed a public list: public. Their letter rows follow."""
    SigningNotice = apps.get_model("signatures", "SigningNotice")
    Signature = apps.get_model("signatures", "Signature")
    Signatory = apps.get_model("letters", "Signatory")
    for language, text in NOTICE_V1.items():
        SigningNotice.objects.create(version=1, language=language, text=text)
    hidden = Signature.objects.filter(kind="individual", show_name=False).exclude(organization="")
    hidden.update(visibility="counted", show_name=True)
    Signatory.objects.filter(signature__kind="individual").update(capacity="personal")
    Signatory.objects.filter(signature__kind="organization").update(capacity="organization")
    Signatory.objects.filter(signature__visibility="counted").update(visibility="counted")


def backwards(apps, schema_editor):
    Signature = apps.get_model("signatures", "Signature")
    Signature.objects.filter(kind="individual", visibility="counted").exclude(organization="").update(
        show_name=False
    )
    Signature.objects.update(notice=None)
    apps.get_model("signatures", "SigningNotice").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("signatures", "0007_signers_capacity_visibility_and_consent"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
