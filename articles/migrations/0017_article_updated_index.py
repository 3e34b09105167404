"""An index on ``updated_at``: the sitemap index's "last modified" (the newest change among
published stories) is read backwards from it instead of from every published row."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_admin_search_trigram")]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["updated_at"], name="article_updated_idx"),
        ),
    ]
