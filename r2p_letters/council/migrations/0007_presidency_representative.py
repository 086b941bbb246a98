"""A presidency can name the Permanent Representative who presided (0008 loads the names a UN page gave)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("council", "0006_unverified_decisions_holidays_and_mandate_resolutions")]

    operations = [
        migrations.AddField(
            model_name="presidency",
            name="representative",
            field=models.CharField(
                blank=True,
                help_text="As the UN's press releases name the President of the Council that month; empty if unknown.",
                max_length=200,
                verbose_name="presiding Permanent Representative",
            ),
        ),
        migrations.AddField(
            model_name="presidency",
            name="representative_source",
            field=models.URLField(
                blank=True, help_text="Where the name was checked.", max_length=500, verbose_name="source of the name"
            ),
        ),
    ]
