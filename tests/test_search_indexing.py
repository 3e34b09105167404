"""``indexing_deferred()``: an article saved several times inside the block is indexed once,
as the block leaves it, and not at all if the block fails."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.models import Status
from search.indexing import document_fields, indexing_deferred
from search.models import SearchDocument

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _index_writes(queries) -> list[str]:
    return [q["sql"] for q in queries if '"search_searchdocument"' in q["sql"]]


def test_saves_inside_the_block_index_once_as_the_article_ends():
    with CaptureQueriesContext(connection) as ctx, indexing_deferred():
        article = ArticleFactory(status=Status.DRAFT, tags=["Robots"])
        article.headline = "Robots build a lab"
        article.status = Status.PUBLISHED
        article.save()
        article.tags.add("Labs")
        assert not SearchDocument.objects.filter(article_id=article.pk).exists()
    document = SearchDocument.objects.get(article_id=article.pk)
    expected = document_fields(article)
    assert (document.headline, document.keywords, document.body) == (
        expected["headline"],
        expected["keywords"],
        expected["body"],
    )
    assert document.keywords == "Labs Robots"
    # One insert for the new article (plus the existence check above), not one write per save.
    writes = [sql for sql in _index_writes(ctx.captured_queries) if "INSERT" in sql]
    assert len(writes) == 1


def test_an_article_saved_outside_the_block_is_updated_once():
    article = ArticleFactory(headline="First headline")
    with indexing_deferred():
        article.headline = "Second headline"
        article.save()
        article.headline = "Third headline"
        article.save()
        assert SearchDocument.objects.get(article_id=article.pk).headline == "First headline"
    assert SearchDocument.objects.get(article_id=article.pk).headline == "Third headline"


def test_an_unpublished_article_leaves_the_index_at_the_end_of_the_block():
    article = ArticleFactory()
    assert SearchDocument.objects.filter(article_id=article.pk).exists()
    with indexing_deferred():
        article.status = Status.UNPUBLISHED
        article.save()
    assert not SearchDocument.objects.filter(article_id=article.pk).exists()


def test_a_failing_block_indexes_nothing():
    article = ArticleFactory(headline="Kept headline")

    def edit_then_fail():
        with transaction.atomic(), indexing_deferred():
            article.headline = "Rolled back headline"
            article.save()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        edit_then_fail()
    assert SearchDocument.objects.get(article_id=article.pk).headline == "Kept headline"
