"""Partners (sources) in the admin."""

from django.contrib import admin
from django.db.models import Count

from articles.models import (
    Source,
)


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
