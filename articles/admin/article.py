"""The article desk: editing with optimistic locking, workflow buttons, revisions, bylines."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from reversion.admin import VersionAdmin

from articles.admin.article_actions import ArticleBulkActionsMixin
from articles.admin.article_form import ArticleAdminForm
from articles.admin.article_inlines import (
    BylineInline,
    CorrectionInline,
    MentionInline,
    TransitionInline,
)
from articles.admin.article_reparse import ArticleReparseMixin
from articles.admin.article_views import ArticleDeskViewsMixin
from articles.editorial import roles
from articles.editorial.images import image_sources
from articles.editorial.publishing import PublishRefused
from articles.editorial.workflow import (
    TransitionRefused,
    article_save,
    article_transition,
    available_transitions,
    edit_session_end,
    others_editing,
)
from articles.models import Article, ArticleAuthor, Status
from newsroom.admin_paginator import LargeTableAdminMixin


@admin.register(Article)
class ArticleAdmin(
    ArticleBulkActionsMixin,
    ArticleReparseMixin,
    ArticleDeskViewsMixin,
    LargeTableAdminMixin,
    VersionAdmin,
):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    list_display = [
        "headline_column",
        "status",
        "rights_column",
        "publish_at",
        "source",
        "byline_column",
        "updated_at",
    ]
    list_filter = [
        "status",
        ("publish_at", admin.DateFieldListFilter),
        "origin",
        "headline_is_provisional",
        "rule__permission",
        "source",
        "authors",
    ]
    search_fields = [
        # Not the body: a LIKE over every story's text read the whole table (a second at
        # 100,000 stories). Readers' full-text search covers published text.
        "headline",
        "dek",
        "original_author",
        "import_name",
        "authors__name",
    ]
    # No date_hierarchy: its year/month links cost a DISTINCT over every story (0.4 s at
    # 100,000); the date filter's fixed ranges cost nothing.
    list_select_related = ["source", "rule"]
    autocomplete_fields = ["source", "lead_image"]
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = [
        "status",
        "rights_explanation",
        "hold_reason",
        "raw_text",
        "content_hash",
        "import_name",
        "image_credits",
        "upstream_credits",
        "created_by",
        "created_at",
        "updated_at",
        "lead_image_preview",
        "body_as_read",
    ]
    inlines = [BylineInline, CorrectionInline, MentionInline, TransitionInline]
    actions = ["publish_selected", "unpublish_selected", "reparse_selected"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "headline",
                    "headline_is_provisional",
                    "slug",
                    "dek",
                    "body",
                    "tags",
                ]
            },
        ),
        ("Lead image", {"fields": ["lead_image", "lead_image_preview"]}),
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
                "fields": [
                    "import_name",
                    "content_hash",
                    "raw_text",
                    "created_by",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
    ]

    # --- Roles ---------------------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or roles.can_edit(request.user, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.stored_version = getattr(request, "_article_stored_version", None)
        return form

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Remember the live version before reversion reverts the old one into the transaction,
        # so a restore is checked against, and numbered after, what is really stored.
        request._article_stored_version = (
            Article.objects.filter(pk=object_id).values_list("version", flat=True).first()
        )
        return super().revision_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(roles.PUBLISH):
            # Writers don't choose when a story goes out, nor its rights classification.
            fields += ["publish_at", "origin", "rule"]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only: show the body as readers see it rather than as HTML source.
            fieldsets = [
                (
                    name,
                    {
                        **options,
                        "fields": ["body_as_read" if f == "body" else f for f in options["fields"]],
                    },
                )
                for name, options in fieldsets
            ]
        return fieldsets

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__author")

    @admin.display(description="Body")
    def body_as_read(self, obj):
        # Sanitised on save (articles.markup.sanitize), so safe to render.
        return mark_safe(obj.body)

    # --- Columns -------------------------------------------------------------------------------

    @admin.display(description="headline", ordering="headline")
    def headline_column(self, obj):
        if obj.headline_is_provisional:
            return format_html(
                '{} <strong title="Provisional headline: write a real one">(provisional)</strong>',
                obj.headline,
            )
        return obj.headline

    @admin.display(description="rights", ordering="rule__permission")
    def rights_column(self, obj):
        return obj.permission.replace("_", " ")

    @admin.display(description="by")
    def byline_column(self, obj):
        names = [b.author.name for b in obj.bylines.all()]
        return ", ".join(names) or obj.original_author or "-"

    @admin.display(description="What readers may see, and why")
    def rights_explanation(self, obj):
        if obj.pk is None:
            return "-"
        from articles.admin.grants import rights_explanation_html

        return rights_explanation_html(obj)

    @admin.display(description="Preview")
    def lead_image_preview(self, obj):
        image = obj.lead_image if obj.pk else None
        if image is None:
            return "-"
        sources = image_sources(image, default_width=320)
        missing_alt = (
            format_html('<p class="errornote">Alt text missing: required to publish.</p>')
            if not image.alt_text.strip()
            else ""
        )
        return format_html(
            '{}<img src="{}" alt="{}" style="max-width:320px;height:auto"><p>{} {}</p>',
            missing_alt,
            sources.src if sources else "",
            image.alt_text,
            image.caption,
            image.credit,
        )

    # --- Saving: optimistic locking, then the requested transition -----------------------------

    def save_model(self, request, obj, form, change):
        article_save(
            article=obj,
            user=request.user,
            base_version=form.cleaned_data.get("base_version"),
            overwrite_version=form.cleaned_data.get("overwrite_version"),
            stored_version=form.stored_version,
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # A writer's new story carries their byline, if they have an author profile.
            profile = getattr(request.user, "author_profile", None)
            if profile is not None and not form.instance.bylines.exists():
                ArticleAuthor.objects.create(article=form.instance, author=profile)
        target = request.POST.get("_transition")
        if target:
            self._transition(request, form.instance, target)

    def _transition(self, request, article, target, *, saved=True):
        if target not in Status.values:
            self.message_user(request, "Choose a status to move the story to.", messages.ERROR)
            return
        try:
            article_transition(article=article, to=target, user=request.user)
        except (TransitionRefused, PublishRefused) as exc:
            prefix = "Saved, but the status was not changed" if saved else "Status not changed"
            self.message_user(request, f"{prefix}: {' '.join(exc.messages)}", messages.ERROR)
        else:
            when = ""
            if article.status == Status.SCHEDULED:
                when = f" for {timezone.localtime(article.publish_at):%d %b %Y %H:%M}"
            self.message_user(
                request,
                f"“{article}” is now {article.get_status_display().lower()}{when}.",
                messages.SUCCESS,
            )

    def response_change(self, request, obj):
        edit_session_end(article=obj, user=request.user)
        if request.POST.get("_transition"):
            # Stay on the story so the editor sees its new status and any refusal.
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if request.POST.get("_transition"):
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    # --- The change form: soft lock, stale-save panel, workflow buttons -------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        context.update(
            transitions=available_transitions(article=obj, user=request.user) if obj else [],
            others_editing=others_editing(article=obj, user=request.user) if obj else [],
            stale=form.stale,
            stale_changes=form.stale_changes,
            edit_lock_seconds=self._lock_seconds(),
            heartbeat_url=(
                reverse("admin:articles_article_heartbeat", args=[obj.pk]) if obj else ""
            ),
            preview_url=reverse("editorial:preview", args=[obj.pk]) if obj else "",
            transition_url=(
                reverse("admin:articles_article_transition", args=[obj.pk]) if obj else ""
            ),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)
