"""Fidelity score: how many of the corpus's expected fields the importer gets right.

    python bench/bench_fidelity.py                 # accuracy per field, misses per format
    python bench/bench_fidelity.py --why           # and why each field missed
    python bench/bench_fidelity.py --json FILE     # the figures as JSON too
    python bench/bench_fidelity.py --failing-list  # FAILING_TODAY for the corpus test

Imports every text of ``tests/fixtures/partners/`` in one batch through the real importer
(``articles.ingest.importing.import_paths``) into a fresh, migrated database (an SQLite file
under var/bench/ unless --database-url), reads each file's JSON-report ``article`` object and
scores it with ``tests/fidelity.py``, the same checks as ``tests/test_fidelity_corpus.py``.

Target (issue 14): at least 95 % for each of headline-not-junk, author, URL, source,
licence, status, tags, image credits, upstream credits and clean body.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import BENCH_VAR, ROOT, print_machine, setup_django

TARGET = 0.95
LABELS = {
    "headline": "headline (not junk)",
    "author": "author",
    "url": "original URL",
    "source": "source",
    "license": "licence",
    "status": "status",
    "tags": "tags",
    "image_credits": "image credits",
    "upstream_credits": "upstream credits",
    "body": "clean body",
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--why", action="store_true", help="print why each field missed")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--failing-list",
        action="store_true",
        help="print the FAILING_TODAY entries for tests/test_fidelity_corpus.py",
    )
    args = parser.parse_args(argv)

    url = args.database_url or f"sqlite:///{BENCH_VAR / 'fidelity.sqlite3'}"
    if url.startswith("sqlite"):
        db_file = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(db_file) + suffix).unlink(missing_ok=True)
    setup_django(url)
    print_machine()
    results = run(url)
    report = figures(results)
    print_report(report, why=args.why)
    if args.failing_list:
        print_failing_list(results)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


def run(url: str) -> list[tuple]:
    """Import the corpus once: each case, the fields it missed (and why), its status."""
    from django.db import transaction

    from articles.ingest.importing import import_paths
    from tests.fidelity import load_cases, misses, score

    cases = load_cases()
    by_path: dict[str, dict] = {}

    def collect(result) -> None:
        by_path[str(Path(result.path).resolve())] = result.as_dict()

    class _Rollback(Exception):
        pass

    out = []
    # On PostgreSQL the database is kept between runs: roll the import back so every run
    # starts from the same state (the SQLite file is deleted before each run anyway).
    try:
        with transaction.atomic():
            import_paths([case.path for case in cases], on_result=collect)
            for case in cases:
                result = by_path.get(str(case.path.resolve()))
                if result is None:
                    checks = score(case.expected, None, file_status="not reported")
                else:
                    checks = score(
                        case.expected,
                        result["article"],
                        file_status=result["status"],
                        error=result["error"],
                    )
                article = (result or {}).get("article") or {}
                out.append((case, misses(checks), str(article.get("status", ""))))
            if not url.startswith("sqlite"):
                raise _Rollback
    except _Rollback:
        pass
    return out


def figures(results: list[tuple]) -> dict:
    from tests.fidelity import FIELDS

    total = len(results)
    per_field = {}
    for field in FIELDS:
        right = sum(1 for _, missed, _ in results if field not in missed)
        per_field[field] = {
            "right": right,
            "total": total,
            "accuracy": round(right / total, 4) if total else 0.0,
        }
    per_format: dict[str, dict] = defaultdict(lambda: {"texts": 0, "misses": {}})
    for case, missed, _ in results:
        entry = per_format[case.format]
        entry["texts"] += 1
        if missed:
            entry["misses"][case.name] = missed
    return {
        "texts": total,
        "formats": len(per_format),
        "all_fields_right": sum(1 for _, missed, _ in results if not missed),
        # The invariant behind the status field: a story held by its notice never goes live.
        "published_against_notice": [
            case.name
            for case, _, status in results
            if case.expected["status"] == "draft" and status == "published"
        ],
        "per_field": per_field,
        "per_format": dict(sorted(per_format.items())),
    }


def print_report(report: dict, *, why: bool = False) -> None:
    print(
        f"\ncorpus: {report['texts']} texts in {report['formats']} formats; "
        f"{report['all_fields_right']} with every field right\n"
    )
    unsafe = report["published_against_notice"]
    print(f"published against its notice: {len(unsafe)} {unsafe or ''}\n")
    print(f"{'field':<22}{'right':>7}{'of':>5}{'accuracy':>10}  target {TARGET:.0%}")
    for field, row in report["per_field"].items():
        mark = "ok" if row["accuracy"] >= TARGET else "BELOW"
        print(
            f"{LABELS[field]:<22}{row['right']:>7}{row['total']:>5}{row['accuracy']:>10.1%}  {mark}"
        )
    print("\nmisses per format (texts: missed fields)")
    for fmt, entry in report["per_format"].items():
        missed_fields = defaultdict(int)
        for fields in entry["misses"].values():
            for field in fields:
                missed_fields[field] += 1
        summary = ", ".join(f"{LABELS[f]} {n}" for f, n in sorted(missed_fields.items()))
        print(f"  {fmt:<17} {len(entry['misses'])}/{entry['texts']} texts: {summary or '-'}")
        if why:
            for name, fields in entry["misses"].items():
                for field, reason in fields.items():
                    print(f"      {name}: {field}: {reason}")


def print_failing_list(results: list[tuple]) -> None:
    print("\nFAILING_TODAY = {")
    for case, missed, _ in sorted(results, key=lambda item: item[0].name):
        if missed:
            fields = ", ".join(f'"{field}"' for field in missed)
            print(f'    "{case.name}": ({fields},),')
    print("}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
