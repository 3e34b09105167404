"""The admin article change list on a large corpus: p50/p95, queries, and full COUNT(*)s.

    python bench/bench_admin.py --articles 100000

Measures the change list as the tree ships it ("as shipped"), then with
newsroom.admin_paginator.LargeTableAdminMixin's settings applied to the registered
ModelAdmin in-process ("capped count"), then also without date_hierarchy and without the body
in search_fields ("recommended"), so the difference each change makes is in one run.

Target (issue 7): under 200 ms with 100,000 articles, and no full count of a large table;
issue 17: the same, text search included, at 1,000,000 on PostgreSQL (``--shipped-only``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import database_arg, median, percentile, print_machine, setup_django

TARGET_MS = 200.0
PAGES = [
    "/admin/articles/article/",
    "/admin/articles/article/?p=3",
    "/admin/articles/article/?status__exact=published",
    "/admin/articles/article/?q=cloud",  # a common word: a sixth of the headlines and standfirsts
    "/admin/articles/article/?q=novaforge",  # part of company names: rarer
    "/admin/articles/article/?q=bench-012345",  # ten file names: a handful of stories
    "/admin/articles/article/?q=zzzyqx",  # nothing
]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--companies", type=int, default=5000)
    parser.add_argument("--tags", type=int, default=500)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per URL")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--shipped-only", action="store_true", help="only the change list as the tree ships it"
    )
    database_arg(parser, "pages.sqlite3")
    args = parser.parse_args(argv)
    setup_django(args.database_url)
    print_machine()

    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from articles.models import Article
    from newsroom.admin_paginator import CappedCountPaginator

    if Article.objects.count() < args.articles:
        from corpus import build_corpus

        build_corpus(
            articles=args.articles - Article.objects.count(),
            companies=args.companies,
            tags=args.tags,
            progress=True,
        )
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    model_admin = admin.site._registry[Article]
    report = {"database": connection.vendor, "articles": Article.objects.count(), "runs": {}}
    report["runs"]["as shipped"] = measure(client, args.requests)
    if args.shipped_only:
        print_report(report)
        if args.json:
            args.json.write_text(json.dumps(report, indent=2))
        return
    model_admin.paginator = CappedCountPaginator
    model_admin.show_full_result_count = False
    report["runs"]["capped count"] = measure(client, args.requests)
    # What bench/README.md recommends for the article admin at this scale: no date
    # hierarchy (a full-table DISTINCT per page; a date list filter does the same job without
    # it) and no LIKE over the body (search the body with the site search instead).
    model_admin.date_hierarchy = None
    model_admin.search_fields = [f for f in model_admin.search_fields if f != "body"]
    model_admin.list_filter = [
        ("publish_at", admin.DateFieldListFilter) if f == "publish_at" else f
        for f in [*model_admin.list_filter, "publish_at"]
    ]
    report["runs"]["recommended"] = measure(client, args.requests)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


def measure(client, requests: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out = {}
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        sql = [q["sql"] for q in ctx.captured_queries]
        slow = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:2]
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        out[url] = {
            "p50_ms": round(median(timings), 1),
            "p95_ms": round(percentile(timings, 95), 1),
            "queries": len(sql),
            "full_counts": sum(
                1 for q in sql if "COUNT(" in q.upper() and not re.search(r"LIMIT \d+", q)
            ),
            "slowest_queries": [
                {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:160]} for q in slow
            ],
        }
    return out


def print_report(report: dict) -> None:
    print(f"\n{report['database']}, {report['articles']} articles: admin article change list")
    for run, pages in report["runs"].items():
        print(f"  {run}:")
        for url, r in pages.items():
            verdict = "ok" if r["p50_ms"] < TARGET_MS and not r["full_counts"] else "MISS"
            print(
                f"    {url:<52} p50 {r['p50_ms']:>7.1f} ms  p95 {r['p95_ms']:>7.1f} ms  "
                f"{r['queries']:>2} queries  {r['full_counts']} full COUNT  {verdict}"
            )
            for q in r["slowest_queries"]:
                print(f"        {q['ms']:>6.1f} ms  {q['sql']}")


if __name__ == "__main__":
    main()
