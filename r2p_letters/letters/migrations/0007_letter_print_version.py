"""A counter of changes to what a letter prints that saving the letter does not show (online signatures,
parts edited on their own); the PDF cache key reads it. Existing letters start at 0."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("letters", "0006_letter_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="letter",
            name="print_version",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
    ]
