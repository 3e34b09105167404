"""Load and fault test on SQLite, loopback only, bounded in time and count.

    python bench/load_test.py                   # 60 s at 32 connections + a 1,000-file import
    python bench/load_test.py --duration 20     # shorter (max 60 s)

1. Readers and a writer at once: gunicorn (production profile, Redis cache as in production;
   --cache-url dummy:// turns caching off so every request reads the database) serves
   published pages (home, articles, tags, companies, and search
   when the tree has it) to wrk at --connections for --duration seconds while
   ``manage.py import_seeds`` imports --files new files into the same SQLite database.
   Pass: zero non-2xx answers, zero socket errors, the import completes, and no
   "database is locked" anywhere in the server's or the importer's output.
2. Kill and rerun: a second import of --files files is killed with SIGKILL about halfway, the
   database is checked (integrity_check; every stored story complete), then the import is
   run again. Pass: the rerun reports the rest as created and the first half as unchanged,
   and the stories are exactly those of a clean, uninterrupted import of the same files into
   a fresh database (compared by a digest of every story's text, tags, mentions and status).

Exit status 0 when both parts pass, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BENCH_VAR, PYTHON, ROOT, print_machine, setup_django

LOCKED = "database is locked"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=1000, help="published corpus to read")
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--cache-url",
        default="redis://127.0.0.1:6379/13",
        help="the server's CACHE_URL: Redis as in production (default), or dummy:// to make "
        "every request read the database",
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    args.duration = min(args.duration, 60)

    work = BENCH_VAR / "load"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    db = work / "load.sqlite3"
    url = f"sqlite:///{db}"
    setup_django(url)
    print_machine()
    names = prepare(args)
    report = {"readers_and_writer": readers_and_writer(args, url, work, names)}
    report["kill_and_rerun"] = kill_and_rerun(args, url, work, names)
    ok = report["readers_and_writer"]["pass"] and report["kill_and_rerun"]["pass"]
    print(json.dumps(report, indent=2))
    print("\nload test " + ("PASSED" if ok else "FAILED"))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0 if ok else 1


def prepare(args) -> list[str]:
    from corpus import build_corpus, ensure_companies
    from django.db import connections

    build_corpus(articles=args.articles, companies=2000, tags=200)
    names = [name for _, name in ensure_companies(2000, random.Random(3))]
    connections.close_all()
    return names


def reader_paths() -> tuple[list[str], bool]:
    from bench_pages import SEARCH_PATHS, first_available
    from django.db.models import Count
    from taggit.models import Tag

    from articles.models import Article
    from companies.models import Company

    paths = ["/", "/?page=2"]
    paths += [
        f"/articles/{s}/"
        for s in Article.objects.published().order_by("?").values_list("slug", flat=True)[:300]
    ]
    paths += [f"/tags/{s}/" for s in Tag.objects.values_list("slug", flat=True)[:20]]
    paths += [
        f"/companies/{s}/"
        for s in Company.objects.annotate(n=Count("mentions"))
        .order_by("-n")
        .values_list("slug", flat=True)[:20]
    ]
    search = first_available(SEARCH_PATHS)
    return paths + search, bool(search)


def import_command(url: str, folder: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    return subprocess.Popen(
        [PYTHON, "manage.py", "import_seeds", str(folder)],
        cwd=ROOT,
        env=env,
        stdout=open(log, "w"),
        stderr=subprocess.STDOUT,
    )


def readers_and_writer(args, url: str, work: Path, names: list[str]) -> dict:
    from bench_served import Server, collect_static, run_wrk
    from importfiles import write_files

    folder = write_files(work / "files_a", args.files, names, seed=21)
    paths, search_included = reader_paths()
    static_root = collect_static()
    flush_cache(args.cache_url)
    server_log = work / "server.log"
    server = Server(
        args,
        args.port,
        {"STATIC_ROOT": str(static_root), "CACHE_URL": args.cache_url, "DATABASE_URL": url},
    )
    server.env["DATABASE_URL"] = url
    server.env["LOG_LEVEL"] = "WARNING"
    with open(server_log, "w") as log:
        server_start(server, log)
        try:
            importer_log = work / "import_a.log"
            importer = import_command(url, folder, importer_log)
            started = time.monotonic()
            load = run_wrk(args.port, paths, args)
            importer.wait(timeout=600)
            import_seconds = time.monotonic() - started
        finally:
            server.stop()
            flush_cache(args.cache_url)
    server_text = server_log.read_text()
    import_text = importer_log.read_text()
    summary = import_text.strip().splitlines()[-1] if import_text.strip() else ""
    result = {
        "duration_s": args.duration,
        "connections": args.connections,
        "cache": args.cache_url,
        "reader_urls": len(paths),
        "search_included": search_included,
        "requests_per_second": load["rps"],
        "p50_ms": load["p50_ms"],
        "p99_ms": load["p99_ms"],
        "non_2xx": load["non_2xx"],
        "socket_errors": load["socket_errors"],
        "import_exit": importer.returncode,
        "import_summary": summary,
        "import_finished_within_s": round(import_seconds, 1),
        "database_is_locked": server_text.count(LOCKED) + import_text.count(LOCKED),
        "server_errors_logged": server_text.count("Traceback"),
    }
    result["pass"] = (
        result["non_2xx"] == 0
        and not result["socket_errors"]
        and result["import_exit"] == 0
        and f"{args.files} created" in summary
        and result["database_is_locked"] == 0
        and result["server_errors_logged"] == 0
    )
    return result


def flush_cache(cache_url: str) -> None:
    if cache_url.startswith("redis"):
        import redis

        redis.Redis.from_url(cache_url, socket_timeout=2).flushdb()


def server_start(server, log) -> None:
    server.proc = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=server.env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if server.get("/healthz") == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise SystemExit("gunicorn did not come up")


def story_digests(db: Path, prefix_names: set[str]) -> dict[str, str]:
    """import_name → sha256 of everything a reader or editor would see of that story."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT id, import_name, headline, slug, dek, body, content_hash, status, hold_reason, "
        "raw_text, original_url, original_author, copyright_notice, rule_id FROM articles_article"
    ).fetchall()
    ct = conn.execute(
        "SELECT id FROM django_content_type WHERE app_label='articles' AND model='article'"
    ).fetchone()[0]
    tags: dict[int, list[str]] = {}
    for object_id, name in conn.execute(
        "SELECT ti.object_id, t.name FROM taggit_taggeditem ti JOIN taggit_tag t ON t.id=ti.tag_id "
        "WHERE ti.content_type_id=?",
        [ct],
    ):
        tags.setdefault(object_id, []).append(name)
    mentions: dict[int, list] = {}
    for article_id, slug, count, first in conn.execute(
        "SELECT m.article_id, c.slug, m.count, m.first_position FROM companies_mention m "
        "JOIN companies_company c ON c.id=m.company_id"
    ):
        mentions.setdefault(article_id, []).append((slug, count, first))
    conn.close()
    digests = {}
    for pk, name, *fields in rows:
        if name not in prefix_names:
            continue
        payload = json.dumps(
            [fields, sorted(tags.get(pk, [])), sorted(mentions.get(pk, []))], ensure_ascii=False
        )
        if name in digests:
            digests[name] = "DUPLICATE"
        else:
            digests[name] = hashlib.sha256(payload.encode()).hexdigest()
    return digests


