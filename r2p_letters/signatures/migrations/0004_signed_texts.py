"""The text of a letter frozen for signatures is a SignedText (users still call it "version 2"): "version" is the
language versions' word. The sign-on's current_version is its current_text, a signature's version its signed_text.
Names only: the rows, and the links already emailed (they carry the text's number), stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("signatures", "0003_signature_links_and_names"),
    ]

    operations = [
        # The constraint is named for the model: dropped before the renames, made again after them.
        migrations.RemoveConstraint(model_name="letterversion", name="one_letter_version_per_number"),
        migrations.RenameModel(old_name="LetterVersion", new_name="SignedText"),
        migrations.AlterField(
            model_name="signedtext",
            name="letter",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="signed_texts",
                                    to="letters.letter"),
        ),
        migrations.RenameField(model_name="signon", old_name="current_version", new_name="current_text"),
        migrations.RenameField(model_name="signature", old_name="version", new_name="signed_text"),
        migrations.AddConstraint(
            model_name="signedtext",
            constraint=models.UniqueConstraint(fields=["letter", "number"], name="one_signed_text_per_number"),
        ),
    ]
