"""The peer, side by side: our public site against a minimal Wagtail news site holding the
same stories, both under gunicorn and wrk, interleaved A B A B.

    python bench/bench_peer.py --articles 10000            # SQLite, 5 rounds x 10 s per side
    python bench/bench_peer.py --articles 100000
    python bench/bench_peer.py --articles 10000 \
        --database-url postgres://postgres@127.0.0.1:5432/newsroom_peer_10k

The first run builds the peer: var/peer-venv from bench/peer/requirements.txt (never the
project's requirements), a database of the same kind as ours (peer_wagtail_10k…), and every
story of ours loaded into it (bench/peer/site/news/management/commands/load_stories.py).
Later runs reuse both. Our corpus comes from bench/corpus.py (topped up to --articles).

Cases, each on both sides with the same 200 story URLs (and one index URL):

  * article uncached — ours with PUBLIC_PAGE_CACHE=0 (Redis, no page cache); Wagtail with Django's
    cache in Redis for its own lookups and no page cache;
  * article cached   — each side's page cache on and warmed: ours in Redis (REDIS_URL) with
    its in-process copies; Wagtail with wagtail-cache's middleware in Redis;
  * index            — /articles/ against the NewsIndexPage, 20 stories a page, uncached;
  * index cached     — the same with each side's page cache on;
  * bare             — ours only: Django's floor (a constant view through our middleware).

Targets (issue 17): ours >= 3x Wagtail on every case; our cached page >= 0.8x the bare view.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BENCH_VAR, PYTHON, ROOT, machine, print_machine, setup_django
from bench_served import collect_static, run_python, run_wrk
from peer.build import ensure_peer_database, ensure_venv, peer_database_url, story_count
from peer.serve import interleaved, medians, our_server, peer_server, rewarm

TARGET_X_PEER = 3.0
TARGET_X_BARE = 0.8
# Redis databases of their own: bench_served.py (14) and load_test.py (13) flush theirs.
OUR_REDIS = os.environ.get("BENCH_PEER_OURS_REDIS_URL", "redis://127.0.0.1:6379/10")
PEER_REDIS = os.environ.get("BENCH_PEER_REDIS_URL", "redis://127.0.0.1:6379/11")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=10, help="seconds per side per case")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--urls", type=int, default=200, help="story URLs to rotate over")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers, each")
    parser.add_argument("--ports", default="8121,8122,8123,8124")
    parser.add_argument("--database-url", help="ours (default var/bench/peer_ours_N.sqlite3)")
    parser.add_argument("--peer-database-url", help="default: same kind, peer_wagtail_<N>")
    parser.add_argument("--cases", default="article,article cached,index,index cached,bare")
    parser.add_argument("--build-only", action="store_true", help="build both sites and stop")
    parser.add_argument("--python-client", action="store_true", help="don't use wrk")
    parser.add_argument("--json", type=Path, help="default bench/results/peer_<db>_<N>.json")
    args = parser.parse_args(argv)
    args.duration = min(args.duration, 60)
    # A SIGTERM (or a job's SIGINT) still stops the servers: the finally below runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
    ours_url = args.database_url or f"sqlite:///{BENCH_VAR / f'peer_ours_{args.articles}.sqlite3'}"
    setup_django(ours_url)
    ensure_our_corpus(args.articles)
    print_machine()

    ensure_venv(ROOT)
    peer_url = args.peer_database_url or peer_database_url(ours_url, args.articles, BENCH_VAR)
    ensure_peer_database(ROOT, peer_url, story_count(), BENCH_VAR)
    if args.build_only:
        return
    slugs = sample_slugs(args.urls)
    # Production refuses to start without its public origin (canonical links, feeds).
    os.environ.setdefault("SITE_URL", "https://localhost")
    static_root = collect_static()
    flush(OUR_REDIS), flush(PEER_REDIS)
    ports = [int(p) for p in args.ports.split(",")]
    common = {"STATIC_ROOT": str(static_root), "BENCH_BARE_VIEW": "1"}
    servers = {
        "ours": our_server(
            "ours", ports[0], root=ROOT, python=PYTHON, workers=args.workers,
            # Redis for the content state, as Wagtail's uncached side has it for its own
            # lookups; only the page cache is off.
            extra={**common, "CACHE_URL": OUR_REDIS, "PUBLIC_PAGE_CACHE": "0"},
        ),
        "ours cached": our_server(
            "ours cached", ports[1], root=ROOT, python=PYTHON, workers=args.workers,
            extra={**common, "CACHE_URL": OUR_REDIS},
        ),
        "peer": peer_server(
            "peer", ports[2], root=ROOT, database_url=peer_url, redis_url=PEER_REDIS,
            workers=args.workers, page_cache=False,
        ),
        "peer cached": peer_server(
            "peer cached", ports[3], root=ROOT, database_url=peer_url, redis_url=PEER_REDIS,
            workers=args.workers, page_cache=True,
        ),
    }  # fmt: skip
    ours_paths = [f"/articles/{s}/" for s in slugs]
    peer_paths = [f"/news/{s}/" for s in slugs]
    ours_index, peer_index = ["/articles/"], ["/news/"]
    all_cases = {
        "article": ((servers["ours"], ours_paths), (servers["peer"], peer_paths)),
        "article cached": (
            (servers["ours cached"], ours_paths),
            (servers["peer cached"], peer_paths),
        ),
        "index": ((servers["ours"], ours_index), (servers["peer"], peer_index)),
        "index cached": (
            (servers["ours cached"], ours_index),
            (servers["peer cached"], peer_index),
        ),
        "bare": ((servers["ours"], ["/__bench__/bare"]), (None, [])),
    }
    wanted = [c.strip() for c in args.cases.split(",")]
    cases = {name: all_cases[name] for name in wanted}
    use_wrk = shutil.which("wrk") and not args.python_client
    try:
        for server in servers.values():
            server.start()
        pages = warm(servers, ours_paths + ours_index, peer_paths + peer_index)
        runs = interleaved(cases, args.rounds, run_wrk if use_wrk else run_python, args)
    finally:
        for server in servers.values():
            server.stop()
        flush(OUR_REDIS), flush(PEER_REDIS)
    report = {
        "articles": args.articles,
        "database": "sqlite" if ours_url.startswith("sqlite") else "postgresql",
        "peer_database": peer_url.rsplit("/", 1)[-1],
        "generator": "wrk" if use_wrk else "python",
        "workers": args.workers,
        "connections": args.connections,
        "duration_s": args.duration,
        "rounds": args.rounds,
        "story_urls": len(slugs),
        "page_bytes": pages,
        "versions": versions(),
        "machine": machine(),
        "load_average": os.getloadavg(),
        "runs": runs,
        "medians": medians(runs),
    }
    report["x_bare"] = x_bare(runs)
    print_report(report)
    out = args.json or ROOT / "bench" / "results" / (
        f"peer_{report['database']}_{args.articles // 1000}k.json"
    )
    out.write_text(json.dumps(report, indent=2, default=str))
    print(f"results: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


def ensure_our_corpus(articles: int) -> None:
    from articles.models import Article

    have = Article.objects.count()
    if have < articles:
        from corpus import build_corpus

        print(f"generating our corpus: {articles - have} more stories…", file=sys.stderr)
        build_corpus(articles=articles - have, companies=5000, tags=500, progress=True)


def sample_slugs(count: int) -> list[str]:
    """``count`` published stories spread over the archive, the same on every run. Stories
    of the last 11 days are left out: scheduled ones among them may have come due since the
    peer was loaded (bench/corpus.py schedules up to 240 hours ahead), where they are drafts."""
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article

    settled = Article.objects.published().filter(publish_at__lt=timezone.now() - timedelta(11))
    slugs = list(settled.order_by("pk").values_list("slug", flat=True))
    step = max(len(slugs) // count, 1)
    return slugs[::step][:count]


def warm(servers: dict, ours_paths: list[str], peer_paths: list[str]) -> dict:
    """Request every URL on every server (twice on the cached ones, so the second is a hit),
    check it answers 200, and check the page caches do hit. Returns mean page sizes."""
    sizes = {}
    for name, server in servers.items():
        paths = peer_paths if name.startswith("peer") else ours_paths
        answers = rewarm(server, paths)
        if name.endswith("cached"):
            answers = rewarm(server, paths)
        for path, (status, _, _) in zip(paths, answers, strict=True):
            if status != 200:
                raise SystemExit(f"{name}: {path} answered {status}")
        hits = sum(headers.get("X-Wagtail-Cache") == "hit" for _, headers, _ in answers)
        if name == "peer cached" and hits < len(paths):
            raise SystemExit(f"wagtail-cache hit {hits} of {len(paths)} warmed pages")
        sizes[name] = sum(length for _, _, length in answers) // len(paths)
    return sizes


def flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url, socket_timeout=2).flushdb()


def versions() -> dict:
    import subprocess

    from peer.build import venv_python

    probe = "import wagtail, wagtailcache, django, gunicorn; print(wagtail.__version__, "
    probe += "wagtailcache.__version__, django.get_version(), gunicorn.__version__)"
    out = subprocess.run(
        [str(venv_python(ROOT)), "-c", probe], capture_output=True, text=True, check=False
    ).stdout.split()
    import django
    import gunicorn

    peer = dict(zip(["wagtail", "wagtail-cache", "django", "gunicorn"], out, strict=False))
    return {
        "ours": {"django": django.get_version(), "gunicorn": gunicorn.__version__},
        "peer": peer,
    }


def x_bare(runs: dict) -> dict | None:
    """Our cached page against the bare view, per round (same round, same load): by
    throughput, and by CPU per request (bare's CPU per request over the cached page's)."""
    if "bare" not in runs or "article cached" not in runs:
        return None
    pairs = list(zip(runs["article cached"], runs["bare"], strict=True))
    per_round = [round(c["ours"]["rps"] / (b["ours"]["rps"] or 1), 2) for c, b in pairs]
    by_cpu = [
        round(b["ours"]["cpu_ms_per_request"] / (c["ours"]["cpu_ms_per_request"] or 1), 2)
        for c, b in pairs
    ]
    return {
        "per_round": per_round,
        "median": statistics.median(per_round),
        "cpu_per_round": by_cpu,
        "cpu_median": statistics.median(by_cpu),
    }


def print_report(report: dict) -> None:
    v = report["versions"]
    print(
        f"\n{report['articles']} stories, {report['database']}; gunicorn {report['workers']} "
        f"sync workers each (gunicorn.conf.py), wrk {report['connections']} connections, "
        f"{report['duration_s']} s per side per round, {report['story_urls']} story URLs; "
        f"Wagtail {v['peer'].get('wagtail')} + wagtail-cache {v['peer'].get('wagtail-cache')}"
    )
    print(
        f"{'case':<15} {'ours r/s':>8} {'peer r/s':>8} {'ours cpu':>8} {'peer cpu':>8}"
        f"  ours/peer per round → median, and by CPU per request (target ≥ {TARGET_X_PEER}×)"
    )
    for name, m in report["medians"].items():
        if "peer_rps" not in m:
            print(f"{name:<15} {m['ours_rps']:>8.0f} {'':>8} {m['ours_cpu_ms_per_request']:>8.2f}")
            continue
        verdict = "meets" if m["ratio_median"] >= TARGET_X_PEER else "MISSES"
        print(
            f"{name:<15} {m['ours_rps']:>8.0f} {m['peer_rps']:>8.0f} "
            f"{m['ours_cpu_ms_per_request']:>8.2f} {m['peer_cpu_ms_per_request']:>8.2f}  "
            f"{' '.join(f'{r:.2f}' for r in m['ratios'])} → {m['ratio_median']:.2f}× {verdict}; "
            f"CPU {' '.join(f'{r:.2f}' for r in m['cpu_ratios'])} → {m['cpu_ratio_median']:.2f}×"
        )
    if report["x_bare"]:
        xb = report["x_bare"]
        verdict = "meets" if xb["median"] >= TARGET_X_BARE else "MISSES"
        print(
            f"our cached page / bare view: {' '.join(f'{r:.2f}' for r in xb['per_round'])} → "
            f"{xb['median']:.2f}× {verdict} the {TARGET_X_BARE}× target; by CPU "
            f"{' '.join(f'{r:.2f}' for r in xb['cpu_per_round'])} → {xb['cpu_median']:.2f}×"
        )
    print("(cpu = CPU ms per request of the gunicorn master and workers; Redis and PostgreSQL")
    print(" server processes are not counted, SQLite runs inside the workers)")


if __name__ == "__main__":
    main()
