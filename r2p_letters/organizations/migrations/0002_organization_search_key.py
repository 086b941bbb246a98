"""Organizations are found by a folded key of their name, short name and city (co-leads are chosen by a search)."""

from django.db import migrations, models

from r2p_letters.organizations.models import search_key


def fill_search_keys(apps, schema_editor):
    Organization = apps.get_model("organizations", "Organization")
    for organization in Organization.objects.only("pk", "name", "short_name", "city").iterator():
        Organization.objects.filter(pk=organization.pk).update(
            search_key=search_key(organization.name, organization.short_name, organization.city)
        )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop),
    ]
