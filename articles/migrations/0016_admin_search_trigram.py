"""PostgreSQL: trigram indexes for the article admin's text search (pg_trgm).

The change list searches headline, standfirst, original author, file name and the bylines'
names with ``icontains``, which Django writes as ``UPPER(col::text) LIKE UPPER('%word%')``:
no b-tree helps, so a word that matches few stories read every row (640 ms at 100,000
stories). A GIN index over ``UPPER(col)`` with ``gin_trgm_ops`` answers exactly that
expression. SQLite has no such index and keeps its scan (157 ms at 100,000); nothing is done
there. ``pg_trgm`` is a trusted extension (PostgreSQL 13+): the database's owner may create it.
The indexes are built CONCURRENTLY (so outside a transaction): on a large archive that takes
minutes, during which imports and editors keep writing.
"""

from django.db import migrations

INDEXES = [  # (name, table, column)
    ("article_headline_trgm", "articles_article", "headline"),
    ("article_dek_trgm", "articles_article", "dek"),
    ("article_original_author_trgm", "articles_article", "original_author"),
    ("article_import_name_trgm", "articles_article", "import_name"),
    ("author_name_trgm", "articles_author", "name"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("articles", "0015_partner_profiles_data")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
