"""The index's vocabulary, for "did you mean" (``search.suggestions``); keywords now also
carry the byline's names.

SQLite: an fts5vocab table over the FTS5 index, one row per indexed term with the number of
documents holding it, read straight from the index (nothing to keep in step). PostgreSQL
reads its terms with ``ts_stat`` when a suggestion is needed, so it needs nothing here.
"""

from django.db import migrations, models

SQLITE_FORWARD = ["CREATE VIRTUAL TABLE search_fts_terms USING fts5vocab(search_fts, row)"]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts_terms"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_document_freshness")]

    operations = [
        migrations.AlterField(
            model_name="searchdocument",
            name="keywords",
            field=models.TextField(
                blank=True, help_text="Tag names and the byline's names, space separated."
            ),
        ),
        migrations.RunPython(_run(SQLITE_FORWARD), _run(SQLITE_BACKWARD)),
    ]
