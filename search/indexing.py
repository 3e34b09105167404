"""Keeps ``SearchDocument`` rows in step with the articles.

A document holds only the text the reprint rule lets readers see (``visible_text``), so
neither matching nor snippets can ever reach hidden text. Whether a reader may see the
article *now* is decided at query time by ``Article.objects.published()``; the index
only needs to know what would be visible once the story is live.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from articles import rights
from articles.models import Article, Status

from .models import SearchDocument

LIVE_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)


def document_fields(article: Article) -> dict | None:
    """The index fields for ``article``, or None when readers may never see it as it stands."""
    if article.status not in LIVE_STATUSES or article.publish_at is None:
        return None
    # A scheduled story is judged as at its publish time, so it is searchable the moment it
    # goes live without another write.
    decision = rights.decide(article, at=max(timezone.now(), article.publish_at))
    if not decision.may_publish:
        return None
    return {
        "headline": article.headline,
        "dek": decision.summary,  # our own standfirst, or the partner's only with full text
        "keywords": " ".join(sorted(tag.name for tag in article.tags.all())),
        "body": rights.visible_text(article, decision),
    }


def index_article(article: Article) -> bool:
    """Write (or drop) the article's search document; True when it is now indexed."""
    fields = document_fields(article)
    if fields is None:
        SearchDocument.objects.filter(article_id=article.pk).delete()
        return False
    SearchDocument.objects.update_or_create(article_id=article.pk, defaults=fields)
    return True


def index_articles(articles: Iterable[Article]) -> int:
    """Re-index many articles; returns how many are indexed afterwards."""
    return sum(index_article(article) for article in articles)


@transaction.atomic
def rebuild_index() -> int:
    """Drop every document and index all articles again; returns the number indexed."""
    SearchDocument.objects.all().delete()
    articles = Article.objects.select_related("source", "rule").prefetch_related("tags")
    return index_articles(articles.iterator(chunk_size=500))
