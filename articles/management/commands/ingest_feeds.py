import json as json_module

from django.core.management.base import BaseCommand, CommandError

from articles.ingest.providers import provider_poll
from articles.ingest.tasks import schedule_feed_poll
from articles.models import FeedProvider


class Command(BaseCommand):
    help = (
        "Fetch partner feeds now and import what they bring (every enabled provider, or the "
        "ones named by id or name); --schedule only queues the background worker's poll."
    )

    def add_arguments(self, parser):
        parser.add_argument("providers", nargs="*", help="provider ids or names")
        parser.add_argument("--once", action="store_true", help="fetch once now (the default)")
        parser.add_argument("--schedule", action="store_true", help="queue the worker's poll")
        parser.add_argument("--json", action="store_true", help="print the import report")

    def handle(self, *args, providers, once, schedule, json: bool, **options):
        if schedule:
            if not FeedProvider.objects.filter(enabled=True).exists():
                self.stdout.write("No feed provider is enabled: nothing to poll yet.")
            elif schedule_feed_poll():
                self.stdout.write("Feed poll queued for the background worker.")
            else:
                self.stdout.write("Feed poll already queued for the background worker.")
            return
        chosen = _providers(providers)
        report = []
        failed = False
        for provider in chosen:
            results = provider_poll(provider=provider)
            provider.refresh_from_db()
            failed |= bool(provider.last_error)
            entry = {
                "provider": provider.name,
                "url": provider.url,
                "status": provider.last_status,
                "error": provider.last_error or None,
                "files": [{**r.as_dict(), "provider": provider.name} for r in results],
            }
            report.append(entry)
            if not json:
                counts = ", ".join(f"{k} {v}" for k, v in provider.last_summary.items() if v)
                self.stdout.write(
                    f"{provider.name}: "
                    + (f"failed: {provider.last_error}" if provider.last_error else counts or "ok")
                )
        if json:
            self.stdout.write(json_module.dumps({"providers": report}, indent=1))
        if failed:
            raise CommandError("some feeds could not be fetched", returncode=1)


def _providers(names: list[str]) -> list[FeedProvider]:
    queryset = FeedProvider.objects.select_related("source")
    if not names:
        return list(queryset.filter(enabled=True))
    chosen = []
    for name in names:
        found = queryset.filter(pk=int(name)) if name.isdigit() else queryset.filter(name=name)
        provider = found.first()
        if provider is None:
            raise CommandError(f"no feed provider {name!r}")
        chosen.append(provider)
    return chosen
