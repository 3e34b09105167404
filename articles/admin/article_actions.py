"""Bulk publish and unpublish on the article list, through the workflow's transition service so
roles and reprint rules hold for each story.
"""

from django.contrib import admin, messages

from articles.editorial import roles
from articles.editorial.publishing import PublishRefused
from articles.editorial.workflow import (
    TransitionRefused,
    article_transition,
)
from articles.models import Status


class ArticleBulkActionsMixin:
    """Bulk actions that report per story what was done and what was refused, and why.
    They are offered only to people whose role lets them publish."""

    @admin.action(
        description="Publish selected articles (obeys reprint rules and roles)",
        permissions=["publish"],
    )
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, Status.PUBLISHED, "Published")

    @admin.action(description="Unpublish selected articles", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, Status.UNPUBLISHED, "Unpublished")

    def has_publish_permission(self, request):
        return request.user.has_perm(roles.PUBLISH)

    def _bulk(self, request, queryset, target, verb):
        done, refused = [], []
        for article in queryset.select_related("rule", "source", "lead_image"):
            if article.live_status == target:
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
        provisional = [a for a in done if target == Status.PUBLISHED and a.headline_is_provisional]
        if provisional:
            self.message_user(
                request,
                "Readers now see provisional headlines, made by the importer from the "
                "stories' opening words: "
                + "; ".join(f"“{a}”" for a in provisional)
                + ". Write real ones and untick “Headline is provisional”.",
                messages.WARNING,
            )
        for article, reason in refused:
            self.message_user(request, f"Not {verb.lower()}: “{article}”. {reason}", messages.ERROR)
        if not done and not refused:
            self.message_user(request, f"Every selected article was already {verb.lower()}.")
