"""The content API, uncached: list and detail p50/p95 and queries per request, next to the
HTML story page, at any corpus size.

    python bench/bench_api.py --articles 1000
    python bench/bench_api.py --articles 100000
    python bench/bench_api.py --articles 100000 --database-url postgres://postgres@127.0.0.1:5432/newsroom_api_bench

In-process through Django's test Client (the whole middleware stack: CORS, the API gateway
with its rate limit, the rights snapshot), with the cache replaced by DummyCache so every
request renders from the database, as bench_pages.py does for the HTML pages. The corpus
(bench/corpus.py) is generated first if the database holds fewer articles than --articles.

Targets (issue 16): detail p50 no slower than the HTML story page; list p50 <= 25 ms at
100,000 articles on SQLite; queries per request flat as the corpus grows.
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

LIST_TARGET_P50_MS = 25.0


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="corpus size to ensure")
    parser.add_argument("--companies", type=int, default=5000)
    parser.add_argument("--tags", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per kind")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    database_arg(parser, "api.sqlite3")
    args = parser.parse_args(argv)
    # No limit while measuring: the benchmark is one address making thousands of requests.
    setup_django(args.database_url, API_ANONYMOUS_RATE_PER_MINUTE="100000000")
    print_machine()
    report = run(args)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


def run(args) -> dict:
    from django.test.utils import override_settings

    ensure_corpus(args)
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
        PUBLIC_CACHE_LOCAL_PAGES=0,
    ):
        results = {kind: measure(urls, args.requests) for kind, urls in url_kinds().items()}
    return corpus_report(args, results)


def url_kinds() -> dict[str, list[str]]:
    slugs, tags, companies = sample_slugs()
    # Deep pages: cursors taken from a walk of the first pages.
    from django.test import Client

    client, cursors, cursor = Client(), [], None
    for _ in range(10):
        page = client.get("/api/v1/articles" + (f"?cursor={cursor}" if cursor else "")).json()
        cursor = page["next"]
        if not cursor:
            break
        cursors.append(cursor)
    return {
        "html story page": [f"/articles/{slug}/" for slug in slugs],
        "api detail (ninjs)": [f"/api/v1/articles/{slug}" for slug in slugs],
        "api detail (json)": [f"/api/v1/articles/{slug}?format=json" for slug in slugs],
        "api list (20, ninjs)": ["/api/v1/articles"],
        "api list (20, json)": ["/api/v1/articles?format=json"],
        "api list (100)": ["/api/v1/articles?limit=100"],
        "api list (cursor)": [f"/api/v1/articles?cursor={c}" for c in cursors],
        "api list (tag)": [f"/api/v1/articles?tag={t}" for t in tags],
        "api list (company)": [f"/api/v1/articles?company={c}" for c in companies],
        "api list (q)": ["/api/v1/articles?q=model", "/api/v1/articles?q=funding"],
        "api company": [f"/api/v1/companies/{c}" for c in companies],
    }


def measure(urls: list[str], requests: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    statuses = set()
    for url in urls[:20]:  # warm up
        statuses.add(client.get(url).status_code)
    queries = []
    for url in urls[:20]:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries.append(len(ctx.captured_queries))
    timings = []
    for n in range(requests):
        url = urls[n % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        statuses.add(response.status_code)
    return {
        "urls": len(urls),
        "p50_ms": round(median(timings), 2),
        "p95_ms": round(percentile(timings, 95), 2),
        "queries_min": min(queries),
        "queries_max": max(queries),
        "statuses": sorted(statuses),
    }


def print_report(report: dict) -> None:
    print(
        f"\n{report['database']}, {report['articles']} articles ({report['published']} "
        f"published), {report['requests_per_kind']} uncached requests per kind"
    )
    print(f"{'request':<22} {'p50 ms':>8} {'p95 ms':>8} {'queries':>9}  status")
    for kind, r in report["kinds"].items():
        q = f"{r['queries_min']}" + (
            f"-{r['queries_max']}" if r["queries_max"] != r["queries_min"] else ""
        )
        print(f"{kind:<22} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} {q:>9}  {r['statuses']}")
    kinds = report["kinds"]
    page, detail = kinds["html story page"]["p50_ms"], kinds["api detail (ninjs)"]["p50_ms"]
    print(
        f"detail p50 {detail:.2f} ms vs story page {page:.2f} ms: "
        + ("meets" if detail <= page else "MISSES")
        + " the target (no slower)"
    )
    listing = kinds["api list (20, ninjs)"]["p50_ms"]
    print(
        f"list p50 {listing:.2f} ms: "
        + ("meets" if listing <= LIST_TARGET_P50_MS else "MISSES")
        + f" the {LIST_TARGET_P50_MS:.0f} ms target"
    )


if __name__ == "__main__":
    main()
