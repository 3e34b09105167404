"""Every company, brand and product named in the seed stories, from companies/data/registry.json."""

import json
from pathlib import Path

from django.db import migrations

REGISTRY = Path(__file__).resolve().parent.parent / "data" / "registry.json"
FIELDS = (
    "name",
    "legal_name",
    "kind",
    "website",
    "description",
    "hq_city",
    "hq_country",
    "founded",
    "ticker",
    "exchange",
    "case_sensitive",
)


def load(apps, schema_editor):
    Company = apps.get_model("companies", "Company")
    CompanyAlias = apps.get_model("companies", "CompanyAlias")
    records = json.loads(REGISTRY.read_text(encoding="utf-8"))
    companies = {}
    for record in records:
        defaults = {key: record[key] for key in FIELDS if record.get(key) is not None}
        companies[record["slug"]], _ = Company.objects.update_or_create(
            slug=record["slug"], defaults=defaults
        )
    for record in records:
        company = companies[record["slug"]]
        if record.get("parent"):
            company.parent = companies[record["parent"]]
            company.save(update_fields=["parent"])
        for alias in record.get("aliases", []):
            CompanyAlias.objects.update_or_create(
                name=alias["name"],
                defaults={
                    "company": company,
                    "kind": alias.get("kind", "alias"),
                    "case_sensitive": alias.get("case_sensitive", False),
                },
            )


def unload(apps, schema_editor):
    slugs = [r["slug"] for r in json.loads(REGISTRY.read_text(encoding="utf-8"))]
    apps.get_model("companies", "Company").objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
