"""Ships the Council's membership and presidencies (data/members.toml, data/presidencies.csv)."""

import csv
import tomllib
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data"


def read_members() -> list[dict]:
    return tomllib.loads((DATA / "members.toml").read_text())["member"]


def read_presidencies() -> list[dict]:
    lines = [line for line in (DATA / "presidencies.csv").read_text().splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def load(apps, schema_editor):
    CouncilMember = apps.get_model("council", "CouncilMember")
    Presidency = apps.get_model("council", "Presidency")
    members = CouncilMember.objects.bulk_create([
        CouncilMember(country=row["country"], name=row["name"], name_in_sentence=row.get("name_in_sentence", ""),
                      permanent=row.get("permanent", False), first_year=row["first_year"],
                      last_year=row.get("last_year"))
        for row in read_members()
    ])
    by_year_and_country = {}
    for member in members:
        for year in range(member.first_year, (member.last_year or 2100) + 1):
            by_year_and_country[(year, member.country)] = member
    Presidency.objects.bulk_create([
        Presidency(year=int(row["year"]), month=int(row["month"]),
                   member=by_year_and_country[(int(row["year"]), row["country"])])
        for row in read_presidencies()
    ])


def unload(apps, schema_editor):
    CouncilMember = apps.get_model("council", "CouncilMember")
    Presidency = apps.get_model("council", "Presidency")
    months = {(int(row["year"]), int(row["month"])) for row in read_presidencies()}
    Presidency.objects.filter(pk__in=[p.pk for p in Presidency.objects.all() if (p.year, p.month) in months]).delete()
    for row in read_members():
        CouncilMember.objects.filter(country=row["country"], first_year=row["first_year"],
                                     presidencies__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("council", "0001_council")]

    operations = [migrations.RunPython(load, unload)]
