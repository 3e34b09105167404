"""Each document records the rights facts it was decided under, and when what readers may
see of its story next changes on its own.

Both are added nullable with no default, so SQLite adds the columns in place instead of
rebuilding the table (a rebuild would drop the FTS5 triggers of migration 0001). Documents
written before this migration have no rights key, so every hit on one is checked again at
query time; partner ones are also marked stale, and ``post_migrate`` (``search.signals``)
re-indexes them all at the end of this ``migrate``.
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
            name="rights_key",
            field=models.TextField(
                blank=True,
                help_text="The rights facts the document was decided under "
                "(RightsSnapshot.rights_key): a hit whose facts differ at query time is "
                "checked again against decide().",
                null=True,
            ),
        ),
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
