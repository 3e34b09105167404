"""Background work for the search index, through Django's tasks API (``django-tasks``).

When a document records the next moment what readers may see of its story changes
(``stale_at``), a re-index is deferred to that very moment (``run_after``): no cron, one task
per moment however many documents share it. Without a worker, or with a backend that cannot
defer, nothing breaks: every hit on a stale document is checked again at query time.
"""

from datetime import datetime

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from .indexing import refresh_due_documents


@task()
def refresh_search_documents() -> int:
    """Re-index the documents whose moment has come; returns how many."""
    return refresh_due_documents()


def schedule_refresh(moment: datetime) -> None:
    """Enqueue ``refresh_search_documents`` to run at ``moment``, unless already enqueued."""
    deferred = refresh_search_documents.using(run_after=moment)
    if not deferred.get_backend().supports_defer:
        return
    marker = f"search:refresh-at:{moment.timestamp()}"
    if cache.get(marker):
        return  # two processes may both enqueue it: the task is idempotent
    deferred.enqueue()
    seconds_left = int((moment - timezone.now()).total_seconds())
    cache.set(marker, True, timeout=max(seconds_left, 0) + 60)
