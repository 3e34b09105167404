"""The "re-parse with the current patterns" action on the article list."""

from django.contrib import admin, messages

from articles.ingest.reparse import articles_reparse
from articles.models import Origin


class ArticleReparseMixin:
    """Re-read selected partner stories from their raw text after a profile or pattern changed;
    the message says per story what changed and what an editor's edit kept."""

    @admin.action(
        description="Re-parse selected partner stories with the current patterns",
        permissions=["change"],
    )
    def reparse_selected(self, request, queryset):
        stories = queryset.filter(origin=Origin.PARTNER).exclude(raw_text="")
        skipped = queryset.count() - stories.count()
        results = articles_reparse(
            articles=stories.select_related("source", "rule").order_by("pk"), user=request.user
        )
        for result in results:
            level = messages.ERROR if result.error else messages.SUCCESS
            self.message_user(request, f"“{result.article}”: {result.describe()}.", level)
        if skipped:
            self.message_user(
                request,
                f"{skipped} selected stor{'y has' if skipped == 1 else 'ies have'} no partner "
                "raw text to re-parse (staff stories are never re-parsed).",
                messages.WARNING,
            )
