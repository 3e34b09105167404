"""Admin for partners, their reprint rules, permission grants and the rights audit log."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from articles.rights.engine import match_rule
from articles.rights.notices import try_patterns
from articles.rights.services import (
    article_classify,
    articles_affected_by,
    grant_add,
    grant_revoke,
    grants_log_expiries,
    rule_create,
    rule_revise,
)

from ..models import (
    Article,
    GrantScope,
    PermissionGrant,
    ReprintRule,
    RightsEvent,
    Source,
)

TEST_BUTTON = "_test_patterns"


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


# --- Reprint rules ------------------------------------------------------------------------


class TestBoxWidget(forms.Textarea):
    """A textarea with a button that tests the patterns against it without saving."""

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        return format_html(
            '{}<p><button type="submit" name="{}" value="1" class="button">'
            "Test the patterns against this text (saves nothing)</button></p>",
            box,
            TEST_BUTTON,
        )


def pattern_test_html(patterns: str, text: str) -> str:
    """The result of trying each pattern line on ``text``, for editors."""
    rows = []
    for result in try_patterns(patterns, text):
        if result.error:
            outcome = format_html('<span class="rights-bad">invalid: {}</span>', result.error)
        elif result.matched:
            groups = ", ".join(f"{k} = “{v}”" for k, v in result.groups.items()) or "no groups"
            outcome = format_html(
                '<span class="rights-ok">matches</span> “{}” — {}', result.matched_text, groups
            )
        else:
            outcome = mark_safe('<span class="rights-bad">no match</span>')
        rows.append(format_html("<li>Line {}: {}</li>", result.line, outcome))
    winner, _ = match_rule(text)
    overall = (
        format_html("With every rule in force, the importer would choose “{}”.", winner)
        if winner
        else "No rule in force matches this text: a story with it would be held as unknown."
    )
    return format_html(
        '<div class="pattern-test"><ul>{}</ul><p>{}</p></div>', mark_safe("".join(rows)), overall
    )


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
            result = pattern_test_html(patterns, text)
            self.fields["test_notice"].help_text = result
            self["test_notice"].help_text = result  # bound fields copy it (Django 5)
        past = self.instance.pk and self.instance.valid_to is not None
        if past and not getattr(self, "testing", False):
            raise forms.ValidationError(
                "This is a past version and never changes; edit the current version instead."
            )
        if getattr(self, "testing", False):
            if not text:
                self.add_error("test_notice", "Paste a notice to test the patterns against.")
            else:
                self.add_error("test_notice", "Tested; nothing was saved. The result is below.")
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


def _article_links(articles) -> str:
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            ((reverse("admin:articles_article_change", args=[a.pk]), a.headline) for a in articles),
        ),
    )


# --- Permission grants --------------------------------------------------------------------


class GrantStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("valid", "Valid now"), ("ended", "Expired or revoked")]

    def queryset(self, request, queryset):
        if self.value() == "valid":
            return queryset.valid()
        if self.value() == "ended":
            return queryset.exclude(pk__in=queryset.valid().values("pk"))
        return queryset


@admin.register(PermissionGrant)
class PermissionGrantAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "scope",
        "granted_by",
        "granted_at",
        "valid_from",
        "expires_at",
        "state",
    ]
    list_filter = [GrantStateFilter, "scope", "source"]
    search_fields = ["reference", "granted_by", "article__headline", "source__name"]
    autocomplete_fields = ["article", "source"]
    readonly_fields = ["revoked_at", "recorded_by", "created_at"]
    actions = ["revoke_selected"]
    fields = [
        "scope",
        "article",
        "source",
        "granted_by",
        "granted_at",
        "reference",
        "valid_from",
        "expires_at",
        "notes",
        "revoked_at",
        "recorded_by",
        "created_at",
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:  # a recorded grant is evidence: only notes may change
            fields += [f for f in self.fields if f not in fields and f != "notes"]
        return fields

    @admin.display(description="state")
    def state(self, obj):
        now = timezone.now()
        if obj.revoked_at and obj.revoked_at <= now:
            return "revoked"
        if obj.expires_at and obj.expires_at <= now:
            return "expired"
        if obj.valid_from > now:
            return "not yet valid"
        return "valid"

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["notes"])
        else:
            grant_add(grant=obj, user=request.user)

    def changelist_view(self, request, extra_context=None):
        grants_log_expiries()
        return super().changelist_view(request, extra_context)

    @admin.action(description="Revoke selected grants now")
    def revoke_selected(self, request, queryset):
        count = 0
        for grant in queryset.valid():
            grant_revoke(grant=grant, user=request.user)
            count += 1
        self.message_user(request, f"Revoked {count} grant(s).", messages.SUCCESS)


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


def grant_add_url(article: Article) -> str:
    return (
        reverse("admin:articles_permissiongrant_add")
        + f"?scope={GrantScope.ARTICLE}&article={article.pk}"
    )


def rights_explanation_html(article: Article) -> str:
    """Everything an editor needs to understand the rights decision on ``article``."""
    from urllib.parse import urlencode

    from articles.rights.engine import rights_decision
    from articles.rights.explain import explain_html
    from articles.rights.notices import suggest_pattern

    parts = [explain_html(article)]
    decision = rights_decision(article)
    links = []
    if decision.rule_id:
        links.append(
            format_html(
                '<a href="{}">Open the rule “{}” (v{})</a>',
                reverse("admin:articles_reprintrule_change", args=[decision.rule_id]),
                decision.rule_name,
                decision.rule_version,
            )
        )
    if article.rule_id is None and article.origin == "partner":
        if article.copyright_notice:
            query = urlencode(
                {
                    "name": f"{article.source or article.copyright_holder or 'New partner'}: "
                    "reprint terms",
                    "notice_patterns": suggest_pattern(article.copyright_notice),
                    "test_notice": article.copyright_notice,
                    "source": article.source_id or "",
                    "from_article": article.pk,
                }
            )
            links.append(
                format_html(
                    '<a href="{}?{}">Create a rule from this notice</a> (the story is '
                    "classified under it once it matches)",
                    reverse("admin:articles_reprintrule_add"),
                    query,
                )
            )
        else:
            links.append(
                mark_safe("No notice was found: choose a rule below under “Rights and credit”.")
            )
    if article.rule_id and article.rule.permission == "permission_required":
        links.append(
            format_html('<a href="{}">Record a permission grant</a>', grant_add_url(article))
        )
    grants = list(article.grants.all()[:5]) if article.pk else []
    for grant in grants:
        state = "valid" if grant.is_valid() else "not valid now"
        links.append(
            format_html(
                '<a href="{}">{}</a> ({})',
                reverse("admin:articles_permissiongrant_change", args=[grant.pk]),
                grant,
                state,
            )
        )
    links.append(
        format_html(
            '<a href="{}?article__id__exact={}">Rights history of this story</a>',
            reverse("admin:articles_rightsevent_changelist"),
            article.pk,
        )
    )
    parts.append(
        format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((x,) for x in links)))
    )
    return mark_safe("".join(parts))
