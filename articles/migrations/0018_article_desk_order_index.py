"""An index in the change list's order, (publish_at, id): read backwards it is the admin's
newest-first order with the undated drafts first. Without the id PostgreSQL sorted every
undated story (a quarter of a million at a million stories) to find the first page."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_article_updated_index")]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["publish_at", "id"], name="article_desk_order_idx"),
        ),
    ]
