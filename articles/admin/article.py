"""The article desk: editing with optimistic locking, workflow buttons, revisions, bylines."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, resolve, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles.editorial import roles
from articles.editorial.images import image_sources
from articles.editorial.publishing import PublishRefused
from articles.editorial.revisions import COMPARED_FIELDS, field_changes, version_values
from articles.editorial.workflow import (
    TransitionRefused,
    article_save,
    article_transition,
    available_transitions,
    edit_session_end,
    edit_session_touch,
    others_editing,
    stale_message,
)
from companies.models import Mention
from newsroom.admin_paginator import LargeTableAdminMixin

from ..models import Article, ArticleAuthor, Correction, Status, Transition
from .widgets import TagNamesField


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    fields = ["company", "count", "first_position"]
    readonly_fields = ["count", "first_position"]
    autocomplete_fields = ["company"]
    verbose_name_plural = "Companies mentioned (found automatically; add any the matcher missed)"


class BylineInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    fields = ["author", "order"]
    autocomplete_fields = ["author"]
    verbose_name_plural = "Bylines (in the order readers see them)"


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["corrected_at", "text"]
    verbose_name_plural = "Corrections shown to readers"


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    fields = ["at", "user", "from_status", "to_status", "publish_at", "note"]
    readonly_fields = fields
    can_delete = False
    classes = ["collapse"]
    verbose_name_plural = "Status changes (who and when)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ArticleAdminForm(forms.ModelForm):
    """Carries the version the editor started from, and refuses a save if someone saved since."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    overwrite_version = forms.IntegerField(
        required=False,
        widget=forms.HiddenInput,
        help_text="Set when the editor has seen a newer save and chooses to replace it.",
    )

    tags = TagNamesField(required=False)

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007  (the admin's fieldsets choose the fields)

    # Set by the admin while restoring a revision: the version stored before the old revision
    # was reverted into the request's transaction.
    stored_version = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stale = None
        self.stale_changes = []
        if self.instance.pk and not self.is_bound:
            self.initial["base_version"] = self.stored_version or self.instance.version
            self.initial["tags"] = sorted(self.instance.tags.names(), key=str.lower)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        queryset = Article.objects.all()
        if transaction.get_connection().in_atomic_block:
            # The admin saves in this same transaction: lock the row now so no other save can
            # slip in between this check and ours.
            queryset = queryset.select_for_update()
        current = queryset.get(pk=self.instance.pk)
        if self.stored_version is not None:
            current.version = self.stored_version
        base = cleaned.get("base_version")
        if current.version not in (base, cleaned.get("overwrite_version")):
            self.stale = current
            theirs = {name: getattr(current, name) for name, _ in COMPARED_FIELDS}
            theirs["lead_image"] = current.lead_image_id
            yours = {
                name: cleaned.get(name, theirs[name])
                for name, _ in COMPARED_FIELDS
                if name in self.fields
            }
            if "lead_image" in yours:
                yours["lead_image"] = getattr(yours["lead_image"], "pk", yours["lead_image"])
            self.stale_changes = field_changes(theirs, yours)
            raise ValidationError(stale_message(current), code="stale")
        return cleaned


@admin.register(Article)
class ArticleAdmin(LargeTableAdminMixin, VersionAdmin):
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
    actions = ["publish_selected", "unpublish_selected"]
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
        from .rights import rights_explanation_html

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
        ] + super().get_urls()

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

    # --- Revisions: compare two ----------------------------------------------------------------

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

    # --- Bulk actions --------------------------------------------------------------------------

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
