"""The seed articles as a deterministic JSON fixture, for ``loaddata`` where the import is skipped.

``make fixtures`` writes it; a test rebuilds it from a fresh import and compares, so the
committed fixture can never drift from what the importer produces.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.db import transaction
from taggit.models import TaggedItem

from articles.ingest.importing import import_paths
from articles.models import Article
from companies.models import Mention

FIXTURE_PATH = Path(settings.BASE_DIR) / "articles" / "fixtures" / "seed_articles.json"
# Timestamps differ on every import; the fixture pins them so it is reproducible.
PINNED_TIME = "2026-01-01T00:00:00Z"
TIME_FIELDS = ("created_at", "updated_at", "publish_at")


class _Rollback(Exception):
    pass


def build_seed_fixture(seed_dir: Path | None = None) -> list[dict]:
    """Import the seeds inside a transaction that is rolled back, and serialise the result."""
    seed_dir = seed_dir or Path(settings.BASE_DIR) / "seeds"
    data: list[dict] = []
    try:
        with transaction.atomic():
            Article.objects.all().delete()
            import_paths([seed_dir])
            data = _serialise()
            raise _Rollback
    except _Rollback:
        pass
    return data


def _serialise() -> list[dict]:
    articles = list(Article.objects.order_by("import_name"))
    article_ids = {a.pk: n for n, a in enumerate(articles, start=1)}
    tagged = list(
        TaggedItem.objects.filter(object_id__in=article_ids).select_related("tag", "content_type")
    )
    tags = sorted({item.tag for item in tagged}, key=lambda tag: tag.name)
    tag_ids = {t.pk: n for n, t in enumerate(tags, start=1)}
    mentions = list(
        Mention.objects.filter(article_id__in=article_ids).order_by("article_id", "first_position")
    )

    def dump(objects):
        return serializers.serialize(
            "python", objects, use_natural_foreign_keys=True, use_natural_primary_keys=False
        )

    out: list[dict] = []
    for record in dump(tags):
        record["pk"] = tag_ids[record["pk"]]
        out.append(record)
    for record in dump(articles):
        record["pk"] = article_ids[record["pk"]]
        for name in TIME_FIELDS:
            if record["fields"].get(name):
                record["fields"][name] = PINNED_TIME
        out.append(record)
    tagged.sort(key=lambda item: (article_ids[item.object_id], item.tag.name))
    for n, record in enumerate(dump(tagged), start=1):
        record["pk"] = n
        record["fields"]["object_id"] = article_ids[record["fields"]["object_id"]]
        tag = record["fields"]["tag"]
        if not isinstance(tag, list):  # taggit's Tag has a natural key (its name) in most versions
            record["fields"]["tag"] = tag_ids[tag]
        out.append(record)
    for n, record in enumerate(dump(mentions), start=1):
        record["pk"] = n
        record["fields"]["article"] = article_ids[record["fields"]["article"]]
        out.append(record)
    return json.loads(json.dumps(out, default=str))


def write_seed_fixture(path: Path = FIXTURE_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(build_seed_fixture(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return path
