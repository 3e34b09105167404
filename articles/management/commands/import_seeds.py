"""``manage.py import_seeds [PATH ...]``: import raw partner text files."""

import json
import logging
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.ingest.files import count_files, iter_paths
from articles.ingest.importing import import_paths
from articles.ingest.reparse import articles_reparse, reparse_queryset
from articles.ingest.report import FileResult, Summary, internal_error

PROGRESS_THRESHOLD = 50  # files; smaller batches finish before a bar would help
logger = logging.getLogger(__name__)


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
        summary = Summary()

        def on_result(result: FileResult) -> None:
            nonlocal written
            summary.add(result)
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

        aborted = None
        try:
            import_paths(paths, dry_run=options["dry_run"], on_result=on_result)
        except Exception as exc:
            # Files are each all or nothing, so what was reported stands; the report still
            # ends as a whole document, saying why the batch stopped.
            logger.exception("Import stopped")
            aborted = internal_error(exc)
        except KeyboardInterrupt:
            self._finish(summary, written, as_json, "interrupted", options["dry_run"])
            raise
        if progress:
            progress.finish()
        self._finish(summary, written, as_json, aborted, options["dry_run"])
        if aborted:
            raise CommandError(f"the import stopped: {aborted}", returncode=1)
        if not summary.ok:
            # Some files were rejected; the rest were imported. Exit 1 without a traceback.
            raise CommandError("some files were rejected", returncode=1)

    def _finish(self, summary: Summary, written: int, as_json: bool, aborted, dry_run) -> None:
        """The end of the report: the summary line, or the JSON document's closing."""
        if as_json:
            counts = json.dumps(summary.counts, indent=2, ensure_ascii=False)
            counts = counts.replace("\n", "\n  ")
            opening = '{\n  "files": [],\n' if written == 0 else "\n  ],\n"
            stopped = ""
            if aborted:
                stopped = f'  "aborted": {json.dumps(aborted, ensure_ascii=False)},\n'
            self.stdout.write(opening + stopped + f'  "summary": {counts}\n}}')
        else:
            prefix = "Dry run, nothing written: " if dry_run else ""
            counts = ", ".join(f"{n} {status}" for status, n in summary.counts.items())
            self.stdout.write(prefix + counts)

    def _reparse(self, options) -> None:
        names = None
        if options["paths"]:
            found = list(iter_paths(options["paths"]))
            missing = [f"{entry.shown}: {entry.error}" for entry in found if entry.error]
            if missing:
                raise CommandError("; ".join(missing), returncode=2)
            names = [entry.name for entry in found]
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
