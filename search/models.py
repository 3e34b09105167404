from django.db import models


class SearchDocument(models.Model):
    """What the search index knows of one article: only text readers may see.

    The full-text machinery lives beside this table and follows it automatically: an FTS5
    table kept in step by triggers on SQLite, a generated, GIN-indexed ``tsvector`` column on
    PostgreSQL (see migration 0001). Rows are written by ``search.indexing`` only.
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

    def __str__(self) -> str:
        return self.headline
