"""Each document records when what readers may see of its story next changes on its own.

Added nullable with no default, so SQLite adds the column in place instead of rebuilding the
table (a rebuild would drop the FTS5 triggers of migration 0001). Documents of partner stories
written before this migration never recorded their next moment (a grant's expiry, say), so
they are marked stale now: every hit on them is checked again at query time, and
``post_migrate`` (``search.signals``) re-indexes them at the end of this ``migrate``.
"""

from django.db import migrations, models
from django.utils import timezone


def mark_partner_documents_stale(apps, schema_editor):
    SearchDocument = apps.get_model("search", "SearchDocument")
    SearchDocument.objects.filter(article__origin="partner").update(stale_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_search_vector_inline"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="stale_at",
            field=models.DateTimeField(
                blank=True,
                db_index=True,
                help_text="The next moment what readers may see of the story can change with "
                "no write (a grant or rule version starting or ending): from then on every hit "
                "on this document is checked again at query time, until it is re-indexed.",
                null=True,
            ),
        ),
        migrations.RunPython(mark_partner_documents_stale, migrations.RunPython.noop),
    ]
