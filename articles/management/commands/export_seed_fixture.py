"""``manage.py export_seed_fixture``: regenerate the seed articles' JSON fixture."""

from django.core.management.base import BaseCommand

from articles.ingest.seed_fixture import write_seed_fixture


class Command(BaseCommand):
    help = (
        "Import seeds/ in a rolled-back transaction and write articles/fixtures/seed_articles.json."
    )

    def handle(self, *args, **options):
        path = write_seed_fixture()
        self.stdout.write(f"Wrote {path}")
