"""An index on taggit's tagged items for "a tag's newest stories" (related stories), which
taggit's own indexes answer only by sorting all of a tag's rows. taggit's model is not ours
to change, so the index is created here, by name, on both databases."""

from django.db import migrations

INDEX = "articles_taggeditem_type_tag_object_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_perf_article_original_url_index"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} "
            "ON taggit_taggeditem (content_type_id, tag_id, object_id)",
            reverse_sql=f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
