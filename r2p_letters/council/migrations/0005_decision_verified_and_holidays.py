"""The calendar says which dates its source does not state (``Decision.verified``) and knows the UN Headquarters
holidays (``Holiday``). 0006 loads their data; schema and data are apart so that PostgreSQL can reverse them."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0004_decisions_of_2026_completed"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="verified",
            field=models.BooleanField(
                default=True,
                help_text='Unticked when the source does not say the date itself (e.g. "for one year"): the calendar '
                "says so.",
                verbose_name="confirmed by the source",
            ),
        ),
        migrations.CreateModel(
            name="Holiday",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(unique=True, verbose_name="day")),
                ("name", models.CharField(max_length=80, verbose_name="name")),
                (
                    "source",
                    models.URLField(
                        help_text="The information circular (ST/IC/…) or a copy.", max_length=500, verbose_name="source"
                    ),
                ),
                ("checked_on", models.DateField(verbose_name="checked on")),
            ],
            options={
                "verbose_name": "UN Headquarters holiday",
                "verbose_name_plural": "UN Headquarters holidays",
                "ordering": ["day"],
            },
        ),
    ]
