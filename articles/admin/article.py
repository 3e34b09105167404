"""The article desk: editing with optimistic locking, workflow buttons, revisions, bylines."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from reversion.admin import VersionAdmin

from articles.admin.article_actions import ArticleBulkActionsMixin
from articles.admin.article_fieldsets import staff_fieldsets
from articles.admin.article_form import (
    CONFIRM_PROVISIONAL,
    GOING_LIVE,
    ArticleAdminForm,
    change_message,
    provisional_message,
)
from articles.admin.article_inlines import (
    BylineInline,
    CorrectionInline,
    MentionInline,
    TransitionInline,
)
from articles.admin.article_lists import (
    ArticleColumnsMixin,
    ArticleSearchMixin,
    HeldFilter,
    LiveStatusFilter,
    status_html,
)
from articles.admin.article_reparse import ArticleReparseMixin
from articles.admin.article_restore import ArticleRestoreViewsMixin
from articles.admin.article_views import ArticleDeskViewsMixin
from articles.editorial import roles
from articles.editorial.bylines import author_for_staff
from articles.editorial.images import image_sources
from articles.editorial.publishing import PublishRefused
from articles.editorial.workflow import (
    PUBLISHER_FIELDS,
    TransitionRefused,
    article_save,
    article_transition,
    available_transitions,
    edit_session_end,
    others_editing,
)
from articles.markup.text import credit_line
from articles.models import Article, ArticleAuthor, Origin, Status
from newsroom.admin_paginator import LargeTableAdminMixin


@admin.register(Article)
class ArticleAdmin(
    ArticleBulkActionsMixin,
    ArticleReparseMixin,
    ArticleColumnsMixin,
    ArticleSearchMixin,
    ArticleDeskViewsMixin,
    ArticleRestoreViewsMixin,
    LargeTableAdminMixin,
    VersionAdmin,
):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    list_display = [
        "headline_column",
        "status_column",
        "rights_column",
        "publish_at",
        "source",
        "byline_column",
        "updated_at",
    ]
    list_filter = [
        LiveStatusFilter,
        HeldFilter,
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
        "upstream_credits",
        "created_by",
        "created_at",
        "updated_at",
        "lead_image_preview",
        "body_as_read",
        "image_credits_as_read",
        "publication_status",
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
        ("Publication", {"fields": ["publication_status", "publish_at", "hold_reason"]}),
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

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(roles.PUBLISH):
            # Writers don't choose when a story goes out, nor its rights and credit.
            fields += [f for f in PUBLISHER_FIELDS if f not in fields]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.origin == Origin.STAFF:
            fieldsets = staff_fieldsets(fieldsets, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only: show the body as readers see it rather than as HTML source.
            shown = {"body": "body_as_read", "image_credits": "image_credits_as_read"}
            fieldsets = [
                (name, {**options, "fields": [shown.get(f, f) for f in options["fields"]]})
                for name, options in fieldsets
            ]
        return fieldsets

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__author")

    @admin.display(description="Body")
    def body_as_read(self, obj):
        # As a save stores it (articles.markup.sanitize), so safe to render.
        return mark_safe(obj.body_as_stored())

    @admin.display(description="Image credits")
    def image_credits_as_read(self, obj):
        return (
            format_html_join(
                mark_safe("<br>"),
                "{} — {}",
                (
                    (row.get("caption") or "(no caption)", credit_line(row.get("credit", "")))
                    for row in obj.image_credits
                ),
            )
            or "-"
        )

    @admin.display(description="Status")
    def publication_status(self, obj):
        return status_html(obj) if obj.pk else Status(obj.status).label

    # --- Columns -------------------------------------------------------------------------------

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
        if not change and not form.instance.bylines.exists():
            self._byline_for_author(request, form.instance)
        # The confirmation button of a provisional headline carries the status it confirms.
        target = request.POST.get("_transition") or request.POST.get(CONFIRM_PROVISIONAL)
        if target:
            self._transition(request, form.instance, target)

    def construct_change_message(self, request, form, formsets, add=False):
        if add:
            return super().construct_change_message(request, form, formsets, add)
        return change_message(form, formsets)

    def _byline_for_author(self, request, article):
        """A new story carries its author's byline; a first story makes their profile."""
        profile, created = author_for_staff(user=request.user)
        ArticleAuthor.objects.create(article=article, author=profile)
        if created:
            how = (
                "edit it under Authors to change the name or add a photo and bio"
                if request.user.has_perm("articles.change_author")
                else "an editor can change its name, photo and bio under Authors"
            )
            self.message_user(
                request,
                f"Readers will see this story as by “{profile.name}”: you had no author "
                f"profile, so one was made from your account; {how}.",
                messages.INFO,
            )

    def _transition(self, request, article, target, *, saved=True):
        if target not in Status.values:
            self.message_user(request, "Choose a status to move the story to.", messages.ERROR)
            return
        confirmed = bool(request.POST.get(CONFIRM_PROVISIONAL))
        if target in GOING_LIVE and article.headline_is_provisional and not confirmed:
            self.message_user(request, provisional_message(article.headline), messages.ERROR)
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
        if request.POST.get("_transition") or request.POST.get(CONFIRM_PROVISIONAL):
            # Stay on the story so the editor sees its new status and any refusal.
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if request.POST.get("_transition") or request.POST.get(CONFIRM_PROVISIONAL):
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
            provisional_target=form.provisional_target,
            publication_status=status_html(obj) if obj else "",
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
