"""A new story's revision is serialised without Django's serialiser, byte for byte as it
would have been: reversion's compare and restore views read the same JSON."""

import json
from pathlib import Path

import pytest
from django.core import serializers
from reversion.models import Version
from reversion.revisions import _get_options

from articles.editorial.revision_records import _serialized
from articles.ingest.importing import import_paths
from articles.models import Article, ArticleAuthor

pytestmark = pytest.mark.django_db

PARTNERS = Path(__file__).parent / "fixtures" / "partners"


def _django(obj):
    options = _get_options(obj.__class__)
    return serializers.serialize(
        options.format,
        (obj,),
        fields=options.fields,
        use_natural_foreign_keys=options.use_natural_foreign_keys,
    )


def test_the_partner_corpus_serialises_as_djangos_serialiser_does():
    summary = import_paths([PARTNERS])
    assert summary.counts["created"] >= 40
    objects = [*Article.objects.all(), *ArticleAuthor.objects.all()]
    assert any(isinstance(obj, ArticleAuthor) for obj in objects)
    for obj in objects:
        assert _serialized(obj, _get_options(obj.__class__)) == _django(obj)


def test_an_imported_storys_revision_holds_that_json():
    import_paths([PARTNERS / "chinese"])
    article = Article.objects.filter(body__regex=r"[\u4e00-\u9fff]").first()
    assert article is not None
    version = Version.objects.get_for_object(article).get()
    # Parsed: PostgreSQL's jsonb gives a JSON field's keys back in its own order, while the
    # revision was written from the story as inserted.
    assert json.loads(version.serialized_data) == json.loads(_django(article))


def test_empty_and_unusual_values_serialise_alike():
    article = Article(
        pk=10**6,
        headline="Ünïcode “quotes” \\ and \u2028 a line separator",
        body="",
        publish_at=None,
        imported_values={"nested": [1, 2.5, None, "é"]},
    )
    assert _serialized(article, _get_options(Article)) == _django(article)
