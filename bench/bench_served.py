"""Served throughput: gunicorn on loopback under a load generator, in one run:

  * bare   — a view returning a constant string through the full middleware stack
             (BENCH_BARE_VIEW=1): Django's floor on this machine;
  * cold   — article pages with caching off (CACHE_URL=dummy://), rotating over many stories;
  * cached — the same article pages on a server using Redis (REDIS_URL), warmed first.

    python bench/bench_served.py                       # 3 rounds x 10 s per case, 16 connections
    python bench/bench_served.py --duration 30 --connections 32

Both servers run the production profile (DJANGO_ENV=production, WhiteNoise manifest static
files, security middleware); requests carry X-Forwarded-Proto: https as the load balancer's
would. The load generator is wrk (Debian package) when installed, else a bounded Python one.
Loopback only; servers are stopped at the end.

Target (issue 7): the cached article page reaches at least 0.8x the bare view.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    BENCH_VAR,
    PYTHON,
    ROOT,
    database_arg,
    percentile,
    print_machine,
    setup_django,
)

TARGET_RATIO = 0.8
REDIS_BENCH_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per case (max 60)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per case")
    parser.add_argument(
        "--cache-url",
        default=REDIS_BENCH_URL,
        help="the cached server's CACHE_URL (default: Redis db 14; locmem:// to compare)",
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--ports", default="8105,8106")
    parser.add_argument("--python-client", action="store_true", help="don't use wrk")
    parser.add_argument(
        "--site-cache",
        action="store_true",
        help="serve the cached case through Django's per-site cache middleware "
        "(bench/sitecache_settings.py), for a tree without page caching of its own",
    )
    parser.add_argument("--json", type=Path)
    database_arg(parser, "pages.sqlite3")
    args = parser.parse_args(argv)
    args.duration = min(args.duration, 60)
    setup_django(args.database_url)
    print_machine()

    paths = article_paths(args.articles)
    static_root = collect_static()
    cold_port, cached_port = (int(p) for p in args.ports.split(","))
    flush_redis()
    common = {"STATIC_ROOT": str(static_root), "BENCH_BARE_VIEW": "1"}
    site_cache = {}
    if args.site_cache:
        site_cache = {
            "DJANGO_SETTINGS_MODULE": "sitecache_settings",
            "PYTHONPATH": str(Path(__file__).resolve().parent),
        }
    servers = [
        Server(args, cold_port, {**common, "CACHE_URL": "dummy://"}),
        # An hour's lifetime, so the cached case measures hits: with the default 60 s, copies
        # expire during a run on a loaded machine and the case turns into re-renders.
        Server(
            args,
            cached_port,
            {**common, "CACHE_URL": args.cache_url, "PUBLIC_CACHE_SECONDS": "3600", **site_cache},
        ),
    ]
    try:
        for server in servers:
            server.start()
        cold, cached = servers
        for _ in range(4):  # warm the cached server: every story kept by every worker
            for path in paths:
                cached.get(path)
        use_wrk = shutil.which("wrk") and not args.python_client
        load = run_wrk if use_wrk else run_python
        cases = {
            "bare": (cold.port, ["/__bench__/bare"]),
            "cold article": (cold.port, paths),
            "cached article": (cached.port, paths),
        }
        # Interleaved rounds, median per case: other load on the machine drifts over a run.
        rounds: dict[str, list[dict]] = {case: [] for case in cases}
        for _ in range(args.rounds):
            for case, (port, case_paths) in cases.items():
                rounds[case].append(load(port, case_paths, args))
        results = {}
        for case, runs in rounds.items():
            runs.sort(key=lambda r: r["rps"])
            results[case] = {**runs[len(runs) // 2], "rps_all_rounds": [r["rps"] for r in runs]}
            results[case]["non_2xx"] = sum(r["non_2xx"] for r in runs)
    finally:
        for server in servers:
            server.stop()
        flush_redis()
    bare = results["bare"]["rps"] or 1
    for r in results.values():
        r["x_bare"] = round(r["rps"] / bare, 2)
    report = {
        "cached_via": ("Django per-site cache middleware" if args.site_cache else "the tree")
        + f" ({args.cache_url})",
        "generator": "wrk" if use_wrk else "python",
        "workers": args.workers,
        "connections": args.connections,
        "duration_s": args.duration,
        "article_urls": len(paths),
        "results": results,
    }
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


def article_paths(articles: int) -> list[str]:
    from articles.models import Article

    if Article.objects.count() < articles:
        from corpus import build_corpus

        build_corpus(articles=articles - Article.objects.count(), companies=5000, tags=500)
    slugs = Article.objects.published().order_by("?").values_list("slug", flat=True)[:500]
    return [f"/articles/{slug}/" for slug in slugs]


def collect_static() -> Path:
    static_root = BENCH_VAR / "static"
    env = production_env({"STATIC_ROOT": str(static_root)})
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return static_root


def production_env(extra: dict) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="https://news.example.org",
        LOG_LEVEL="ERROR",
    )
    env.update(extra)
    return env


def flush_redis() -> None:
    try:
        import redis

        redis.Redis.from_url(REDIS_BENCH_URL, socket_timeout=1).flushdb()
    except Exception as exc:
        print(f"(Redis not reachable at {REDIS_BENCH_URL}: {exc})", file=sys.stderr)


class Gunicorn:
    """One gunicorn master on 127.0.0.1:port, started in its own session so it stops whole
    (``bench_peer.py`` serves the Wagtail peer with it too)."""

    def __init__(self, name, port, *, python, cwd, env, app=None, ready="/healthz"):
        self.name, self.port, self.ready = name, port, ready
        conf = str(ROOT / "gunicorn.conf.py")
        self.cmd = [str(python), "-m", "gunicorn", "-c", conf] + ([app] if app else [])
        self.cwd, self.env, self.proc = cwd, env, None

    def start(self) -> None:
        self.proc = subprocess.Popen(self.cmd, cwd=self.cwd, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get(self.ready) == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"{self.name} on port {self.port} did not come up")

    def fetch(self, path: str) -> tuple[int, dict, int]:
        """(status, headers, body length) of a GET through the balancer's https header."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        conn.request("GET", path, headers={"X-Forwarded-Proto": "https"})
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response.status, dict(response.getheaders()), len(body)

    def get(self, path: str) -> int:
        return self.fetch(path)[0]

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


