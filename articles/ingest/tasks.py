"""Background work of ingest, on Django's tasks API (the django-tasks backport): the feed poll
runs on the worker, and schedules its own next run at the moment the next provider is due,
so no cron is needed. Request handlers only enqueue."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from articles.ingest.providers import feeds_poll_due, next_poll_at, provider_poll
from articles.models import FeedProvider

# However soon the next provider is due, the poll waits at least this long between runs.
MIN_GAP = timedelta(seconds=5)


@task(queue_name="feeds")
def poll_due_feeds() -> dict:
    """Poll every provider that is due, then queue the next poll for when one next is."""
    polled = feeds_poll_due()
    schedule_feed_poll(after_run=True)
    return {name: [r.status for r in results] for name, results in polled.items()}


@task(queue_name="feeds")
def poll_provider(provider_id: int) -> list[str]:
    """Fetch one provider now (the admin's "Fetch now"), whether or not it is due."""
    provider = FeedProvider.objects.select_related("source").filter(pk=provider_id).first()
    if provider is None or not provider.enabled:
        return []
    return [r.status for r in provider_poll(provider=provider)]


def schedule_feed_poll(*, after_run: bool = False) -> bool:
    """Make sure a poll is queued for the next due provider; True if one was queued now.

    With the database backend a poll already waiting for that moment (or sooner) is reused, so
    saving providers or restarting the site never starts a second chain."""
    if not poll_due_feeds.get_backend().supports_defer:
        # A backend that runs tasks at once (the immediate one) cannot wait for the next
        # provider: chaining would loop. Use `ingest_feeds` or a worker backend.
        return False
    due = next_poll_at()
    if due is None:
        return False
    at = max(due, timezone.now() + (MIN_GAP if after_run else timedelta(0)))
    if _poll_waiting(before=at):
        return False
    transaction.on_commit(lambda: poll_due_feeds.using(run_after=at).enqueue())
    return True


def _poll_waiting(*, before) -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend: its own queue keeps the chain
        return False
    return DBTaskResult.objects.filter(
        task_path=poll_due_feeds.module_path, status="READY", run_after__lte=before
    ).exists()
