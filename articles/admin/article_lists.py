"""The article change list as readers see the stories: status filters and columns that count a
scheduled story whose time has come as published, and the filter for held stories."""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from articles.editorial.attention import (
    HELD_OTHER,
    HELD_RIGHTS,
    held_for_other_reasons_q,
    waiting_for_rights_q,
)
from articles.models import Article, Status


class LiveStatusFilter(admin.SimpleListFilter):
    """Status, with "Published" meaning live now: a scheduled story whose publish time has
    passed is listed there, not under "Scheduled". Keeps the ``status__exact`` parameter of
    Django's own filter, so existing links keep working."""

    title = "status"
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.with_live_status(self.value())
        return queryset


class HeldFilter(admin.SimpleListFilter):
    title = "held back"
    parameter_name = "held"

    def lookups(self, request, model_admin):
        return [
            (HELD_RIGHTS, "Waiting for rights review"),
            (HELD_OTHER, "Held for another reason"),
        ]

    def queryset(self, request, queryset):
        if self.value() == HELD_RIGHTS:
            return queryset.filter(waiting_for_rights_q())
        if self.value() == HELD_OTHER:
            return queryset.filter(held_for_other_reasons_q())
        return queryset


def status_html(article: Article) -> str:
    """ "Published (live since 1 Dec 08:11)" for a scheduled story whose time has come,
    "Scheduled for …" for one still to come, else the status."""
    if article.status == Status.SCHEDULED and article.publish_at:
        when = timezone.localtime(article.publish_at)
        if article.live_status == Status.PUBLISHED:
            return format_html(
                'Published <span class="quiet">(scheduled; live since {})</span>',
                f"{when:%-d %b %H:%M}",
            )
        return format_html("Scheduled for {}", f"{when:%-d %b %Y %H:%M}")
    return article.get_status_display()


class ArticleColumnsMixin:
    """The change list's columns: what an editor scans for."""

    @admin.display(description="headline", ordering="headline")
    def headline_column(self, obj):
        if obj.headline_is_provisional:
            return format_html(
                '{} <strong title="Provisional headline: write a real one">(provisional)</strong>',
                obj.headline,
            )
        return obj.headline

    @admin.display(description="status", ordering="status")
    def status_column(self, obj):
        return status_html(obj)

    @admin.display(description="rights", ordering="rule__permission")
    def rights_column(self, obj):
        return obj.permission.replace("_", " ")

    @admin.display(description="by")
    def byline_column(self, obj):
        names = [b.author.name for b in obj.bylines.all()]
        return ", ".join(names) or obj.original_author or "-"
