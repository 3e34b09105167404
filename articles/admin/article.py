from django.contrib import admin, messages
from django.utils.html import format_html

from companies.models import Mention

from ..models import Article, Status
from ..services import PublishRefused, article_publish


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    fields = ["company", "count", "first_position"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "Companies mentioned (found automatically)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "headline_column",
        "status",
        "rights_column",
        "source",
        "publish_at",
        "updated_at",
    ]
    list_filter = ["status", "origin", "headline_is_provisional", "rule__permission", "source"]
    search_fields = ["headline", "dek", "body", "original_author", "import_name"]
    date_hierarchy = "publish_at"
    list_select_related = ["source", "rule"]
    autocomplete_fields = ["source"]
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = [
        "rights_explanation",
        "hold_reason",
        "raw_text",
        "content_hash",
        "import_name",
        "image_credits",
        "upstream_credits",
        "created_at",
        "updated_at",
    ]
    inlines = [MentionInline]
    actions = ["publish_selected"]
    fieldsets = [
        (None, {"fields": ["headline", "headline_is_provisional", "slug", "dek", "body", "tags"]}),
        ("Publication", {"fields": ["status", "publish_at", "hold_reason"]}),
        (
            "Rights and credit",
            {
                "fields": [
                    "rights_explanation",
                    "origin",
                    "source",
                    "rule",
                    "original_url",
                    "original_author",
                    "copyright_holder",
                    "copyright_notice",
                    "image_credits",
                    "upstream_credits",
                ]
            },
        ),
        (
            "Import record",
            {
                "classes": ["collapse"],
                "fields": ["import_name", "content_hash", "raw_text", "created_at", "updated_at"],
            },
        ),
    ]

    @admin.display(description="headline", ordering="headline")
    def headline_column(self, obj):
        if obj.headline_is_provisional:
            return format_html(
                '{} <strong title="Provisional headline">(provisional)</strong>', obj.headline
            )
        return obj.headline

    @admin.display(description="rights", ordering="rule__permission")
    def rights_column(self, obj):
        return obj.permission.replace("_", " ")

    @admin.display(description="What readers may see, and why")
    def rights_explanation(self, obj):
        if obj.pk is None:
            return "-"
        from .rights import rights_explanation_html

        return rights_explanation_html(obj)

    @admin.action(description="Publish selected articles (obeys reprint rules)")
    def publish_selected(self, request, queryset):
        published = 0
        for article in queryset.select_related("rule", "source"):
            if article.status == Status.PUBLISHED:
                continue
            try:
                article_publish(article=article, user=request.user)
                published += 1
            except PublishRefused as exc:
                self.message_user(
                    request,
                    f"Not published: “{article}”. {' '.join(exc.messages)}",
                    messages.ERROR,
                )
        if published:
            self.message_user(request, f"Published {published} article(s).", messages.SUCCESS)
