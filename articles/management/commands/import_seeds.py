"""``manage.py import_seeds [PATH ...]``: import raw partner text files."""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.ingest.files import count_files, iter_paths
from articles.ingest.importing import import_paths
from articles.ingest.reparse import articles_reparse, reparse_queryset
from articles.ingest.report import FileResult

PROGRESS_THRESHOLD = 50  # files; smaller batches finish before a bar would help


class Command(BaseCommand):
    help = (
        "Import raw partner article text from files or folders (default: seeds/). "
        "Exit status: 0 all imported, 1 some files rejected, 2 usage error."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Files or folders; folders are walked.")
        parser.add_argument("--dry-run", action="store_true", help="Parse and report only.")
        parser.add_argument("--json", action="store_true", help="Print the JSON report.")
        parser.add_argument(
            "--reparse",
            action="store_true",
            help="Re-parse the stories already stored (those of the files under PATH if "
            "given, else every partner story) with the current patterns and profiles, "
            "instead of importing; editors' edits are kept.",
        )

    def handle(self, *args, **options):
        if options["reparse"]:
            self._reparse(options)
            return
        paths = options["paths"] or [str(settings.BASE_DIR / "seeds")]
        as_json = options["json"]
        progress = None
        if not as_json and sys.stderr.isatty():
            total = count_files(paths)
            if total >= PROGRESS_THRESHOLD:
                progress = _Progress(total, sys.stderr)

        # The JSON report is written file by file as results arrive, so memory stays flat on
        # a folder of 100,000 files; the text is exactly json.dumps(report, indent=2).
        written = 0

        def on_result(result: FileResult) -> None:
            nonlocal written
            if as_json:
                item = json.dumps(result.as_dict(), indent=2, ensure_ascii=False)
                self.stdout.write(
                    ('{\n  "files": [\n' if written == 0 else ",\n")
                    + "\n".join("    " + line for line in item.splitlines()),
                    ending="",
                )
                written += 1
                return
            if progress:
                progress.step()
                if result.status != "rejected":
                    return
            self._print_line(result)

        summary = import_paths(paths, dry_run=options["dry_run"], on_result=on_result)
        if progress:
            progress.finish()
        if as_json:
            counts = json.dumps(summary.counts, indent=2, ensure_ascii=False)
            counts = counts.replace("\n", "\n  ")
            opening = '{\n  "files": [],\n' if written == 0 else "\n  ],\n"
            self.stdout.write(opening + f'  "summary": {counts}\n}}')
        else:
            prefix = "Dry run, nothing written: " if options["dry_run"] else ""
            counts = ", ".join(f"{n} {status}" for status, n in summary.counts.items())
            self.stdout.write(prefix + counts)
        if not summary.ok:
            # Some files were rejected; the rest were imported. Exit 1 without a traceback.
            raise CommandError("some files were rejected", returncode=1)

    def _reparse(self, options) -> None:
        names = None
        if options["paths"]:
            found = list(iter_paths(options["paths"]))
            missing = [f"{path}: {error}" for path, error in found if error]
            if missing:
                raise CommandError("; ".join(missing), returncode=2)
            names = [path.name for path, _ in found]
        stories = reparse_queryset(names).iterator(chunk_size=200)
        results = articles_reparse(articles=stories, dry_run=options["dry_run"])
        counts = {"changed": 0, "unchanged": 0, "error": 0}
        for result in results:
            counts[result.status] += 1
        if options["json"]:
            report = {"stories": [r.as_dict() for r in results], "summary": counts}
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            for result in results:
                name = result.article.import_name or result.article.slug
                self.stdout.write(f"{result.status:<10} {name}: {result.describe()}")
            prefix = "Dry run, nothing written: " if options["dry_run"] else ""
            self.stdout.write(prefix + ", ".join(f"{n} {k}" for k, n in counts.items()))
        if counts["error"]:
            raise CommandError("some stories could not be re-parsed", returncode=1)

    def _print_line(self, result: FileResult) -> None:
        if result.status == "rejected":
            self.stderr.write(f"rejected   {result.path}: {result.error}")
            return
        # From the stored article itself: the full report would cost queries per file.
        article = result.record
        detail = f"“{article.headline}” ({article.status})" if article else ""
        if result.extra.get("duplicate_of"):
            detail += f", same text as {result.extra['duplicate_of']}"
        self.stdout.write(f"{result.status:<10} {result.path}: {detail}")


class _Progress:
    """A one-line progress bar on a terminal."""

    def __init__(self, total: int, stream):
        self.total, self.done, self.stream = total, 0, stream

    def step(self) -> None:
        self.done += 1
        if self.done % 25 == 0 or self.done == self.total:
            width = 40
            filled = width * self.done // self.total
            self.stream.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}"
            )
            self.stream.flush()

    def finish(self) -> None:
        self.stream.write("\n")
