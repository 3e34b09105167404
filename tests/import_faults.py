"""Faults injected into the importer for one file, on both of its roads: the chunk's new
files stored together (``articles.ingest.chunk``) and a file stored alone
(``articles.ingest.storing``), which the chunk falls back to when its transaction fails."""

from articles.ingest import chunk, storing


def break_mentions(monkeypatch, import_name: str, exc: Exception) -> None:
    """Writing the mentions of the story from ``import_name`` raises ``exc`` (after the story
    row itself was written)."""
    alone, together = storing.mentions_refresh, chunk.mentions_create_new

    def mentions_refresh(*, article, **kwargs):
        if article.import_name == import_name:
            raise exc
        return alone(article=article, **kwargs)

    def mentions_create_new(*, stories, **kwargs):
        if any(article.import_name == import_name for article, _ in stories):
            raise exc
        return together(stories=stories, **kwargs)

    monkeypatch.setattr(storing, "mentions_refresh", mentions_refresh)
    monkeypatch.setattr(chunk, "mentions_create_new", mentions_create_new)


def break_publish_record(monkeypatch, import_name: str, exc: Exception) -> None:
    """Recording the publication of the story from ``import_name`` raises ``exc`` (after its
    tags and byline were written)."""
    alone, together = storing.publish_new_record, chunk.publish_new_record_many

    def publish_new_record(*, article, **kwargs):
        if article.import_name == import_name:
            raise exc
        return alone(article=article, **kwargs)

    def publish_new_record_many(published):
        published = list(published)
        if any(article.import_name == import_name for article, _ in published):
            raise exc
        return together(published)

    monkeypatch.setattr(storing, "publish_new_record", publish_new_record)
    monkeypatch.setattr(chunk, "publish_new_record_many", publish_new_record_many)
