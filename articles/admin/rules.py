"""Reprint rules in the admin: versions, the pattern tester, and the stories a change affects."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles.admin.grants import _article_links
from articles.admin.rule_tester import TEST_BUTTON, TESTED, TestBoxWidget, pattern_test_html
from articles.models import (
    Article,
    ReprintRule,
)
from articles.rights.attribution import rule_template_problems
from articles.rights.engine import match_rule
from articles.rights.services import (
    article_classify,
    articles_affected_by,
    rule_create,
    rule_revise,
)

# --- Reprint rules ------------------------------------------------------------------------


class ReprintRuleForm(forms.ModelForm):
    test_notice = forms.CharField(
        label="Test against this text",
        required=False,
        widget=TestBoxWidget(attrs={"rows": 3, "cols": 80}),
        help_text="Paste a story's notice to see what each pattern matches and captures.",
    )

    class Meta:
        model = ReprintRule
        fields = list(
            dict.fromkeys(
                ["name", "key", "editor_note", *ReprintRule.TERMS, "valid_from", "change_reason"]
            )
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "key" in self.fields:
            self.fields["key"].required = False
            self.fields["key"].help_text += " Leave empty to derive it from the name."

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("test_notice", "")
        patterns = self.data.get("notice_patterns") or self.instance.notice_patterns or ""
        if text and patterns:
            self.fields["test_notice"].widget.result = pattern_test_html(patterns, text)
        past = self.instance.pk and self.instance.valid_to is not None
        if past and not getattr(self, "testing", False):
            raise forms.ValidationError(
                "This is a past version and never changes; edit the current version instead."
            )
        if getattr(self, "testing", False):
            if not text:
                self.add_error("test_notice", "Paste a notice to test the patterns against.")
            else:
                # Keeps the admin from saving; render_change_form takes it off the page, where
                # the result panel says what happened.
                self.add_error(None, forms.ValidationError("Tested.", code=TESTED))
        return cleaned


class VersionFilter(admin.SimpleListFilter):
    title = "version"
    parameter_name = "version_state"

    def lookups(self, request, model_admin):
        return [("current", "Current versions"), ("past", "Past versions")]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.current()
        if self.value() == "past":
            return queryset.filter(valid_to__isnull=False)
        return queryset


@admin.register(ReprintRule)
class ReprintRuleAdmin(admin.ModelAdmin):
    form = ReprintRuleForm
    list_display = [
        "name",
        "version",
        "permission_column",
        "license_spdx",
        "edits_column",
        "in_force",
        "valid_from",
        "priority",
        "article_count",
    ]
    list_filter = [VersionFilter, "permission", "edits", "source"]
    search_fields = ["name", "key", "notice_patterns", "editor_note"]
    autocomplete_fields = ["source"]
    prepopulated_fields = {"key": ["name"]}
    readonly_fields = [
        "version",
        "valid_to",
        "created_by",
        "created_at",
        "version_history",
        "affected_articles",
        "recent_events",
    ]
    fieldsets = [
        (None, {"fields": ["name", "key", "source", "priority", "editor_note"]}),
        (
            "Recognising the notice",
            {"fields": ["notice_patterns", "test_notice"]},
        ),
        (
            "Terms",
            {
                "fields": [
                    "permission",
                    "license_spdx",
                    "license_url",
                    "edits",
                    "headline_may_change",
                    "images",
                    "search_engines",
                ]
            },
        ),
        (
            "Credit",
            {"fields": ["attribution_template", "attribution_position", "link_back_required"]},
        ),
        (
            "Excerpts and links",
            {"fields": ["excerpt_max_words", "excerpt_max_paragraphs", "excerpt_cta_template"]},
        ),
        (
            "Version",
            {
                "description": "Changing any term makes a new version from now on. Articles "
                "keep the version they were decided under, unless the new one is stricter: "
                "then it applies to them at once, and they are listed here.",
                "fields": [
                    "version",
                    "valid_from",
                    "valid_to",
                    "change_reason",
                    "created_by",
                    "created_at",
                    "version_history",
                    "affected_articles",
                    "recent_events",
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_articles=Count("articles"))

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else super().get_prepopulated_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("key")
            if obj.valid_to is not None:  # a past version is history: it never changes
                fields += [f.name for f in ReprintRule._meta.fields if f.name not in fields]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and obj.valid_to is not None:
            kwargs["fields"] = [
                f for f in ("test_notice",) if f not in self.get_readonly_fields(request, obj)
            ]
        form = super().get_form(request, obj, change=change, **kwargs)
        form.testing = TEST_BUTTON in request.POST
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if getattr(form, "testing", False) and form.is_bound:
            # A test is not a failed save: take its marker off, so the page shows the result
            # panel and only real problems as errors ("Please correct …").
            marker = [e for e in form.non_field_errors().as_data() if e.code == TESTED]
            if marker:
                remaining = [e for e in form.non_field_errors().as_data() if e.code != TESTED]
                if remaining:
                    form._errors[NON_FIELD_ERRORS] = form.error_class(
                        remaining, error_class="nonfield"
                    )
                else:
                    del form._errors[NON_FIELD_ERRORS]
                formsets = [f.formset for f in context.get("inline_admin_formsets", [])]
                context["errors"] = helpers.AdminErrorList(form, formsets)
        if obj is not None and request.method == "GET":
            # Stored before templates were checked: say so, though pages render it leniently.
            for problem in rule_template_problems(obj):
                self.message_user(request, problem, messages.WARNING)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("valid_from", timezone.now())
        return initial

    @admin.display(description="permission", ordering="permission")
    def permission_column(self, obj):
        return obj.permission.replace("_", " ")

    @admin.display(description="edits", ordering="edits")
    def edits_column(self, obj):
        return obj.edits.replace("_", " ")

    @admin.display(boolean=True, description="in force")
    def in_force(self, obj):
        return obj.is_in_force()

    @admin.display(description="articles", ordering="_articles")
    def article_count(self, obj):
        return getattr(obj, "_articles", obj.articles.count())

    @admin.display(description="All versions")
    def version_history(self, obj):
        if obj.pk is None:
            return "-"
        versions = ReprintRule.objects.filter(key=obj.key).order_by("-version")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">v{}</a>: {} — from {} {}</li>',
                (
                    (
                        reverse("admin:articles_reprintrule_change", args=[v.pk]),
                        v.version,
                        v.get_permission_display(),
                        timezone.localtime(v.valid_from).strftime("%Y-%m-%d %H:%M"),
                        f"until {timezone.localtime(v.valid_to):%Y-%m-%d %H:%M}"
                        if v.valid_to
                        else "(current)",
                    )
                    for v in versions
                ),
            ),
        )

    @admin.display(description="Published articles a stricter version now governs")
    def affected_articles(self, obj):
        if obj.pk is None:
            return "-"
        affected = articles_affected_by(obj)
        if not affected:
            return "None."
        return _article_links(affected)

    @admin.display(description="Audit log")
    def recent_events(self, obj):
        if obj.pk is None:
            return "-"
        url = reverse("admin:articles_rightsevent_changelist") + f"?rule__key={obj.key}"
        return format_html('<a href="{}">Every audit entry for this rule</a>', url)

    def save_model(self, request, obj, form, change):
        if not change:
            rule_create(rule=obj, user=request.user)
            article_id = request.GET.get("from_article")
            if article_id and article_id.isdigit():
                self._classify_from(request, obj, int(article_id))
            return
        changes = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in form.cleaned_data and name != "test_notice"
        }
        result = rule_revise(
            rule=obj,
            changes=changes,
            user=request.user,
            reason=form.cleaned_data.get("change_reason", ""),
        )
        obj.pk = result.rule.pk  # the redirect and messages follow the new version
        obj.version = result.rule.version
        if result.previous is not None:
            self.message_user(
                request,
                f"Saved as version {result.rule.version}; version {result.previous.version} "
                "stays with the articles decided under it.",
                messages.SUCCESS,
            )
        if result.affected:
            self.message_user(
                request,
                format_html(
                    "The new version is stricter ({}). {} published article(s) obey it from "
                    "now: {}",
                    "; ".join(result.stricter),
                    len(result.affected),
                    _article_links(result.affected),
                ),
                messages.WARNING,
            )

    def _classify_from(self, request, rule, article_id):
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            return
        matched, _ = match_rule(article.copyright_notice)
        if matched is None or matched.key != rule.key:
            self.message_user(
                request,
                f"The new rule does not match the notice of “{article}”; adjust its patterns, "
                "then choose the rule on the article.",
                messages.WARNING,
            )
            return
        article_classify(article=article, rule=matched, user=request.user)
        self.message_user(
            request,
            format_html(
                '“<a href="{}">{}</a>” is now classified under this rule.',
                reverse("admin:articles_article_change", args=[article.pk]),
                article,
            ),
            messages.SUCCESS,
        )
