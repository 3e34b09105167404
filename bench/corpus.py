"""Generate a benchmark corpus: N articles, M companies, K tags, with realistic lengths, company
mentions, reprint rules at every permission level and a mix of workflow states.

    python bench/corpus.py --articles 100000 --companies 5000 --tags 500 \
        --database-url postgres://postgres@127.0.0.1:5432/newsroom_perf_bench

The database is migrated first (which also loads the shipped sources, rules and registry).
On PostgreSQL rows go in with COPY (``bench/corpus_copy.py``: articles, mentions, tags and
the search documents, computed as the index would), so a million articles take minutes; on
SQLite (or with --store orm) with bulk_create in batches, and the search index is rebuilt
after. The run is deterministic for a given --seed, whichever store wrote it. --reset
empties articles, mentions, tags and generated companies first.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    company_names,
    database_arg,
    headline,
    pooled_paragraphs,
    sentence_pool,
    setup_django,
)

BATCH = 1000
STATUS_MIX = [  # (status, share)
    ("published", 0.72),
    ("scheduled", 0.05),
    ("draft", 0.09),
    ("in_review", 0.05),
    ("unpublished", 0.05),
    ("killed", 0.04),
]
PERMISSION_MIX = [
    ("open_license", 0.25),
    ("attribution_required", 0.45),
    ("permission_required", 0.20),
    ("prohibited", 0.10),
]
BENCH_SOURCES = 12
GENERATED_PREFIX = "bench-"  # slugs of generated companies, sources and articles


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--companies", type=int, default=500, help="registry size to reach")
    parser.add_argument("--tags", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reset", action="store_true", help="empty generated data first")
    parser.add_argument(
        "--store",
        choices=["auto", "orm", "copy"],
        default="auto",
        help="how rows go in: COPY (PostgreSQL only) or bulk_create; auto: COPY on PostgreSQL",
    )
    parser.add_argument("--jobs", type=int, default=2, help="COPY: processes making batches")
    database_arg(parser, "corpus.sqlite3")
    args = parser.parse_args(argv)
    setup_django(args.database_url)
    started = time.perf_counter()
    counts = build_corpus(
        articles=args.articles,
        companies=args.companies,
        tags=args.tags,
        seed=args.seed,
        reset=args.reset,
        store=args.store,
        jobs=args.jobs,
        progress=True,
    )
    elapsed = time.perf_counter() - started
    print(
        f"corpus ready in {elapsed:.1f}s: "
        + ", ".join(f"{n} {what}" for what, n in counts.items())
        + f" ({args.database_url})"
    )


def build_corpus(
    *,
    articles: int,
    companies: int,
    tags: int,
    seed: int = 7,
    reset: bool = False,
    store: str = "auto",
    jobs: int = 2,
    now=None,
    progress: bool = False,
) -> dict:
    """Add ``articles`` stories (with the registry, tags and rules they need) and index them.
    ``now``: the moment publish times are drawn around (default: the clock's)."""
    from django.core.management import call_command
    from django.db import connection

    if store == "auto":
        store = "copy" if connection.vendor == "postgresql" else "orm"

    call_command("migrate", "--noinput", verbosity=0)
    if reset:
        reset_corpus()
    rng = random.Random(seed)
    company_rows = ensure_companies(companies, rng)
    tag_ids = ensure_tags(tags)
    rules = ensure_rules()
    if store == "copy":
        from corpus_copy import copy_articles

        created = copy_articles(
            articles, seed, company_rows, tag_ids, rules, now=now, jobs=jobs, progress=progress
        )
    else:
        created = create_articles(
            articles, seed, company_rows, tag_ids, rules, now=now, progress=progress
        )
        # bulk_create sends no signals: fill the search index the way a deployment would.
        from django.core.management import get_commands

        if "rebuild_search_index" in get_commands():
            call_command("rebuild_search_index", verbosity=0)
    with connection.cursor() as cursor:
        # Fresh statistics, as a live database would have; on PostgreSQL also the visibility
        # map autovacuum would have set, without which no index-only scan skips the heap.
        cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")
    from articles.models import Article
    from companies.models import Company, Mention

    return {
        "articles": Article.objects.count(),
        "created": created,
        "companies": Company.objects.count(),
        "mentions": Mention.objects.count(),
        "tags": len(tag_ids),
    }


def reset_corpus() -> None:
    from taggit.models import Tag, TaggedItem

    from articles.models import Article
    from companies.models import Company, CompanyAlias, Mention
    from search.models import SearchDocument

    for qs in (
        SearchDocument.objects.all(),
        Mention.objects.all(),
        TaggedItem.objects.all(),
        Tag.objects.all(),
        Article.objects.all(),
        CompanyAlias.objects.filter(company__slug__startswith=GENERATED_PREFIX),
        Company.objects.filter(slug__startswith=GENERATED_PREFIX),
    ):
        qs._raw_delete(qs.db)


def ensure_companies(target: int, rng: random.Random) -> list[tuple[int, str]]:
    """Top the registry up to ``target`` companies (a fifth get an alias); return (id, name)."""
    from django.utils.text import slugify

    from companies.models import Company, CompanyAlias

    have = Company.objects.count()
    if have < target:
        taken = set(Company.objects.values_list("name", flat=True))
        taken |= set(CompanyAlias.objects.values_list("name", flat=True))
        names = [n for n in company_names(target * 2, rng) if n not in taken][: target - have]
        rows = [
            Company(
                name=name,
                slug=f"{GENERATED_PREFIX}{slugify(name)}"[:120],
                kind=rng.choice(["startup", "big_tech", "investor", "research_lab", "other"]),
                website=f"https://{slugify(name)}.example/",
                hq_country=rng.choice(["CN", "US", "GB", "DE", "JP", "KR", "SG"]),
            )
            for name in names
        ]
        Company.objects.bulk_create(rows, batch_size=BATCH)
        created = Company.objects.filter(slug__startswith=GENERATED_PREFIX).values_list(
            "id", "name"
        )
        aliases = [
            CompanyAlias(company_id=pk, name=f"{name} Group", kind="alias")
            for pk, name in created
            if rng.random() < 0.2
        ]
        CompanyAlias.objects.bulk_create(aliases, batch_size=BATCH, ignore_conflicts=True)
    return list(Company.objects.values_list("id", "name"))


def ensure_tags(target: int) -> list[int]:
    from taggit.models import Tag

    have = Tag.objects.count()
    if have < target:
        existing = set(Tag.objects.values_list("slug", flat=True))
        rows = [
            Tag(name=f"Topic {n}", slug=f"topic-{n}")
            for n in range(target * 2)
            if f"topic-{n}" not in existing
        ][: target - have]
        Tag.objects.bulk_create(rows, batch_size=BATCH)
    return list(Tag.objects.values_list("id", flat=True)[:target])


def ensure_rules() -> dict[str, list]:
    """Bench partners, one reprint rule per permission level each, plus the shipped rules."""
    from articles.models import ReprintRule, Source

    for n in range(BENCH_SOURCES):
        source, _ = Source.objects.get_or_create(
            domain=f"partner{n}.bench.example",
            defaults={
                "name": f"Bench Partner {n}",
                "slug": f"{GENERATED_PREFIX}partner-{n}",
                "homepage": f"https://partner{n}.bench.example/",
            },
        )
        level = PERMISSION_MIX[n % len(PERMISSION_MIX)][0]
        ReprintRule.objects.get_or_create(
            name=f"Bench Partner {n}: {level}",
            defaults={
                "key": f"bench-partner-{n}",
                "source": source,
                "permission": level,
                "priority": 50,
                "notice_patterns": (
                    rf"Bench notice from partner{n}\.bench\.example, author (?P<author>[^,]+), "
                    r"(?P<url>https?://\S+)"
                ),
                "attribution_template": (
                    "Originally published by {source}: {url}. Author: {author}."
                ),
            },
        )
    by_level: dict[str, list] = {level: [] for level, _ in PERMISSION_MIX}
    for rule in ReprintRule.objects.select_related("source"):
        by_level[rule.permission].append(rule)
    return by_level


def _pick(rng: random.Random, mix: list[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in mix], weights=[w for _, w in mix])[0]


def batch_rng(seed: int, first: int) -> random.Random:
    """The random source of the batch starting at article ``first``: batches are independent,
    so they can be made in any order or in parallel and still give the same corpus."""
    return random.Random(seed * 1_000_003 + first)


def plan_batch(first, size, rng, company_rows, tag_ids, rules, now, pool):
    """Unsaved articles ``first``..``first + size - 1`` and, per article, its company
    mentions (id, position in the body) and tag ids. Both stores draw from ``rng`` (the
    batch's own, ``batch_rng``) in the same order, so a seed gives the same corpus whichever
    wrote it."""
    from django.utils.text import slugify

    from articles.models import Article

    # A handful of companies are in the news far more often than the long tail.
    popular = company_rows[:50]
    batch, plans = [], []
    for i in range(first, first + size):
        mentioned = rng.sample(popular, k=rng.randint(0, 2)) + rng.sample(
            company_rows, k=rng.randint(0, 4)
        )
        mentioned = list({pk: (pk, name) for pk, name in mentioned}.values())
        paras = pooled_paragraphs(rng, pool, [name for _, name in mentioned])
        title = headline(rng, mentioned[0][1] if mentioned else None)
        status = _pick(rng, STATUS_MIX)
        publish_at = now - timedelta(minutes=rng.randint(1, 5 * 365 * 24 * 60))
        if status == "scheduled" and rng.random() < 0.5:
            publish_at = now + timedelta(hours=rng.randint(1, 240))
        if status in ("draft", "in_review"):
            publish_at = None
        partner = rng.random() < 0.6
        rule = None
        fields = {}
        if partner:
            level = _pick(rng, PERMISSION_MIX)
            rule = rng.choice(rules[level])
            url = f"https://{rule.source.domain if rule.source_id else 'cc.example'}/{i}.html"
            notice = f"Bench notice, author Writer {i % 97}, {url}"
            fields = {
                "origin": "partner",
                "rule": rule,
                "source": rule.source if rule.source_id else None,
                "original_url": url,
                "original_author": f"Writer {i % 97}",
                "copyright_notice": notice,
                "copyright_holder": rule.source.name if rule.source_id else "CC Partner",
                "raw_text": "\n\n".join([title, *paras, notice]),
                "import_name": f"{GENERATED_PREFIX}{i:07d}.txt",
            }
            if level in ("permission_required", "prohibited") and rng.random() < 0.8:
                status, publish_at = "draft", None
                fields["hold_reason"] = f"Held: rule “{rule.name}” does not allow it."
        body = "\n".join(f"<p>{p}</p>" for p in paras)
        batch.append(
            Article(
                headline=title[:300],
                slug=f"{slugify(title)[:90]}-{i}",
                dek=paras[0].split(". ")[0][:280] + ".",
                body=body,
                status=status,
                publish_at=publish_at,
                content_hash=hashlib.sha256(f"bench-{i}".encode()).hexdigest(),
                **fields,
            )
        )
        plans.append(
            (
                [(pk, body.find(name)) for pk, name in mentioned],
                rng.sample(tag_ids, k=min(len(tag_ids), rng.randint(1, 5))),
            )
        )
    return batch, plans


def related_rows(articles, plans, rng, ct):
    """The mentions and tagged items of saved ``articles`` (drawing each mention's count)."""
    from taggit.models import TaggedItem

    from companies.models import Mention

    mentions, tagged = [], []
    for article, (found, tags) in zip(articles, plans, strict=True):
        for company_id, position in found:
            mentions.append(
                Mention(
                    article_id=article.pk,
                    company_id=company_id,
                    count=rng.randint(1, 4),
                    first_position=max(position, 0),
                )
            )
        tagged.extend(
            TaggedItem(content_type=ct, object_id=article.pk, tag_id=tag_id) for tag_id in tags
        )
    return mentions, tagged


def create_articles(count, seed, company_rows, tag_ids, rules, *, now=None, progress=False) -> int:
    """The ORM store: bulk_create per batch (any database); the search index is rebuilt after."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from taggit.models import TaggedItem

    from articles.models import Article
    from companies.models import Mention

    ct = ContentType.objects.get_for_model(Article)
    now = now or timezone.now()
    start = Article.objects.count()
    pool = sentence_pool(seed)
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        rng = batch_rng(seed, start + done)
        batch, plans = plan_batch(start + done, size, rng, company_rows, tag_ids, rules, now, pool)
        with transaction.atomic():
            created = Article.objects.bulk_create(batch, batch_size=BATCH)
            mentions, tagged = related_rows(created, plans, rng, ct)
            Mention.objects.bulk_create(mentions, batch_size=BATCH)
            TaggedItem.objects.bulk_create(tagged, batch_size=BATCH)
        done += size
        if progress:
            print(f"\r  {done}/{count} articles", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return done


if __name__ == "__main__":
    main()
