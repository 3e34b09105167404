"""End-to-end import throughput and memory: ``manage.py import_seeds FOLDER`` on generated files.

    python bench/bench_import.py --files 5000                 # throughput, 5,000-company registry
    python bench/bench_import.py --files 100000               # memory while streaming 100k files
    python bench/bench_import.py --files 1000 --profile       # cProfile of the importer in-process
    python bench/bench_import.py --files 1000 --corpus-db var/bench/corpus100k.sqlite3
                                                              # into an archive of 100k stories
    python bench/bench_import.py --format html --files 10000  # web pages (rss, ninjs: feeds
                                                              # and NINJS lists, 50 a file)

Each run starts from a fresh database (an SQLite file under var/bench/ unless --database-url),
migrated, with the company registry topped up to --companies and the bench partners' rules.
The import runs as the real command in a subprocess; its resident memory is sampled from
/proc every 0.2 s, so "flat" can be read from the samples, not just the peak.

Targets (issue 7): at least 500 files/s end to end on SQLite with a 5,000-company registry;
memory stays flat while streaming 100,000 files.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BENCH_VAR, PYTHON, ROOT, print_machine, setup_django

TARGET_FILES_PER_SECOND = 500


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--companies", type=int, default=5000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--profile", action="store_true", help="cProfile in-process instead")
    parser.add_argument(
        "--queries",
        action="store_true",
        help="statements for 100 new files in-process, after 20 to warm up, instead",
    )
    parser.add_argument(
        "--corpus-db",
        type=Path,
        help="start from a copy of this SQLite corpus (bench/corpus.py) instead of an empty "
        "database: the import's speed against a large archive",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--format",
        choices=["text", "html", "rss", "ninjs"],
        default="text",
        help="the partner copy's shape; --files counts stories (entries), not files",
    )
    args = parser.parse_args(argv)

    url = args.database_url or f"sqlite:///{BENCH_VAR / 'import.sqlite3'}"
    if url.startswith("sqlite"):
        db_file = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(db_file) + suffix).unlink(missing_ok=True)
        if args.corpus_db:
            import shutil

            with sqlite3.connect(args.corpus_db) as source:
                source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copy(args.corpus_db, db_file)
    setup_django(url)
    print_machine()
    folder, names = prepare(args.files, args.companies, args.format)
    if args.profile:
        profile(folder, args.files)
        return
    if args.queries:
        count_queries(folder)
        return
    report = run_import(url, folder, args.files)
    report["registry_companies"] = len(names)
    report["format"] = args.format
    if args.format != "text":
        report["parse_only_items_per_second"] = parse_rate(folder)
    report["starting_corpus"] = str(args.corpus_db) if args.corpus_db else "empty"
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


def parse_rate(folder: Path) -> float:
    """Stories per second through the format parsers alone (no database), in this process."""
    from articles.ingest.formats.detect import parse_items

    paths = sorted(p for p in folder.iterdir() if not p.name.startswith("."))[:2000]
    started, stories = time.perf_counter(), 0
    for path in paths:
        stories += len(parse_items(path.read_bytes(), name=path.name)[1])
    return round(stories / (time.perf_counter() - started), 1)


def prepare(files: int, companies: int, kind: str = "text") -> tuple[Path, list[str]]:
    """A migrated database with the registry and rules, and the folder of files."""
    import random

    from corpus import ensure_companies, ensure_rules
    from django.core.management import call_command
    from django.db import connections
    from importfiles import write_files

    call_command("migrate", "--noinput", verbosity=0)
    rows = ensure_companies(companies, random.Random(3))
    ensure_rules()
    names = [name for _, name in rows]
    started = time.perf_counter()
    if kind == "text":
        folder = write_files(BENCH_VAR / f"import_files_{files}", files, names)
    else:
        from importformats import write_items

        folder = write_items(BENCH_VAR / f"import_{kind}_{files}", kind, files, names)
    print(f"{files} files ready in {folder} ({time.perf_counter() - started:.1f}s)")
    connections.close_all()
    return folder, names


def run_import(url: str, folder: Path, files: int) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    out_path = BENCH_VAR / "import_stdout.txt"
    samples: list[tuple[float, float]] = []
    import resource

    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with open(out_path, "w") as out:
        proc = subprocess.Popen(
            [PYTHON, "manage.py", "import_seeds", str(folder)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        while proc.poll() is None:
            rss = _rss_mib(proc.pid)
            if rss:
                samples.append((time.perf_counter() - started, rss))
            time.sleep(0.2)
    elapsed = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds of the import itself: less sensitive than wall time to a shared machine.
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    last = out_path.read_text().strip().splitlines()[-1] if out_path.stat().st_size else ""
    peak = max((rss for _, rss in samples), default=0.0)
    quarters = {}
    for q in (0.1, 0.25, 0.5, 0.75, 1.0):
        upto = [rss for t, rss in samples if t <= elapsed * q]
        quarters[f"{int(q * 100)}%"] = round(max(upto, default=0.0), 1)
    return {
        "files": files,
        "seconds": round(elapsed, 1),
        "files_per_second": round(files / elapsed, 1),
        "cpu_seconds": round(cpu, 1),
        "files_per_cpu_second": round(files / cpu, 1) if cpu else None,
        "load_average_after": [round(x, 1) for x in os.getloadavg()],
        "peak_rss_mib": round(peak, 1),
        "rss_mib_by_progress": quarters,
        "exit_status": proc.returncode,
        "summary": last,
        "database": url.split(":", 1)[0],
    }


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def profile(folder: Path, files: int) -> None:
    from articles.ingest.importing import import_paths

    paths = sorted(folder.glob("*.txt"))[:files]
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    summary = import_paths(paths)
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(f"{len(paths)} files in {elapsed:.2f}s = {len(paths) / elapsed:.0f} files/s in-process")
    print(summary.counts)
    stats = pstats.Stats(profiler).strip_dirs().sort_stats(os.environ.get("SORT", "cumulative"))
    stats.print_stats(int(os.environ.get("PROFILE_LINES", "35")))
    if os.environ.get("CALLEES"):  # e.g. CALLEES=moments.py:101 to see where one goes
        stats.print_callees(os.environ["CALLEES"])


def count_queries(folder: Path) -> None:
    """Statements per 100 new files (``CaptureQueriesContext``), after 20 to warm up: how many
    depends on how many files each transaction took, so it is printed with their count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.ingest.importing import import_paths

    paths = sorted(folder.glob("*.txt"))
    import_paths(paths[:20])
    with CaptureQueriesContext(connection) as ctx:
        summary = import_paths(paths[20:120])
    sql = [q["sql"] for q in ctx.captured_queries]
    commits = sum(q.startswith(("COMMIT", "BEGIN")) for q in sql)
    print(f"{len(sql)} statements for {len(paths[20:120])} new files ({summary.counts})")
    print(f"transaction statements (BEGIN/COMMIT) among them: {commits}")


def print_report(r: dict) -> None:
    verdict = "meets" if r["files_per_second"] >= TARGET_FILES_PER_SECOND else "MISSES"
    print(
        f"\n{r['files']} files in {r['seconds']}s = {r['files_per_second']} files/s "
        f"({verdict} the {TARGET_FILES_PER_SECOND} files/s target), "
        f"registry {r.get('registry_companies')} companies, {r['database']}"
    )
    print(
        f"import process CPU {r['cpu_seconds']}s = {r['files_per_cpu_second']} files per CPU "
        f"second; load average after: {r['load_average_after']}"
    )
    print(f"peak RSS {r['peak_rss_mib']} MiB; RSS by elapsed time: {r['rss_mib_by_progress']}")
    if r.get("parse_only_items_per_second"):
        print(f"{r['format']} parsers alone: {r['parse_only_items_per_second']} stories/s")
    print(f"command said: {r['summary']} (exit {r['exit_status']})")


if __name__ == "__main__":
    main()
