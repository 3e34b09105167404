"""Keeps ``SearchDocument`` rows in step with the articles.

A document holds only the text the reprint rule lets readers see (``visible_text``) at the
moment it was decided for: now, or a scheduled story's publish time. What readers may see
also changes with nobody writing anything (a grant expiring or starting, a rule version
taking effect: ``articles.rights.moments``), so each document records the next such moment
as ``stale_at``. From then on the query checks every hit on it against what ``decide()``
allows at that moment (``search.query``), and a task deferred to that very moment re-indexes
it (``refresh_due_documents``); no cron, and if no worker runs the query-time check still
holds. Whether a reader may see the article *now* is decided at query time by
``Article.objects.published()``.
"""

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import Article, Status
from articles.models.visibility import RightsSnapshot
from articles.rights import engine, excerpts
from articles.rights.moments import Moments, StoryRights

from .models import SearchDocument

LIVE_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)
EMPTY_FIELDS = {"headline": "", "dek": "", "keywords": "", "body": ""}


def decided_at(article: Article, now: datetime | None = None) -> datetime:
    """The moment a document for ``article`` describes: now, or its publish time if later, so
    a scheduled story is searchable the moment it goes live without another write."""
    now = now or timezone.now()
    return max(now, article.publish_at) if article.publish_at else now


def document_fields(
    article: Article,
    *,
    keywords: str | None = None,
    names: list[str] | None = None,
    now: datetime | None = None,
) -> dict | None:
    """The index fields for ``article`` (as readers may see it at ``decided_at``), or None
    when they may see nothing of it then. ``keywords``: its tag names as already indexed
    (tags change only by a write, which re-indexes), to spare reading them again; ``names``:
    its byline's names (``byline(article)``), known to a caller that has just written it.
    ``now``: a batch's moment, whose rights snapshot the article already carries."""
    if article.status not in LIVE_STATUSES or article.publish_at is None:
        return None
    at = decided_at(article, now)
    # At "now", decide() uses what published() (or a batch's snapshot) already read for the
    # article, if it came from there (the query-time check), instead of querying again.
    decision = engine.decide(article, at=None if at <= (now or timezone.now()) else at)
    if not decision.may_publish:
        return None
    return {
        "headline": article.headline,
        "dek": decision.summary,  # our own standfirst, or the partner's only with full text
        "keywords": " ".join(
            [
                keywords
                if keywords is not None
                else " ".join(sorted(tag.name for tag in article.tags.all())),
                *(names if names is not None else byline(article)),
            ]
        ).strip(),
        "body": excerpts.visible_text(article, decision),
    }


def byline(article: Article) -> list[str]:
    """The names readers see in the story's byline: its authors, or else the partner's
    original author (as ``articles/_byline.html`` credits them)."""
    if article.pk is None:
        names = []
    elif "bylines" in getattr(article, "_prefetched_objects_cache", {}):
        names = [b.author.name for b in article.bylines.all()]
    else:  # one query, not one per byline and author (the importer indexes every new story)
        names = list(article.bylines.values_list("author__name", flat=True))
    if not names and article.original_author.strip():
        names = [article.original_author.strip()]
    return names


class _Batch:
    """What indexing many articles reads once: the rules' and grants' moments, and one
    rights snapshot per moment decided at (the batch's "now", or a scheduled story's publish
    time). Every story is decided at the batch's own "now", not the clock's at its turn: one
    snapshot for all of them, not one read per story."""

    def __init__(self, now: datetime):
        self.now = now
        self.moments = Moments.read(now)
        # Every later moment at which a rule version or grant starts or ends: between two of
        # them (from one, up to the next) every rights snapshot is the same, since each test
        # is ``moment <= at`` or ``moment > at``.
        moments = self.moments
        self._changes = sorted(
            {
                moment
                for by in (moments.by_rule_key, moments.by_article, moments.by_source)
                for found in by.values()
                for moment in found
            }
        )
        self.snapshots: dict[object, RightsSnapshot] = {}

    def snapshot(self, at: datetime) -> RightsSnapshot:
        """The rights snapshot at ``at``: one read for "now", and one for each stretch
        between later changes (so not one per scheduled story's publish time)."""
        key = at if at <= self.now else bisect_right(self._changes, at)
        if key not in self.snapshots:
            self.snapshots[key] = RightsSnapshot.read(at)
        return self.snapshots[key]


