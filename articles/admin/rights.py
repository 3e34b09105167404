"""Admin for partners and their reprint rules."""

from django.contrib import admin
from django.db.models import Count

from ..models import ReprintRule, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "homepage", "article_count"]
    search_fields = ["name", "domain"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_articles=Count("articles"))

    @admin.display(description="articles", ordering="_articles")
    def article_count(self, obj):
        return obj._articles


@admin.register(ReprintRule)
class ReprintRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "permission", "priority", "updated_at"]
    list_filter = ["permission", "source"]
    search_fields = ["name", "notice_patterns", "editor_note"]
    autocomplete_fields = ["source"]
