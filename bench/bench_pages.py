"""Page rendering: p50, p95 and queries per page for each kind of public page, uncached.

    python bench/bench_pages.py --articles 1000
    python bench/bench_pages.py --articles 100000 --database-url postgres://postgres@127.0.0.1:5432/newsroom_perf_bench
    python bench/bench_pages.py --articles 1000000 --requests 200 --database-url postgres://postgres@127.0.0.1:5432/newsroom_million

Runs in-process through Django's test Client (full middleware, templates, ORM) with the cache
backend replaced by DummyCache, so every request renders from the database. The corpus is
generated first if the database holds fewer articles than --articles. URL kinds that do not
resolve on this tree (search and feeds come with the public-site work) are reported as
"not available" rather than failing.

Targets (issue 7): queries per page do not grow with the corpus; the uncached article page
renders in under 15 ms at p50 with 100,000 articles.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    corpus_report,
    database_arg,
    ensure_corpus,
    median,
    percentile,
    print_machine,
    sample_slugs,
    setup_django,
)

# Where each kind of page may live; the first that resolves (and answers 200) is measured.
SEARCH_PATHS = ["/search/?q=model", "/search?q=model", "/articles/search/?q=model"]
FEED_PATHS = ["/feed/", "/feeds/latest/", "/feed.xml", "/rss/", "/articles/feed/", "/feeds/"]
ARTICLE_TARGET_P50_MS = 15.0
SITEMAP_REQUESTS = 20


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="corpus size to ensure")
    parser.add_argument("--companies", type=int, default=5000)
    parser.add_argument("--tags", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per kind")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    database_arg(parser, "pages.sqlite3")
    args = parser.parse_args(argv)
    setup_django(args.database_url)
    print_machine()
    report = run(args)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


def run(args) -> dict:

    ensure_corpus(args)
    from django.test.utils import override_settings

    results = {}
    # "Uncached": every cache call is a miss, so each request renders from the database.
    # The process-local page tier is switched off too; the content state is still kept
    # for a second per process, as in production.
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
        PUBLIC_CACHE_LOCAL_PAGES=0,
    ):
        for kind, urls in url_kinds().items():
            if not urls:
                results[kind] = {"available": False}
                continue
            # The sitemap index counts every published story: seconds at a million.
            requests = min(args.requests, SITEMAP_REQUESTS) if kind == "sitemap" else args.requests
            results[kind] = measure(urls, requests)
    return corpus_report(args, results)


def url_kinds() -> dict[str, list[str]]:
    """A spread of real URLs for each kind of page, from the published corpus."""
    slugs, tags, companies = sample_slugs()
    return {
        "home": ["/", "/?page=2", "/?page=5"],
        "article": [f"/articles/{slug}/" for slug in slugs],
        "tag": [f"/tags/{slug}/" for slug in tags],
        "company": [f"/companies/{slug}/" for slug in companies],
        "search": first_available(SEARCH_PATHS),
        "feed": first_available(FEED_PATHS),
        "sitemap": first_available(["/sitemap.xml"]),
    }


def first_available(paths: list[str]) -> list[str]:
    from django.test import Client
    from django.urls import Resolver404, resolve

    client = Client()
    for path in paths:
        try:
            resolve(path.split("?")[0])
        except Resolver404:
            continue
        if client.get(path).status_code == 200:
            return [path]
    return []


def measure(urls: list[str], requests: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    statuses = set()
    for url in urls[:20]:  # warm up templates, URL resolver and connection
        statuses.add(client.get(url).status_code)
    queries = []
    for url in urls[:20]:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries.append(len(ctx.captured_queries))
    timings, cpu = [], []
    for n in range(requests):
        url = urls[n % len(urls)]
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        statuses.add(response.status_code)
    return {
        "available": True,
        "urls": len(urls),
        "p50_ms": round(median(timings), 2),
        "p95_ms": round(percentile(timings, 95), 2),
        # This process's CPU only (not the database server's): steadier than wall time when
        # other work shares the cores.
        "cpu_p50_ms": round(median(cpu), 2),
        "queries_min": min(queries),
        "queries_max": max(queries),
        "statuses": sorted(statuses),
    }


def print_report(report: dict) -> None:
    print(
        f"\n{report['database']}, {report['articles']} articles ({report['published']} "
        f"published), {report['requests_per_kind']} uncached requests per kind"
    )
    print(f"{'page':<10} {'p50 ms':>8} {'p95 ms':>8} {'CPU p50':>8} {'queries':>9}  status")
    # (sitemap: the sitemap index, /sitemap.xml)
    for kind, r in report["kinds"].items():
        if not r["available"]:
            print(f"{kind:<10} {'not available on this tree':>28}")
            continue
        q = f"{r['queries_min']}" + (
            f"-{r['queries_max']}" if r["queries_max"] != r["queries_min"] else ""
        )
        print(
            f"{kind:<10} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} {r.get('cpu_p50_ms', 0):>8.2f} "
            f"{q:>9}  {r['statuses']}"
        )
    article = report["kinds"].get("article", {})
    if article.get("available"):
        verdict = "meets" if article["p50_ms"] < ARTICLE_TARGET_P50_MS else "MISSES"
        print(
            f"article p50 {article['p50_ms']:.2f} ms {verdict} the "
            f"{ARTICLE_TARGET_P50_MS:.0f} ms target"
        )


if __name__ == "__main__":
    main()
