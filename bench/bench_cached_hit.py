"""CPU per request inside one process, through Django's WSGI handler and the production
middleware, for the cached story page against Django's bare view:

  * bare        — a view returning a constant string, through the full middleware stack;
  * short route — a hot story page answered by ``articles.site.fastpath`` (identity, gzip);
  * full route  — the same page from the process's page copy, with the short route removed
                  from MIDDLEWARE (what a hit cost before it).

    python bench/bench_cached_hit.py                  # 1,000-story corpus, 4,000 requests per case
    python bench/bench_cached_hit.py --profile        # cProfile of the short route (SORT=tottime)

CPU time (``time.process_time``), not wall time, so other work on the machine skews it less;
the cases are interleaved over three rounds and the median is printed. No network, no app
server: ``bench_served.py`` measures those.
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BENCH_VAR, database_arg, print_machine, setup_django


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=4000, help="per case and round")
    parser.add_argument("--profile", action="store_true")
    database_arg(parser, "pages.sqlite3")
    args = parser.parse_args(argv)
    os.environ.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="https://news.example.org",
        BENCH_BARE_VIEW="1",
        CACHE_URL="locmem://",
        PUBLIC_CACHE_SECONDS="3600",  # no copy expires during the run
        STATIC_ROOT=str(BENCH_VAR / "static"),
    )
    setup_django(args.database_url)
    print_machine()
    from django.conf import settings
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)
    paths = story_paths(args.articles)
    fast = Client()
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("FastPathMiddleware")]
    full = Client()
    cases = {
        "bare": (fast, ["/__bench__/bare"], {}),
        "short route": (fast, paths, {}),
        "short route, gzip": (fast, paths, {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}),
        "full route": (full, paths, {}),
    }
    for client, case_paths, extra in cases.values():  # warm: every page rendered and kept
        for _ in range(2):
            for path in case_paths:
                client.get(path, extra)
    if args.profile:
        profile(fast, paths, args.requests)
        return
    timings: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(3):
        for name, (client, case_paths, extra) in cases.items():
            timings[name].append(client.cpu_per_request(case_paths, extra, args.requests))
    bare = statistics.median(timings["bare"])
    print(f"\n{len(paths)} story URLs, {args.requests} requests per case and round, 3 rounds")
    print(f"{'case':20s} {'us/request':>11s} {'rounds':>24s} {'bare/case':>10s}")
    for name, values in timings.items():
        median = statistics.median(values)
        rounds = " ".join(f"{v:.0f}" for v in values)
        print(f"{name:20s} {median:11.1f} {rounds:>24s} {bare / median:10.2f}")


class Client:
    """Calls the WSGI handler directly, as gunicorn's worker would."""

    def __init__(self):
        from django.core.handlers.wsgi import WSGIHandler

        self.app = WSGIHandler()
        self.status = ""

    def get(self, path: str, extra: dict) -> bytes:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_X_FORWARDED_PROTO": "https",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            **extra,
        }

        def start_response(status, headers, exc_info=None):
            self.status = status

        body = b"".join(self.app(environ, start_response))
        if not self.status.startswith("200"):
            raise SystemExit(f"{path}: {self.status}")
        return body

    def cpu_per_request(self, paths: list[str], extra: dict, count: int) -> float:
        started = time.process_time()
        for i in range(count):
            self.get(paths[i % len(paths)], extra)
        return (time.process_time() - started) / count * 1e6


def story_paths(articles: int) -> list[str]:
    from articles.models import Article
    from articles.rights.engine import decide

    if Article.objects.count() < articles:
        from corpus import build_corpus

        build_corpus(articles=articles - Article.objects.count(), companies=5000, tags=500)
    stories = Article.objects.published().order_by("?")[:400]
    return [a.get_absolute_url() for a in stories if decide(a).visibility != "nothing"][:200]


def profile(client: Client, paths: list[str], count: int) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(client.cpu_per_request, paths, {}, count)
    stats = pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "tottime"))
    stats.print_stats(int(os.environ.get("PROFILE_LINES", "30")))


if __name__ == "__main__":
    main()