def rights_key(article: Article, snapshot: RightsSnapshot) -> str:
    """``RightsSnapshot.rights_key`` of ``article``, as the query computes it for a hit."""
    return snapshot.rights_key(
        pk=article.pk, origin=article.origin, rule_id=article.rule_id, source_id=article.source_id
    )


def document_values(
    article: Article,
    batch: "_Batch",
    *,
    keywords: str | None = None,
    names: list[str] | None = None,
) -> tuple[dict | None, bool]:
    """The search document row ``article`` should have, decided at ``batch.now`` (None: no
    document), and whether readers may find it. The bulk writers (``search.rebuild``,
    ``bench/corpus.py``) insert these rows themselves; ``keywords`` and ``names`` as for
    ``document_fields``, when they read them for many stories at once."""
    if article.status in LIVE_STATUSES and article.publish_at is not None:
        at = decided_at(article, batch.now)
        if at <= batch.now:  # decided "now": the snapshot answers what decide() would ask
            batch.snapshot(at).annotate(article)
        fields = document_fields(article, keywords=keywords, names=names, now=batch.now)
        stale_at = batch.moments.next_for(article, at)
        key = rights_key(article, batch.snapshot(at)) if fields is not None else ""
    else:
        fields, stale_at, key = None, None, ""
    if fields is None and stale_at is None:
        return None, False
    # Readers may see nothing of it now but may later: an empty document waits for that moment.
    return {**(fields or EMPTY_FIELDS), "stale_at": stale_at, "rights_key": key}, (
        fields is not None
    )


def index_article(article: Article, *, created: bool = False, batch: _Batch | None = None) -> bool:
    """Write (or drop) the article's search document; True when it is now indexed.
    ``created``: the article was inserted in this transaction, so it has no document yet.
    ``batch``: what a caller indexing many articles read once for all of them."""
    if batch is not None:
        values, found = document_values(article, batch)
    else:
        fields = document_fields(article)
        values, found = _document_values(article, fields), fields is not None
    if values is None:
        if not created:
            SearchDocument.objects.filter(article_id=article.pk).delete()
        return False
    stale_at = values["stale_at"]
    if created:
        SearchDocument.objects.create(article_id=article.pk, **values)
    else:
        SearchDocument.objects.update_or_create(article_id=article.pk, defaults=values)
    if stale_at is not None:
        schedule_refresh(stale_at)
    return found


def _document_values(
    article: Article,
    fields: dict | None,
    *,
    story: StoryRights | None = None,
) -> dict | None:
    """The document row's values for ``article`` with index ``fields``, or None when it needs
    no document (readers may see nothing of it, now or at any known later moment)."""
    stale_at, key = None, ""  # an empty document matches nothing: its key never matters
    if article.status in LIVE_STATUSES and article.publish_at is not None:
        at = decided_at(article)
        story = story or StoryRights.read(article)
        stale_at = story.next_change(at)
        if fields is not None:
            key = story.rights_key(at)
    if fields is None and stale_at is None:
        return None
    # Readers may see nothing of it now but may later: an empty document waits for that moment.
    return {**(fields or EMPTY_FIELDS), "stale_at": stale_at, "rights_key": key}


def index_new_articles(
    articles: Iterable[Article],
    *,
    tags: dict[int, list[str]],
    names: dict[int, list[str]],
    rights: Callable[[Article], StoryRights],
) -> int:
    """Index articles inserted in the caller's transaction (so without documents yet) in one
    INSERT, from what the caller knows of them: ``tags`` and ``names`` (byline names) by
    article pk, and ``rights(article)``, each one's rule versions and grants (a story just
    inserted can only be covered by its source's grants). Same rows as ``index_article``;
    returns how many are indexed."""
    documents, moments, indexed = [], set(), 0
    for article in articles:
        fields = document_fields(
            article,
            keywords=" ".join(sorted(tags.get(article.pk, ()))),
            names=names.get(article.pk, []) or _original_author(article),
        )
        values = _document_values(article, fields, story=rights(article))
        if values is None:
            continue
        indexed += fields is not None
        documents.append(SearchDocument(article_id=article.pk, **values))
        if values["stale_at"] is not None:
            moments.add(values["stale_at"])
    SearchDocument.objects.bulk_create(documents)
    for moment in sorted(moments):
        schedule_refresh(moment)
    return indexed


