"""The rights audit log in the admin: every change to what readers may see, read-only."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from articles.models import (
    ReprintRule,
    RightsEvent,
)
from articles.rights.services import (
    grants_log_expiries,
)

# --- The audit log ------------------------------------------------------------------------


class RuleKeyFilter(admin.SimpleListFilter):
    title = "rule"
    parameter_name = "rule__key"

    def lookups(self, request, model_admin):
        return [
            (key, name) for key, name in ReprintRule.objects.current().values_list("key", "name")
        ]

    def queryset(self, request, queryset):
        return queryset.filter(rule__key=self.value()) if self.value() else queryset


@admin.register(RightsEvent)
class RightsEventAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence."""

    list_display = ["at", "action", "article_link", "change", "short_reason", "rule", "user"]
    list_filter = ["action", RuleKeyFilter, ("at", admin.DateFieldListFilter)]
    search_fields = ["reason", "article__headline", "rule__name"]
    list_select_related = ["article", "rule", "user"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="article", ordering="article__headline")
    def article_link(self, obj):
        if obj.article_id is None:
            return "-"
        return format_html(
            '<a href="{}" title="{}">{}</a>',
            reverse("admin:articles_article_change", args=[obj.article_id]),
            obj.article.headline,
            Truncator(obj.article.headline).chars(50),
        )

    @admin.display(description="why")
    def short_reason(self, obj):
        return format_html(
            '<span title="{}">{}</span>', obj.reason, Truncator(obj.reason).chars(220)
        )

    @admin.display(description="readers saw → see")
    def change(self, obj):
        if not (obj.visibility_before or obj.visibility_after):
            return "-"
        return f"{obj.visibility_before or '-'} → {obj.visibility_after or '-'}".replace("_", " ")

    def changelist_view(self, request, extra_context=None):
        grants_log_expiries()
        return super().changelist_view(request, extra_context)
