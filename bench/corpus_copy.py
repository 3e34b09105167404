"""The PostgreSQL store of ``bench/corpus.py``: COPY instead of INSERTs.

Articles, company mentions, tagged items and the search documents go in through psycopg's
COPY, a batch at a time. Every value is what the ORM would write (each model field's
``pre_save`` and ``get_db_prep_save``), and each document is what ``search.indexing`` would
write for the story (``document_values``, under one rights snapshot), so the corpus is the
one ``--store orm`` plus ``rebuild_search_index`` makes for the same seed
(``tests/test_bench_corpus.py`` compares the two). For a large load the secondary indexes of
those tables are dropped first and built again at the end, which is several times faster
than keeping them up to date row by row.
"""

from __future__ import annotations

import multiprocessing
import os
import sys

from _common import sentence_pool
from corpus import BATCH, batch_rng, plan_batch, related_rows

BULK_TABLES = [
    "articles_article",
    "companies_mention",
    "taggit_taggeditem",
    "search_searchdocument",
]
REBUILD_INDEXES_FROM = int(
    os.environ.get("CORPUS_REBUILD_INDEXES_FROM", 50_000)
)  # articles; below, keeping the indexes is quicker
# Fields whose value goes to the database as the attribute holds it (get_db_prep_save is the
# identity for these Python values); every other field goes through the model field.
PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "SlugField",
    "TextField",
}

_job: dict = {}  # what every batch needs, set before the worker processes fork


def copy_articles(
    count, seed, company_rows, tag_ids, rules, *, now=None, jobs=2, progress=False
) -> int:
    """Add ``count`` stories with COPY, ``jobs`` processes making batches; returns how many."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, connections, transaction
    from django.db.models import Max
    from django.utils import timezone
    from taggit.models import Tag

    from articles.models import Article
    from search.indexing import schedule_refresh

    if connection.vendor != "postgresql":
        raise SystemExit("--store copy needs PostgreSQL")
    start = Article.objects.count()
    _job.clear()  # nothing from an earlier call (its rights snapshot) is reused
    _job.update(
        seed=seed,
        company_rows=company_rows,
        tag_ids=tag_ids,
        rules=rules,
        ct=ContentType.objects.get_for_model(Article),
        tag_names=dict(Tag.objects.filter(pk__in=tag_ids).values_list("pk", "name")),
        now=now or timezone.now(),  # every document decided at this one moment
        # Article ``first + k`` gets id ``id_base + k``: batches need not wait for each other.
        id_base=(Article.objects.aggregate(n=Max("pk"))["n"] or 0) + 1 - start,
    )
    sentence_pool(seed)  # drawn once, before the workers fork
    dropped = _drop_indexes() if count >= REBUILD_INDEXES_FROM else []
    batches = [
        (first, min(BATCH, start + count - first)) for first in range(start, start + count, BATCH)
    ]
    moments: set = set()
    done = 0
    try:
        if jobs > 1:
            connections.close_all()  # each process opens its own connection
            with multiprocessing.get_context("fork").Pool(jobs) as workers:
                for size, stale in workers.imap_unordered(_copy_batch, batches):
                    done += size
                    moments |= stale
                    _progress(progress, done, count)
        else:
            for batch in batches:
                size, stale = _copy_batch(batch)
                done += size
                moments |= stale
                _progress(progress, done, count)
    finally:
        if progress and dropped:
            print(f"\n  building {len(dropped)} indexes again", end="", file=sys.stderr)
        _restore_indexes(dropped)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('articles_article', 'id'), "
            "(SELECT MAX(id) FROM articles_article))"
        )
    with transaction.atomic():  # the deferred re-index of documents with a next moment
        for moment in sorted(moments):
            schedule_refresh(moment)
    if progress:
        print(file=sys.stderr)
    return done


def _progress(progress: bool, done: int, count: int) -> None:
    if progress:
        print(f"\r  {done}/{count} articles", end="", file=sys.stderr, flush=True)


def _copy_batch(batch: tuple[int, int]) -> tuple[int, set]:
    """Make the batch of articles starting at ``first`` and COPY it with its mentions, tags
    and search documents in one transaction; returns its size and its documents' moments."""
    from django.db import connection, transaction

    from search.indexing import _Batch, document_values

    first, size = batch
    job = _job
    if "index" not in job:  # per process: one rights snapshot for all its documents
        job["index"] = _Batch(job["now"])
    rng = batch_rng(job["seed"], first)
    articles, plans = plan_batch(
        first,
        size,
        rng,
        job["company_rows"],
        job["tag_ids"],
        job["rules"],
        job["now"],
        sentence_pool(job["seed"]),
    )
    for k, article in enumerate(articles):
        article.pk = job["id_base"] + first + k
        article._prefetched_objects_cache = {"bylines": []}  # the corpus has no bylines
    mentions, tagged = related_rows(articles, plans, rng, job["ct"])
    documents, moments = [], set()
    for article, (_, tags) in zip(articles, plans, strict=True):
        keywords = " ".join(sorted(job["tag_names"][t] for t in tags))
        values, _ = document_values(article, job["index"], keywords=keywords)
        if values is not None:
            documents.append(_document(article.pk, values))
            if values["stale_at"] is not None:
                moments.add(values["stale_at"])
    with transaction.atomic(), connection.cursor() as cursor:
        _copy(cursor, articles, with_pk=True)
        _copy(cursor, mentions, with_pk=False)
        _copy(cursor, tagged, with_pk=False)
        _copy(cursor, documents, with_pk=True)
    return size, moments


def _document(article_id, values):
    from search.models import SearchDocument

    return SearchDocument(article_id=article_id, **values)


def _copy(cursor, objs, *, with_pk: bool) -> None:
    """COPY ``objs`` (instances of one model) into its table, as bulk_create would insert them."""
    if not objs:
        return
    from django.db import connection

    meta = objs[0]._meta
    fields = [f for f in meta.concrete_fields if with_pk or not (f.primary_key and f.auto_created)]
    plain = [
        f.get_internal_type() in PLAIN_TYPES and not getattr(f, "auto_now_add", False)
        for f in fields
    ]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
    with cursor.cursor.copy(sql) as copy:
        for obj in objs:
            copy.write_row(
                [
                    getattr(obj, f.attname)
                    if is_plain
                    else f.get_db_prep_save(f.pre_save(obj, True), connection)
                    for f, is_plain in zip(fields, plain, strict=True)
                ]
            )


def _drop_indexes() -> list[tuple[str, str]]:
    """Drop the secondary indexes of the bulk tables (not those behind a primary key or a
    unique constraint, which COPY must still check); returns (name, definition) of each."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.indexname, i.indexdef FROM pg_indexes i
               WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
               AND i.indexname NOT IN (SELECT conname FROM pg_constraint)""",
            [BULK_TABLES],
        )
        dropped = cursor.fetchall()
        for name, _ in dropped:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return dropped


def _restore_indexes(dropped: list[tuple[str, str]]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if dropped:
            cursor.execute("SET maintenance_work_mem = '512MB'")
        for _, definition in dropped:
            cursor.execute(definition)
