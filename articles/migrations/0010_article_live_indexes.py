"""Covering indexes for ``Article.objects.published()`` replace the single-column indexes on
``publish_at`` and ``status`` and the (status, publish_at) index (see the model's Meta).

The two single-column indexes are dropped by name rather than with AlterField: on SQLite,
AlterField rebuilds the whole table, which for a 100,000-story archive means copying a
gigabyte (and as much again in the write-ahead log) to drop two indexes.
"""

from django.db import migrations, models

SINGLE_COLUMN = ("publish_at", "status")


def _single_column_indexes(schema_editor, column):
    table = "articles_article"
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(cursor, table)
    return [
        name
        for name, info in constraints.items()
        if info["index"]
        and not info["unique"]
        and not info["primary_key"]
        and info["columns"] == [column]
    ]


def drop_single_column_indexes(apps, schema_editor):
    for column in SINGLE_COLUMN:
        # PostgreSQL also has a ..._like index for the CharField: it goes too.
        for name in _single_column_indexes(schema_editor, column):
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def create_single_column_indexes(apps, schema_editor):
    article = apps.get_model("articles", "Article")
    for column in SINGLE_COLUMN:
        field = article._meta.get_field(column)
        for statement in schema_editor._field_indexes_sql(article, field):
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_taggeditem_tag_object_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="article", name="articles_ar_status_9815d6_idx"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="publish_at",
                    field=models.DateTimeField(
                        blank=True, help_text="When readers first see the story.", null=True
                    ),
                ),
                migrations.AlterField(
                    model_name="article",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("in_review", "In review"),
                            ("scheduled", "Scheduled"),
                            ("published", "Published"),
                            ("unpublished", "Unpublished"),
                            ("killed", "Killed"),
                        ],
                        default="draft",
                        max_length=16,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(drop_single_column_indexes, create_single_column_indexes)
            ],
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["publish_at", "status", "rule", "origin", "original_url"],
                name="article_live_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["source", "publish_at", "status", "rule", "origin", "original_url"],
                name="article_source_live_idx",
            ),
        ),
    ]
