"""The benchmark corpus generator (``bench/corpus.py``): its COPY store (PostgreSQL) writes
the same stories, mentions, tags and search documents as its ORM store, so figures taken on a
corpus made either way describe the same data."""

import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from corpus import build_corpus, ensure_rules, reset_corpus

pytestmark = pytest.mark.django_db(transaction=True)

SIZE = {"articles": 120, "companies": 60, "tags": 15}
UNSTORED = {"id", "created_at", "updated_at"}  # the database's and the clock's


def corpus_rows() -> dict:
    """Everything the generator wrote, by natural keys (ids differ between two runs)."""
    from taggit.models import TaggedItem

    from articles.models import Article
    from companies.models import Mention
    from search.models import SearchDocument

    fields = [f.attname for f in Article._meta.concrete_fields if f.attname not in UNSTORED]
    articles = sorted(Article.objects.values_list(*fields))
    mentions = sorted(
        Mention.objects.values_list(
            "article__slug", "company__name", "count", "first_position", "manual"
        )
    )
    slugs = dict(Article.objects.values_list("pk", "slug"))
    tagged = sorted(
        (slugs[object_id], tag, ct)
        for object_id, tag, ct in TaggedItem.objects.values_list(
            "object_id", "tag__name", "content_type_id"
        )
    )
    documents = sorted(
        SearchDocument.objects.values_list(
            "article__slug", "headline", "dek", "keywords", "body", "rights_key", "stale_at"
        )
    )
    return {"articles": articles, "mentions": mentions, "tagged": tagged, "docs": documents}


def test_the_orm_store_makes_searchable_stories():
    from articles.models import Article
    from search.models import SearchDocument

    counts = build_corpus(**SIZE, store="orm")
    assert counts["created"] == SIZE["articles"] == Article.objects.count()
    assert Article.objects.published().exists()
    published = set(Article.objects.published().values_list("pk", flat=True))
    indexed = set(SearchDocument.objects.exclude(body="").values_list("article_id", flat=True))
    assert indexed
    assert indexed <= set(Article.objects.values_list("pk", flat=True))
    assert published & indexed


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
@pytest.mark.parametrize("jobs", [1, 2])
def test_the_copy_store_writes_what_the_orm_store_writes(jobs):
    from articles.models import Article

    ensure_rules()  # so that every rule is in force at ``now``, as in a real run
    now = timezone.now()
    build_corpus(**SIZE, store="orm", now=now)
    by_orm = corpus_rows()
    reset_corpus()
    build_corpus(**SIZE, store="copy", jobs=jobs, now=now)
    by_copy = corpus_rows()
    for table, rows in by_orm.items():
        assert by_copy[table] == rows, table
    assert all(by_orm.values())
    # The sequence moved past the copied ids: the next story saved gets a fresh one.
    newest = Article.objects.order_by("-pk").first()
    story = Article.objects.create(headline="After the copy", slug="after-the-copy")
    assert story.pk > newest.pk
