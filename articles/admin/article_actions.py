"""Bulk publish and unpublish on the article list, through the workflow's transition service so
roles and reprint rules hold for each story.
"""

from django.contrib import admin, messages

from articles.editorial.publishing import PublishRefused
from articles.editorial.workflow import (
    TransitionRefused,
    article_transition,
)
from articles.models import Status


class ArticleBulkActionsMixin:
    """Bulk actions that report per story what was done and what was refused, and why."""

    @admin.action(description="Publish selected articles (obeys reprint rules and roles)")
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, Status.PUBLISHED, "Published")

    @admin.action(description="Unpublish selected articles")
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, Status.UNPUBLISHED, "Unpublished")

    def _bulk(self, request, queryset, target, verb):
        done, refused = [], []
        for article in queryset.select_related("rule", "source", "lead_image"):
            if article.status == target:
                continue
            try:
                article_transition(article=article, to=target, user=request.user)
                done.append(article)
            except (TransitionRefused, PublishRefused) as exc:
                refused.append((article, " ".join(exc.messages)))
        if done:
            self.message_user(
                request,
                f"{verb} {len(done)} article(s): " + "; ".join(f"“{a}”" for a in done),
                messages.SUCCESS,
            )
        for article, reason in refused:
            self.message_user(request, f"Not {verb.lower()}: “{article}”. {reason}", messages.ERROR)
        if not done and not refused:
            self.message_user(request, f"Every selected article was already {verb.lower()}.")