def _original_author(article: Article) -> list[str]:
    name = article.original_author.strip()
    return [name] if name else []


# Told each document's ``stale_at`` once the indexing transaction commits. ``search.tasks``
# registers the deferred re-index here when the app is ready (``SearchConfig.ready``), so
# this module knows nothing of the task API.
REFRESH_SCHEDULERS: list[Callable[[datetime], None]] = []


def schedule_refresh(moment: datetime) -> None:
    """Once the transaction commits, ask for the documents due at ``moment`` to be re-indexed
    then. A scheduler's failure is logged, never raised (``robust``): readers are protected
    at query time anyway."""
    for scheduler in REFRESH_SCHEDULERS:
        transaction.on_commit(partial(scheduler, moment), robust=True)


def refresh_due_documents(now: datetime | None = None) -> int:
    """Re-index every document whose ``stale_at`` has come (or that predates rights keys);
    returns how many. Run by the deferred task at each moment, and by ``migrate``."""
    now = now or timezone.now()
    due = SearchDocument.objects.filter(Q(stale_at__lte=now) | Q(rights_key__isnull=True))
    articles = Article.objects.filter(pk__in=list(due.values_list("article_id", flat=True)))
    if not articles:
        return 0
    batch = _Batch(now)
    count = 0
    with transaction.atomic():
        for article in articles.select_related("source", "rule").prefetch_related("tags"):
            index_article(article, batch=batch)
            count += 1
    return count


# Articles saved inside ``indexing_deferred()``: pk -> (latest instance, created in the block).
_deferred: ContextVar[dict[int, tuple[Article, bool]] | None] = ContextVar(
    "search_indexing_deferred", default=None
)


@contextmanager
def indexing_deferred() -> Iterator[None]:
    """Index each article saved (or retagged) inside the block once, as it stands when the
    block ends, instead of at every save; nothing is indexed if the block raises (its caller's
    transaction rolls back). The importer stores a file in several saves."""
    if _deferred.get() is not None:  # nested: the outer block indexes
        yield
        return
    pending: dict[int, tuple[Article, bool]] = {}
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    for article, created in pending.values():
        index_article(article, created=created)


# Articles the caller indexes itself (``index_new_articles``) while their saves are signalled.
_indexed_by_caller: ContextVar[frozenset[int]] = ContextVar(
    "search_indexed_by_caller", default=frozenset()
)


@contextmanager
def indexed_by_caller(pks: Iterable[int]) -> Iterator[None]:
    """Within the block, saves signalled for the articles ``pks`` index nothing: the caller
    has just indexed them (``index_new_articles``) and sends ``post_save`` for the other
    listeners (the webhooks, the public cache)."""
    token = _indexed_by_caller.set(frozenset(pks))
    try:
        yield
    finally:
        _indexed_by_caller.reset(token)


def index_later(article: Article, *, created: bool = False) -> bool:
    """Inside ``indexing_deferred()``, note ``article`` for indexing at the end of the block
    and return True; outside, do nothing and return False. True, noting nothing, for an
    article the caller indexes itself (``indexed_by_caller``)."""
    if article.pk in _indexed_by_caller.get():
        return True
    pending = _deferred.get()
    if pending is None:
        return False
    _, was_created = pending.get(article.pk, (None, False))
    pending[article.pk] = (article, created or was_created)
    return True


def index_articles(articles: Iterable[Article]) -> int:
    """Re-index many articles; returns how many are indexed afterwards."""
    batch = _Batch(timezone.now())
    return sum(index_article(article, batch=batch) for article in articles)
