"""The four servers of bench/bench_peer.py, all gunicorn with the project's gunicorn.conf.py
(sync workers, the same worker count and max_requests recycling), and the wrk rounds."""

from __future__ import annotations

import os
import statistics
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import bench_served
from bench_served import production_env

from peer.build import SITE, peer_env, venv_python


class Gunicorn(bench_served.Gunicorn):
    """A gunicorn master whose CPU time the benchmark reads."""

    def cpu_seconds(self) -> float:
        """CPU time of this server so far: the master with the workers it has reaped (recycled
        ones included) plus the live workers. Other load on the machine barely moves it."""
        if not self.proc:
            return 0.0
        total = _ticks(self.proc.pid, children=True)
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and _ppid(entry.name) == self.proc.pid:
                total += _ticks(entry.name, children=False)
        return total / TICKS


TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid) -> list[str]:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return []
    return text.rsplit(")", 1)[1].split()  # fields from the state on (the name may hold spaces)


def _ppid(pid) -> int:
    fields = _stat(pid)
    return int(fields[1]) if fields else -1


def _ticks(pid, *, children: bool) -> int:
    fields = _stat(pid)
    if not fields:
        return 0
    # utime, stime, cutime, cstime are fields 14-17 of /proc/PID/stat (11-14 here).
    return sum(int(v) for v in fields[11 : 15 if children else 13])


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
                cpu = server.cpu_seconds()
                result[side] = load(server.port, paths, args)
                cpu = server.cpu_seconds() - cpu
                requests = result[side]["rps"] * args.duration
                result[side]["cpu_ms_per_request"] = round(cpu * 1000 / (requests or 1), 3)
            if "peer" in result:
                ours_r, peer_r = result["ours"], result["peer"]
                result["ratio"] = round(ours_r["rps"] / (peer_r["rps"] or 1), 2)
                result["cpu_ratio"] = round(
                    peer_r["cpu_ms_per_request"] / (ours_r["cpu_ms_per_request"] or 1), 2
                )
            runs[name].append(result)
            summary = "  ".join(
                f"{s} {r['rps']:.0f} req/s {r['cpu_ms_per_request']:.2f} cpu-ms/req"
                for s, r in result.items()
                if s in ("ours", "peer")
            )
            print(
                f"round {n + 1} {name:<15} {summary}  ratio {result.get('ratio', '-')}"
                f" (by CPU {result.get('cpu_ratio', '-')})"
            )
    return runs


def rewarm(server: Gunicorn, paths: list[str]) -> list[tuple[int, dict, int]]:
    """One unmeasured pass over the URLs just before a cached run, 8 at a time. Our copies
    expire after PUBLIC_CACHE_SECONDS (60 s) and the other cases take longer than that, so
    without it every cached run would open on 200 expired pages; a site under steady traffic
    renews them spread over the minute instead. Wagtail's copies (an hour) get the same pass."""
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(server.fetch, paths))


def medians(runs: dict[str, list[dict]]) -> dict:
    out = {}
    for name, rows in runs.items():
        entry = {}
        for side in ("ours", "peer"):
            if rows and side in rows[0]:
                for key in ("rps", "p99_ms", "cpu_ms_per_request"):
                    entry[f"{side}_{key}"] = statistics.median(r[side][key] for r in rows)
        if rows and "peer" in rows[0]:
            entry["ratios"] = [r["ratio"] for r in rows]
            entry["ratio_median"] = statistics.median(entry["ratios"])
            entry["cpu_ratios"] = [r["cpu_ratio"] for r in rows]
            entry["cpu_ratio_median"] = statistics.median(entry["cpu_ratios"])
        out[name] = entry
    return out
