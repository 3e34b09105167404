"""The article change form: the version it was opened at (optimistic locking), tags as
names, and the confirmation to overwrite a newer save."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from articles.admin.widgets import TagNamesField
from articles.editorial.revisions import COMPARED_FIELDS, field_changes
from articles.editorial.workflow import (
    stale_message,
)
from articles.models import Article


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

    def clean_publish_at(self):
        value = self.cleaned_data.get("publish_at")
        stored = self.instance.publish_at
        # The form shows whole seconds: posting the stored time back unchanged must not move it.
        if value and stored and value == stored.replace(microsecond=0):
            return stored
        return value

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
