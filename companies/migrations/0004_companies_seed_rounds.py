"""ShengShu's two funding rounds, as an editor confirmed them against the aicnbc.com seed.

The importer links each to its source article when it finds the same round in the text (see
``companies.services.funding.funding_rounds_suggest``). The seeds' other rounds arrive as suggestions.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

FUNDING = Path(__file__).resolve().parent.parent / "data" / "funding.json"


def load(apps, schema_editor):
    Company = apps.get_model("companies", "Company")
    FundingRound = apps.get_model("companies", "FundingRound")
    for record in json.loads(FUNDING.read_text(encoding="utf-8")):
        company = Company.objects.filter(slug=record["company"]).first()
        if company is None:
            continue
        amount = Decimal(record["amount"])
        if FundingRound.objects.filter(
            company=company, currency=record["currency"], amount=amount
        ).exists():
            continue
        round_ = FundingRound.objects.create(
            company=company,
            amount=amount,
            currency=record["currency"],
            amount_usd=Decimal(record["amount_usd"]) if record["amount_usd"] else None,
            amount_is_minimum=record["amount_is_minimum"],
            round_name=record["round_name"],
            announced_on=record["announced_on"],
            source_sentence=record["source_sentence"],
            status="confirmed",
        )
        round_.leads.set(Company.objects.filter(slug__in=record["leads"]))
        round_.participants.set(Company.objects.filter(slug__in=record["participants"]))


def unload(apps, schema_editor):
    FundingRound = apps.get_model("companies", "FundingRound")
    for record in json.loads(FUNDING.read_text(encoding="utf-8")):
        FundingRound.objects.filter(
            company__slug=record["company"],
            currency=record["currency"],
            amount=Decimal(record["amount"]),
            source_article__isnull=True,
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("companies", "0003_companies_funding_suggestions")]
    operations = [migrations.RunPython(load, unload)]
