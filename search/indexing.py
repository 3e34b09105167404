"""Keeps ``SearchDocument`` rows in step with the articles.

A document holds only the text the reprint rule lets readers see (``visible_text``), so
neither matching nor snippets can ever reach hidden text. Whether a reader may see the
article *now* is decided at query time by ``Article.objects.published()``; the index
only needs to know what would be visible once the story is live.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.utils import timezone

from articles.models import Article, Status
from articles.rights import engine, excerpts

from .models import SearchDocument

LIVE_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)


def document_fields(article: Article) -> dict | None:
    """The index fields for ``article``, or None when readers may never see it as it stands."""
    if article.status not in LIVE_STATUSES or article.publish_at is None:
        return None
    # A scheduled story is judged as at its publish time, so it is searchable the moment it
    # goes live without another write.
    decision = engine.decide(article, at=max(timezone.now(), article.publish_at))
    if not decision.may_publish:
        return None
    return {
        "headline": article.headline,
        "dek": decision.summary,  # our own standfirst, or the partner's only with full text
        "keywords": " ".join([*sorted(tag.name for tag in article.tags.all()), *byline(article)]),
        "body": excerpts.visible_text(article, decision),
    }


def byline(article: Article) -> list[str]:
    """The names readers see in the story's byline: its authors, or else the partner's
    original author (as ``articles/_byline.html`` credits them)."""
    names = [b.author.name for b in article.bylines.all()] if article.pk else []
    if not names and article.original_author.strip():
        names = [article.original_author.strip()]
    return names


def index_article(article: Article, *, created: bool = False) -> bool:
    """Write (or drop) the article's search document; True when it is now indexed.
    ``created``: the article was inserted in this transaction, so it has no document yet."""
    fields = document_fields(article)
    if fields is None:
        if not created:
            SearchDocument.objects.filter(article_id=article.pk).delete()
        return False
    if created:
        SearchDocument.objects.create(article_id=article.pk, **fields)
    else:
        SearchDocument.objects.update_or_create(article_id=article.pk, defaults=fields)
    return True


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


def index_later(article: Article, *, created: bool = False) -> bool:
    """Inside ``indexing_deferred()``, note ``article`` for indexing at the end of the block
    and return True; outside, do nothing and return False."""
    pending = _deferred.get()
    if pending is None:
        return False
    _, was_created = pending.get(article.pk, (None, False))
    pending[article.pk] = (article, created or was_created)
    return True


def index_articles(articles: Iterable[Article]) -> int:
    """Re-index many articles; returns how many are indexed afterwards."""
    return sum(index_article(article) for article in articles)


@transaction.atomic
def rebuild_index() -> int:
    """Drop every document and index all articles again; returns the number indexed."""
    SearchDocument.objects.all().delete()
    articles = Article.objects.select_related("source", "rule").prefetch_related(
        "tags", "bylines__author"
    )
    return index_articles(articles.iterator(chunk_size=500))
