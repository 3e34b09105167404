from django.core.management.base import BaseCommand

from search.rebuild import REBUILD_CHUNK, rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index from the articles (after bulk updates), a chunk "
        "of stories per transaction: search keeps working, and finds each story's old "
        "document or its new one meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Rewrite every document, also those already as they would be written "
            "(after a change of the text-search configuration).",
        )
        parser.add_argument(
            "--maintenance",
            action="store_true",
            help="PostgreSQL: drop the GIN index first and build it once at the end. Much "
            "quicker when most documents change, but search is slow until it ends: use it in "
            "a maintenance window.",
        )
        parser.add_argument("--chunk-size", type=int, default=REBUILD_CHUNK)

    def handle(self, *args, force, maintenance, chunk_size, verbosity, **options):
        def progress(stories: int, written: int) -> None:
            if verbosity > 1:
                self.stdout.write(f"{stories} stories read, {written} documents written")

        count = rebuild_index(
            force=force, maintenance=maintenance, chunk_size=chunk_size, progress=progress
        )
        self.stdout.write(f"Indexed {count} articles.")
