"""The article change form: the version it was opened at (optimistic locking), tags as
names, the confirmation to overwrite a newer save or to publish a provisional headline, and
the revision comment naming what an editor changed."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import get_text_list

from articles.admin.widgets import HeadlineWidget, ImageCreditsField, TagNamesField
from articles.editorial.revisions import COMPARED_FIELDS, field_changes
from articles.editorial.workflow import (
    stale_message,
)
from articles.markup.sanitize import sanitize_html
from articles.models import Article, Status
from articles.site.seo import HEADLINE_LIMIT

# The button that publishes (or schedules) a story with its provisional headline anyway.
CONFIRM_PROVISIONAL = "_confirm_provisional"
GOING_LIVE = (Status.PUBLISHED, Status.SCHEDULED)


def provisional_message(headline: str) -> str:
    return (
        f"Not published: the headline “{headline}” is provisional. The importer made it from "
        "the story's opening words, and readers would see it as the headline. Write a real "
        "headline and untick “Headline is provisional”, or confirm that readers should see "
        "this one."
    )


class ArticleAdminForm(forms.ModelForm):
    """Carries the version the editor started from, and refuses a save if someone saved since."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    overwrite_version = forms.IntegerField(
        required=False,
        widget=forms.HiddenInput,
        help_text="Set when the editor has seen a newer save and chooses to replace it.",
    )

    tags = TagNamesField(required=False)
    image_credits = ImageCreditsField(
        required=False,
        help_text="The photo credits found in the partner's text, one row per image. A "
        "re-import of the partner's file replaces them.",
    )

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007  (the admin's fieldsets choose the fields)
        widgets = {"headline": HeadlineWidget(limit=HEADLINE_LIMIT)}

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

    def clean_headline(self):
        # Typed or pasted line breaks and runs of spaces: a headline is one line.
        return " ".join(self.cleaned_data["headline"].split())

    # The status an unconfirmed provisional headline kept the story from (for the template).
    provisional_target = None

    def clean(self):
        cleaned = super().clean()
        self._check_provisional(cleaned)
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

    def _check_provisional(self, cleaned):
        """Going live with a provisional headline takes the editor's confirmation."""
        target = self.data.get("_transition") or self.data.get(CONFIRM_PROVISIONAL)
        provisional = cleaned.get("headline_is_provisional", self.instance.headline_is_provisional)
        if target in GOING_LIVE and provisional and not self.data.get(CONFIRM_PROVISIONAL):
            self.provisional_target = target
            # The panel at the top of the form says why and holds the confirmation button.
            error = ValidationError(
                "This headline is provisional: write a real one and untick this box, or "
                "confirm it at the top of the form.",
                code="provisional_headline",
            )
            if "headline_is_provisional" in self.fields:
                self.add_error("headline_is_provisional", error)
            else:
                self.add_error(None, error)


# Bookkeeping fields of the form, never "changes" an editor made.
_BOOKKEEPING = {"base_version", "overwrite_version"}
_WORDS = dict(COMPARED_FIELDS) | {
    "dek": "standfirst",
    "headline_is_provisional": "provisional flag",
}


def change_message(form, formsets) -> str:
    """The revision comment for an edit: the fields the editor changed, in words
    ("Changed headline, standfirst and bylines."), leaving out the form's bookkeeping and a
    body the editor re-serialised without changing it."""
    changed = []
    for name in form.changed_data:
        if name in _BOOKKEEPING or not _text_changed(form, name):
            continue
        label = _WORDS.get(name) or str(form.fields[name].label or name.replace("_", " "))
        changed.append(label.lower())
    changed += [
        str(formset.model._meta.verbose_name_plural).lower()
        for formset in formsets
        if formset.has_changed()
    ]
    if not changed:
        return "Saved without changes."
    return f"Changed {get_text_list(list(dict.fromkeys(changed)), 'and')}."


def _text_changed(form, name: str) -> bool:
    """The rich-text editor may re-serialise a body nobody touched; compare what would be
    stored, whitespace aside."""
    if name != "body":
        return True

    def stored(html):
        return " ".join(sanitize_html(html or "").split())

    return stored(form.initial.get("body")) != stored(form.cleaned_data.get("body"))
