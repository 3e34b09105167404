"""The inlines of the article change form: bylines, corrections, company mentions and the
status history."""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from articles.models import ArticleAuthor, Correction, Transition
from companies.models import Mention
from companies.services.mentions import mention_add_by_hand


class MentionForm(forms.ModelForm):
    class Meta:
        model = Mention
        fields = ["company"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A listed company is removed (Delete) rather than swapped for another.
            self.fields["company"].disabled = True

    def clean(self):
        cleaned = super().clean()
        company = cleaned.get("company")
        if self.instance.pk is None and company and self.instance.article_id:
            listed = Mention.objects.filter(
                article_id=self.instance.article_id, company=company
            ).first()
            if listed is not None:
                # Already found in the text: adding it again marks it as added by hand.
                self.instance = listed
        return cleaned


class MentionFormSet(BaseInlineFormSet):
    """New rows are added by hand (``mention_add_by_hand``), which also copes with the
    matcher finding the same company while the story is saved, or having found it before."""

    def validate_unique(self):
        # The same company twice (a new row and a listed one, or two new rows) is one mention
        # added by hand, not an error: saving is idempotent.
        pass

    def save_new(self, form, commit=True):
        return mention_add_by_hand(article=self.instance, company=form.cleaned_data["company"])


class MentionInline(admin.TabularInline):
    model = Mention
    form = MentionForm
    formset = MentionFormSet
    extra = 0
    fields = ["company", "how_found", "count", "first_position"]
    readonly_fields = ["how_found", "count", "first_position"]
    autocomplete_fields = ["company"]
    verbose_name_plural = (
        "Companies mentioned (found automatically; add any the matcher missed, and they stay "
        "until you remove them)"
    )

    @admin.display(description="how")
    def how_found(self, obj):
        if obj is None or obj.pk is None:
            return "added by hand"
        return "added by hand" if obj.manual else "found in the text"


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
