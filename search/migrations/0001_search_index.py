"""The search document table plus each database's own full-text index over it."""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_FORWARD = [
    # External-content FTS5 table: the text lives once, in search_searchdocument; the porter
    # stemmer lets "model" find "models" as PostgreSQL's english configuration does.
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        headline, dek, keywords, body,
        content='search_searchdocument', content_rowid='article_id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, headline, dek, keywords, body)
        VALUES (new.article_id, new.headline, new.dek, new.keywords, new.body);
    END""",
    """CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, headline, dek, keywords, body)
        VALUES ('delete', old.article_id, old.headline, old.dek, old.keywords, old.body);
    END""",
    """CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, headline, dek, keywords, body)
        VALUES ('delete', old.article_id, old.headline, old.dek, old.keywords, old.body);
        INSERT INTO search_fts(rowid, headline, dek, keywords, body)
        VALUES (new.article_id, new.headline, new.dek, new.keywords, new.body);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARD = [
    # Weighted: headline A, dek B, tags C, body D, so ts_rank favours headline hits.
    """ALTER TABLE search_searchdocument ADD COLUMN vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('english', coalesce(headline, '')), 'A') ||
            setweight(to_tsvector('english', coalesce(dek, '')), 'B') ||
            setweight(to_tsvector('english', coalesce(keywords, '')), 'C') ||
            setweight(to_tsvector('english', coalesce(body, '')), 'D')
        ) STORED""",
    "CREATE INDEX search_searchdocument_vector_gin ON search_searchdocument USING gin (vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_searchdocument_vector_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0002_initial_rules"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("headline", models.TextField()),
                ("dek", models.TextField(blank=True)),
                ("keywords", models.TextField(blank=True, help_text="Tag names, space separated.")),
                (
                    "body",
                    models.TextField(
                        blank=True, help_text="The visible text under the reprint rule."
                    ),
                ),
                ("indexed_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
