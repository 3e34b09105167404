from django.db import models


class SearchDocument(models.Model):
    """What the search index knows of one article: only text readers may see.

    The full-text machinery lives beside this table and follows it automatically: an FTS5
    table kept in step by triggers on SQLite, a generated, GIN-indexed ``tsvector`` column on
    PostgreSQL (see migration 0001). Rows are written by ``search.indexing`` only.

    A document is true from the moment it was decided for until ``stale_at``; a story readers
    may not see at that moment but may see later keeps an empty document, so that it is
    re-indexed then.
    """

    article = models.OneToOneField(
        "articles.Article", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    headline = models.TextField()
    dek = models.TextField(blank=True)
    keywords = models.TextField(
        blank=True, help_text="Tag names and the byline's names, space separated."
    )
    body = models.TextField(blank=True, help_text="The visible text under the reprint rule.")
    indexed_at = models.DateTimeField(auto_now=True)
    # Nullable with no default, so adding these never rebuilds the table (and its triggers).
    rights_key = models.TextField(
        null=True,
        blank=True,
        help_text="The rights facts the document was decided under (RightsSnapshot.rights_key): "
        "a hit whose facts differ at query time is checked again against decide().",
    )
    stale_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="The next moment what readers may see of the story can change with no write "
        "(a grant or rule version starting or ending): from then on every hit on this document "
        "is checked again at query time, until it is re-indexed.",
    )

    def __str__(self) -> str:
        return self.headline
