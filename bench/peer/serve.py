"""The four servers of bench/bench_peer.py, all gunicorn with the project's gunicorn.conf.py
(sync workers, the same worker count and max_requests recycling), and the wrk rounds."""

from __future__ import annotations

import http.client
import os
import signal
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench_served import production_env

from peer.build import SITE, peer_env, venv_python


class Gunicorn:
    """One gunicorn master on 127.0.0.1:port, started in its own session so it stops whole."""

    def __init__(self, name, port, *, python, cwd, env, app=None, ready="/healthz"):
        self.name, self.port, self.ready = name, port, ready
        self.cmd = [str(python), "-m", "gunicorn", "-c", str(CONF)] + ([app] if app else [])
        self.cwd, self.env, self.proc = cwd, env, None

    def start(self) -> None:
        self.proc = subprocess.Popen(self.cmd, cwd=self.cwd, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get(self.ready)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"{self.name} on port {self.port} did not come up")

    def get(self, path: str) -> tuple[int, dict, int]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        conn.request("GET", path, headers={"X-Forwarded-Proto": "https"})
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response.status, dict(response.getheaders()), len(body)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


CONF = Path(__file__).resolve().parent.parent.parent / "gunicorn.conf.py"


def _gunicorn_env(base: dict, port: int, workers: int) -> dict:
    return {
        **base,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_ACCESSLOG": "",
        "GUNICORN_LOGLEVEL": "warning",
    }


def our_server(name, port, *, root, python, workers, extra: dict) -> Gunicorn:
    env = production_env({"DATABASE_URL": os.environ["DATABASE_URL"], **extra})
    return Gunicorn(name, port, python=python, cwd=root, env=_gunicorn_env(env, port, workers))


def peer_server(name, port, *, root, database_url, redis_url, workers, page_cache) -> Gunicorn:
    env = peer_env(
        database_url,
        PEER_REDIS_URL=redis_url,
        PEER_PAGE_CACHE="1" if page_cache else "0",
        SECRET_KEY=os.urandom(24).hex(),
    )
    return Gunicorn(
        name,
        port,
        python=venv_python(root),
        cwd=SITE,
        env=_gunicorn_env(env, port, workers),
        app="peersite.wsgi:application",
        ready="/news/",
    )


def interleaved(cases: dict, rounds: int, load, args) -> dict[str, list[dict]]:
    """``cases``: name -> (ours, peer), each (server, paths). Every round runs each case on
    both sides back to back, A B in even rounds and B A in odd ones, so drift in the machine's
    other load falls on both sides alike."""
    runs: dict[str, list[dict]] = {name: [] for name in cases}
    for n in range(rounds):
        for name, (ours, peer) in cases.items():
            order = [("ours", ours), ("peer", peer)]
            if n % 2:
                order.reverse()
            result = {}
            for side, (server, paths) in order:
                if server is None:
                    continue
                if server.name.endswith("cached"):
                    rewarm(server, paths)
                result[side] = load(server.port, paths, args)
            if "peer" in result:
                result["ratio"] = round(result["ours"]["rps"] / (result["peer"]["rps"] or 1), 2)
            runs[name].append(result)
            summary = "  ".join(
                f"{s} {r['rps']:.0f} req/s" for s, r in result.items() if s != "ratio"
            )
            print(f"round {n + 1} {name:<16} {summary}  ratio {result.get('ratio', '-')}")
    return runs


def rewarm(server: Gunicorn, paths: list[str]) -> list[tuple[int, dict, int]]:
    """One unmeasured pass over the URLs just before a cached run, 8 at a time. Our copies
    expire after PUBLIC_CACHE_SECONDS (60 s) and the other cases take longer than that, so
    without it every cached run would open on 200 expired pages; a site under steady traffic
    renews them spread over the minute instead. Wagtail's copies (an hour) get the same pass."""
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(server.get, paths))


def medians(runs: dict[str, list[dict]]) -> dict:
    out = {}
    for name, rows in runs.items():
        entry = {
            "ours_rps": statistics.median(r["ours"]["rps"] for r in rows),
            "ours_p99_ms": statistics.median(r["ours"]["p99_ms"] for r in rows),
        }
        if rows and "peer" in rows[0]:
            entry["peer_rps"] = statistics.median(r["peer"]["rps"] for r in rows)
            entry["peer_p99_ms"] = statistics.median(r["peer"]["p99_ms"] for r in rows)
            entry["ratios"] = [r["ratio"] for r in rows]
            entry["ratio_median"] = statistics.median(entry["ratios"])
        out[name] = entry
    return out
