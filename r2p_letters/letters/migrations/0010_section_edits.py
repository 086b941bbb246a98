"""A section's count of saves is called an edit, not a version: "version" is the language versions' word
(and the sign-on's signed texts are theirs). Names only: no data changes."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("letters", "0009_lettertemplate_layout"),
    ]

    operations = [
        migrations.RenameField(model_name="letter", old_name="section_versions", new_name="section_edits"),
        # The constraint names the column: dropped before the rename, made again after it.
        migrations.RemoveConstraint(model_name="revision", name="one_revision_per_section_version"),
        migrations.RenameField(model_name="revision", old_name="version", new_name="number"),
        migrations.AddConstraint(
            model_name="revision",
            constraint=models.UniqueConstraint(fields=["letter", "section", "number"],
                                               name="one_revision_per_section_number"),
        ),
    ]
