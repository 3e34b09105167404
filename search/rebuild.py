"""Rebuilding the whole search index while readers keep searching it.

The index is rebuilt a chunk of stories at a time, in order of id, each chunk in its own
transaction: its stories' documents are decided (under one rights snapshot, read for the
chunk), the ones that differ from what is stored are deleted and inserted again in one
statement each, and the chunk commits. A reader therefore sees, for every story, either its
old document or its new one, never none (no half-empty index), and nothing the rebuild holds
back for long (a transaction per chunk, not one for the archive). Every document a reader can
find, old or new, stays guarded at query time as always: ``published()`` has the last word on
each hit, and a hit whose rights facts changed since it was indexed is checked again against
``decide()`` (``search.query``).

A story written while the rebuild runs is indexed by its own save, as usual; the rebuild
never replaces a document indexed after its chunk began (it may have read the story before
that write).

``maintenance=True`` (PostgreSQL; ``rebuild_search_index --maintenance``) drops the GIN index
first and builds it once at the end, several times quicker for a rewrite of most documents.
Search keeps answering meanwhile, correctly but slowly (each query walks the documents
newest first, testing every stored vector): for a maintenance window, or a new database.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article, ArticleAuthor
from articles.rights import engine

from .indexing import _Batch, _original_author, document_values, schedule_refresh
from .models import SearchDocument

REBUILD_CHUNK = 2000
GIN_INDEX = "search_searchdocument_vector_gin"
# What deciding and indexing a story reads of it (``engine.decide``, ``excerpts``,
# ``attribution``, ``moments``): never its import log, credits of upstream agencies and the
# other editorial columns.
SKIPPED_COLUMNS = (
    "slug",
    "headline_is_provisional",
    "hold_reason",
    "content_hash",
    "import_name",
    "upstream_credits",
    "import_facts",
    "lead_image",
    "created_by",
    "version",
    "created_at",
    "updated_at",
)
DOCUMENT_COLUMNS = ("headline", "dek", "keywords", "body", "stale_at", "rights_key")


def rebuild_index(
    *,
    force: bool = False,
    maintenance: bool = False,
    chunk_size: int = REBUILD_CHUNK,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Index every article again, a chunk at a time (see the module's docstring); returns the
    number indexed. Documents already as they would be written are left alone unless
    ``force`` (rewrite every one: a changed text-search configuration). ``progress(stories,
    written)`` is told after each chunk."""
    count = stories = written = 0
    after = None
    scheduled: set = set()
    with _gin_dropped() if maintenance else _nothing():
        while True:
            with transaction.atomic():
                # The moment first, then the stories: a document indexed after it may come
                # from a write the read below does not see, so it is kept.
                batch = _Batch(timezone.now())
                chunk = _chunk(after, chunk_size)
                if not chunk:
                    break
                found, changed = _rebuild_chunk(chunk, batch, force=force, scheduled=scheduled)
            count, stories, written = count + found, stories + len(chunk), written + changed
            if progress is not None:
                progress(stories, written)
            if len(chunk) < chunk_size:
                break
            after = chunk[-1].pk
    return count


def _chunk(after: int | None, size: int) -> list[Article]:
    articles = Article.objects.defer(*SKIPPED_COLUMNS).select_related("source", "rule")
    if after is not None:
        articles = articles.filter(pk__gt=after)
    return list(articles.order_by("pk")[:size])


def _keywords_and_names(pks: list[int]) -> tuple[dict[int, str], dict[int, list[str]]]:
    """Each story's tag names as indexed, and its byline's names, in one query each (not a
    prefetch, which builds a queryset per story)."""
    tags = defaultdict(list)
    tagged = Article.tags.through.objects.filter(
        content_type=ContentType.objects.get_for_model(Article), object_id__in=pks
    )
    for pk, name in tagged.values_list("object_id", "tag__name"):
        tags[pk].append(name)
    names = defaultdict(list)
    bylines = ArticleAuthor.objects.filter(article_id__in=pks).order_by("order", "id")
    for pk, name in bylines.values_list("article_id", "author__name"):
        names[pk].append(name)
    return {pk: " ".join(sorted(found)) for pk, found in tags.items()}, names


def _rebuild_chunk(
    articles: list[Article], batch: _Batch, *, force: bool, scheduled: set
) -> tuple[int, int]:
    """Replace the documents of ``articles`` that differ from what they should be (every
    one if ``force``); returns (how many are indexed, how many documents were written)."""
    pks = [article.pk for article in articles]
    keywords, names = _keywords_and_names(pks)
    wanted, found = {}, 0
    # One read of the rules' versions for the stories decided at a later moment (scheduled).
    with engine.rule_versions_cached(engine.RuleVersions()):
        for article in articles:
            values, indexed = document_values(
                article,
                batch,
                keywords=keywords.get(article.pk, ""),
                names=names.get(article.pk) or _original_author(article),
            )
            found += indexed
            if values is not None:
                wanted[article.pk] = values
    if force:
        removed, new = pks, list(wanted)
    else:
        stored = _stored(pks)
        removed = [pk for pk in stored if stored[pk] != wanted.get(pk)]
        new = [pk for pk in wanted if stored.get(pk) != wanted[pk]]
    # Only documents indexed before this chunk began: a newer one was written by a save
    # that the stories read here may predate, and is kept.
    SearchDocument.objects.filter(article_id__in=removed, indexed_at__lt=batch.now).delete()
    SearchDocument.objects.bulk_create(
        [SearchDocument(article_id=pk, **wanted[pk]) for pk in new], ignore_conflicts=True
    )
    for values in wanted.values():
        moment = values["stale_at"]
        if moment is not None and moment not in scheduled:
            scheduled.add(moment)
            schedule_refresh(moment)
    return found, len(new)


def _stored(pks: list[int]) -> dict[int, dict]:
    """The stored documents of the stories ``pks``, as ``document_values`` gives them."""
    rows = SearchDocument.objects.filter(article_id__in=pks).values_list(
        "article_id", *DOCUMENT_COLUMNS
    )
    return {row[0]: dict(zip(DOCUMENT_COLUMNS, row[1:], strict=True)) for row in rows}


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def _gin_dropped() -> Iterator[None]:
    """PostgreSQL: without the GIN index for the block, then built again (also if the block
    fails); nothing on SQLite, whose FTS5 index is kept by triggers."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.in_atomic_block:  # a caller's transaction (a test): its deferred
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checks run first
            cursor.execute("SET maintenance_work_mem = '512MB'")  # the default 64 MB: slower
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} "
                "ON search_searchdocument USING gin (vector)"
            )
            cursor.execute("RESET maintenance_work_mem")
            if connection.in_atomic_block:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