def count_imported(db: Path, names: set[str]) -> int:
    conn = sqlite3.connect(db, timeout=30)
    try:
        found = conn.execute("SELECT import_name FROM articles_article").fetchall()
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()
    return sum(1 for (name,) in found if name in names)


def kill_and_rerun(args, url: str, work: Path, names: list[str]) -> dict:
    from importfiles import write_files

    folder = write_files(work / "files_b", args.files, names, seed=22)
    # Names must not collide with part 1's files: import them under their own folder names.
    file_names = {p.name for p in folder.glob("*.txt")}
    db = Path(url.removeprefix("sqlite:///"))
    # Part 1 used the same file names (0000000.txt …); move this batch to fresh names.
    renamed = work / "files_b_named"
    renamed.mkdir(exist_ok=True)
    for p in folder.glob("*.txt"):
        p.rename(renamed / f"b-{p.name}")
    file_names = {f"b-{n}" for n in file_names}

    first = import_command(url, renamed, work / "import_b1.log")
    half = args.files // 2
    deadline = time.monotonic() + 600
    while first.poll() is None and time.monotonic() < deadline:
        if count_imported(db, file_names) >= half:
            break
        time.sleep(0.05)
    killed_at = count_imported(db, file_names)
    if first.poll() is None:
        os.kill(first.pid, signal.SIGKILL)
    first.wait()
    conn = sqlite3.connect(db)
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    after_kill = story_digests(db, file_names)

    rerun_log = work / "import_b2.log"
    rerun = import_command(url, renamed, rerun_log)
    rerun.wait(timeout=900)
    rerun_summary = rerun_log.read_text().strip().splitlines()[-1]
    after_rerun = story_digests(db, file_names)

    # The reference: the same files imported once, uninterrupted, into a fresh database with
    # the same registry, rules and part-1 stories (a copy taken before this part started is
    # not needed: slugs and mentions depend only on these files and the registry).
    reference_db = work / "reference.sqlite3"
    shutil.copy(db, reference_db)
    conn = sqlite3.connect(reference_db)
    conn.execute("PRAGMA foreign_keys=OFF")
    ids = [
        str(pk)
        for (pk, name) in conn.execute("SELECT id, import_name FROM articles_article")
        if name in file_names
    ]
    if ids:
        joined = ",".join(ids)
        conn.execute(f"DELETE FROM companies_mention WHERE article_id IN ({joined})")
        conn.execute(f"DELETE FROM taggit_taggeditem WHERE object_id IN ({joined})")
        conn.execute(f"DELETE FROM articles_article WHERE id IN ({joined})")
    conn.commit()
    conn.close()
    reference = import_command(f"sqlite:///{reference_db}", renamed, work / "import_ref.log")
    reference.wait(timeout=900)
    expected = story_digests(reference_db, file_names)

    duplicated = sum(1 for d in after_rerun.values() if d == "DUPLICATE")
    differing = sorted(n for n in file_names if after_rerun.get(n) != expected.get(n))
    result = {
        "files": args.files,
        "killed_after_stories": killed_at,
        "stories_after_kill": len(after_kill),
        "integrity_check": integrity,
        "rerun_summary": rerun_summary,
        "stories_after_rerun": len(after_rerun),
        "duplicated": duplicated,
        "differing_from_clean_import": len(differing),
        "examples_differing": differing[:5],
        "half_written_after_kill": sum(1 for n, d in after_kill.items() if d != expected.get(n)),
    }
    result["pass"] = (
        integrity == "ok"
        and 0 < killed_at < args.files
        and len(after_rerun) == args.files
        and duplicated == 0
        and not differing
        and result["half_written_after_kill"] == 0
        and f"{args.files - len(after_kill)} created" in rerun_summary
        and f"{len(after_kill)} unchanged" in rerun_summary
    )
    return result


if __name__ == "__main__":
    sys.exit(main())
