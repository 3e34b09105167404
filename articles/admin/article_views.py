"""The article desk's own views: the edit heartbeat, status buttons outside the form, revision
compare and history.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, resolve, reverse
from django.utils import timezone
from reversion.models import Version

from articles.editorial.revisions import field_changes, version_values
from articles.editorial.workflow import (
    edit_session_touch,
    others_editing,
)
from articles.models import Article


class ArticleDeskViewsMixin:
    """Heartbeat, transition, compare and history views of the article admin."""

    def _lock_seconds(self):
        return settings.EDIT_LOCK_SECONDS

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            if obj is not None and self.has_change_permission(request, obj):
                edit_session_touch(article=obj, user=request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/heartbeat/",
                self.admin_site.admin_view(self.heartbeat_view),
                name="articles_article_heartbeat",
            ),
            path(
                "<int:pk>/transition/",
                self.admin_site.admin_view(self.transition_view),
                name="articles_article_transition",
            ),
            path(
                "<int:pk>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            ),
            *super().get_urls(),
        ]

    def heartbeat_view(self, request, pk):
        """The open change form calls this every half minute; answers who else is editing."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = Article.objects.filter(pk=pk).first()
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404
        if self.has_change_permission(request, article):
            edit_session_touch(article=article, user=request.user)
        others = others_editing(article=article, user=request.user)
        return JsonResponse(
            {
                "others": [
                    {"name": o.name, "since": timezone.localtime(o.since).strftime("%H:%M")}
                    for o in others
                ],
                "version": article.version,
            }
        )

    def transition_view(self, request, pk):
        """Change the status without saving the form: for people who may move a story but
        not edit it (a writer withdrawing a story from review)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        self._transition(request, article, request.POST.get("_transition", ""), saved=False)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))

    def compare_view(self, request, pk):
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = Version.objects.get_for_object(article).select_related("revision__user")
        try:
            older = versions.get(pk=int(request.GET.get("from", "")))
            newer = versions.get(pk=int(request.GET.get("to", "")))
        except (ValueError, Version.DoesNotExist):
            messages.error(request, "Choose two revisions of this story to compare.")
            return HttpResponseRedirect(
                reverse("admin:articles_article_history", args=[article.pk])
            )
        if older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": f"Compare revisions of “{article}”",
            "older": older,
            "newer": newer,
            "changes": field_changes(version_values(older), version_values(newer)),
            "revert_url": reverse("admin:articles_article_revision", args=[article.pk, older.pk]),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "compare_url": reverse("admin:articles_article_compare", args=[object_id]),
        }
        response = super().history_view(request, object_id, extra_context)
        for action in response.context_data.get("action_list", []):
            action["version_id"] = resolve(action["url"]).args[1]
        return response
