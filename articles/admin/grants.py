"""Permission grants in the admin: who allowed what, until when, and the stories covered;
and the links the article desk uses to start a grant and explain a decision."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles.models import (
    Article,
    GrantScope,
    PermissionGrant,
)
from articles.rights.services import (
    grant_add,
    grant_revoke,
    grants_log_expiries,
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


VISIBILITY_WORDS = {
    "full": "the full text",
    "excerpt": "an excerpt",
    "link_only": "only the headline, our summary and a link",
    "nothing": "nothing",
}


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

    def response_add(self, request, obj, post_url_continue=None):
        started_from = request.GET.get("article", "")
        if obj.scope == GrantScope.ARTICLE and started_from == str(obj.article_id):
            # Started from the article's rights panel: back to it, where the new decision shows.
            from articles.rights.engine import rights_decision

            decision = rights_decision(obj.article)
            self.message_user(
                request,
                f"Grant “{obj}” recorded. With it, readers may see "
                f"{VISIBILITY_WORDS.get(decision.visibility, decision.visibility)} of "
                f"“{obj.article}” once it is published.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[obj.article_id])
            )
        return super().response_add(request, obj, post_url_continue)

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
