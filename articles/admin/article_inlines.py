"""The inlines of the article change form: bylines, corrections, company mentions and the
status history."""

from django.contrib import admin

from articles.models import ArticleAuthor, Correction, Transition
from companies.models import Mention


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