class Server(Gunicorn):
    """Our site in the production profile, ``args.workers`` sync workers."""

    def __init__(self, args, port: int, env: dict):
        env = production_env(
            {
                **env,
                "DATABASE_URL": os.environ["DATABASE_URL"],
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "WEB_CONCURRENCY": str(args.workers),
                "GUNICORN_ACCESSLOG": "",
                "GUNICORN_LOGLEVEL": "warning",
            }
        )
        super().__init__("gunicorn", port, python=PYTHON, cwd=ROOT, env=env)


LUA = """
paths = {%s}
counter = 0
wrk.headers["X-Forwarded-Proto"] = "https"
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def run_wrk(port: int, paths: list[str], args) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ", ".join(json.dumps(p) for p in paths))
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--latency",
            "-s",
            script.name,
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        timeout=args.duration + 30,
    ).stdout
    os.unlink(script.name)

    def ms(label: str) -> float:
        found = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not found:
            return float("nan")
        value, unit = float(found.group(1)), found.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50_ms": ms("50%"),
        "p99_ms": ms("99%"),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def run_python(port: int, paths: list[str], args) -> dict:
    """A bounded keep-alive load generator: connections threads for duration seconds."""
    stop_at = time.monotonic() + args.duration
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        n = offset
        local = []
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                conn.request("GET", paths[n % len(paths)], headers={"X-Forwarded-Proto": "https"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            local.append((time.perf_counter() - started) * 1000)
            n += 1
        with lock:
            latencies.extend(local)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "rps": round(len(latencies) / args.duration, 1),
        "p50_ms": round(percentile(latencies, 50), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "non_2xx": errors[0],
        "socket_errors": "",
    }


def print_report(report: dict) -> None:
    print(
        f"\ncached case served by {report['cached_via']}; "
        f"{report['generator']}, {report['connections']} connections, {report['duration_s']} s "
        f"per case, gunicorn {report['workers']} sync workers, {report['article_urls']} URLs"
    )
    print(f"{'case':<16} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'x bare':>7}  errors")
    for case, r in report["results"].items():
        errors = f"{r['non_2xx']} non-2xx" + (
            f", {r['socket_errors']}" if r["socket_errors"] else ""
        )
        print(
            f"{case:<16} {r['rps']:>9.1f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} "
            f"{r['x_bare']:>7.2f}  {errors}"
        )
    ratio = report["results"]["cached article"]["x_bare"]
    verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
    print(f"cached/bare = {ratio:.2f} {verdict} the {TARGET_RATIO}x target")


if __name__ == "__main__":
    main()
