"""Polling feed providers: claim the ones that are due (each by exactly one worker, however many
run), fetch each with a conditional GET, import what it brings through the same pipeline as
files, and keep the answer on the provider for editors.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from articles.ingest.decoding import decode_bytes
from articles.ingest.fetching import FetchError, Limits, fetch
from articles.ingest.formats.html import parse_html
from articles.ingest.formats.structured import to_parsed
from articles.ingest.importing import article_import_items
from articles.ingest.parsed import ParsedArticle, ParseError
from articles.ingest.report import FileResult
from articles.models import FeedProvider


def fetch_limits() -> Limits:
    return Limits(
        timeout=settings.FEEDS_FETCH_TIMEOUT,
        total=settings.FEEDS_FETCH_TOTAL_SECONDS,
        max_bytes=settings.IMPORT_MAX_FILE_BYTES,
        allow_private=frozenset(settings.FEEDS_ALLOW_PRIVATE_HOSTS),
    )


def providers_claim_due(*, now: datetime | None = None, limit: int = 20) -> list[FeedProvider]:
    """Take up to ``limit`` enabled providers whose time has come, for this worker alone.

    Row locks with SKIP LOCKED (PostgreSQL) let several workers claim at once without waiting
    on or taking each other's rows; the claim moves ``next_fetch_at`` a lease ahead, so a
    worker that dies mid-fetch leaves the provider to the next one once the lease ends. SQLite
    has one writer at a time (BEGIN IMMEDIATE), which gives the same exclusivity."""
    now = now or timezone.now()
    lease = now + timedelta(seconds=settings.FEEDS_CLAIM_SECONDS)
    with transaction.atomic():
        due = FeedProvider.objects.filter(enabled=True).filter(
            Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now)
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        claimed = list(due.order_by(F("next_fetch_at").asc(nulls_first=True), "pk")[:limit])
        FeedProvider.objects.filter(pk__in=[p.pk for p in claimed]).update(next_fetch_at=lease)
    return claimed


def provider_poll(*, provider: FeedProvider, now: datetime | None = None) -> list[FileResult]:
    """Fetch ``provider`` now and import what it brings; records the outcome on it. Never
    raises for a feed's fault: the error is kept on the provider and counted."""
    started = now or timezone.now()
    results: list[FileResult] = []
    try:
        response = fetch(
            provider.url,
            etag=provider.etag,
            last_modified=provider.last_modified,
            limits=fetch_limits(),
        )
    except FetchError as exc:
        _record(provider, started, status=None, error=str(exc), summary={})
        return results
    if response.status == 304:
        _record(provider, started, status=304, error="", summary={"not_modified": True})
        return results
    results = article_import_items(
        data=response.body,
        path=response.url,
        name=provider.url[:255],
        url=response.url,
        default_source=provider.source.domain,
        enrich=_PageFetcher(settings.FEEDS_PAGES_PER_POLL),
    )
    summary = dict.fromkeys(("created", "updated", "unchanged", "duplicate"), 0)
    summary["rejected"] = 0
    for result in results:
        summary[result.status] = summary.get(result.status, 0) + 1
    # The whole response unreadable (not a feed, malformed XML) is the provider failing; one
    # bad entry among good ones is that entry's rejection, reported with it.
    whole = [r for r in results if r.status == "rejected" and "entry" not in r.extra]
    error = whole[0].error if whole and len(results) == 1 else ""
    provider.etag = "" if error else response.etag[:500]
    provider.last_modified = "" if error else response.last_modified[:100]
    _record(provider, started, status=200, error=error, summary=summary)
    return results


class _PageFetcher:
    """A feed entry that carries only a summary is replaced by the story on its page, when the
    page (fetched as safely as the feed) has one; at most ``budget`` pages a poll. The entry
    keeps its identity (guid) so the next poll finds the same story."""

    def __init__(self, budget: int) -> None:
        self.budget = budget

    def __call__(self, parsed: ParsedArticle) -> ParsedArticle:
        if not (parsed.summary_only and parsed.canonical_url and self.budget > 0):
            return parsed
        self.budget -= 1
        try:
            page = fetch(parsed.canonical_url, limits=fetch_limits())
            # The same decoder as files: damaged text is refused, never guessed at.
            text = decode_bytes(page.body, name=parsed.canonical_url, max_bytes=len(page.body) + 1)
            story = to_parsed(parse_html(text, url=page.url))
        except (FetchError, ParseError):
            return parsed  # the summary stays a summary
        return replace(story, external_id=parsed.external_id or story.external_id)


def _record(provider, started, *, status, error: str, summary: dict) -> None:
    provider.last_fetched_at = started
    provider.last_status = status
    provider.last_error = error
    provider.last_summary = summary
    provider.consecutive_failures = provider.consecutive_failures + 1 if error else 0
    provider.next_fetch_at = timezone.now() + timedelta(minutes=provider.interval_minutes)
    provider.save(
        update_fields=[
            "last_fetched_at",
            "last_status",
            "last_error",
            "last_summary",
            "consecutive_failures",
            "next_fetch_at",
            "etag",
            "last_modified",
        ]
    )


def feeds_poll_due(*, now: datetime | None = None) -> dict[str, list[FileResult]]:
    """Poll every provider that is due and this worker could claim; results by provider."""
    polled = {}
    for provider in providers_claim_due(now=now):
        polled[provider.name] = provider_poll(provider=provider)
    return polled


def next_poll_at() -> datetime | None:
    """When the earliest enabled provider is next due (now for one never fetched)."""
    provider = (
        FeedProvider.objects.filter(enabled=True)
        .order_by(F("next_fetch_at").asc(nulls_first=True))
        .only("next_fetch_at")
    ).first()
    if provider is None:
        return None
    return provider.next_fetch_at or timezone.now()
