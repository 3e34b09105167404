"""Partners (sources) in the admin, with their profiles: the names and domains they are
recognised by, their own line patterns, their default licence, and a box that shows what the
importer reads in a sample of their copy."""

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils.html import format_html

from articles.admin.source_try import try_it_html
from articles.models import Source

TRY_BUTTON = "_try_sample"


class TryBoxWidget(forms.Textarea):
    """A textarea with a button that reads it with the profile as typed, saving nothing."""

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        return format_html(
            '{}<p><button type="submit" name="{}" value="1" class="button">'
            "Try it on this text (saves nothing)</button></p>",
            box,
            TRY_BUTTON,
        )


class SourceForm(forms.ModelForm):
    try_text = forms.CharField(
        label="Try it on this text",
        required=False,
        widget=TryBoxWidget(attrs={"rows": 12, "cols": 90}),
        help_text="Paste a story as this partner sends it: every line is shown with the kind "
        "the importer gives it, with the fields it finds, using the names, domains, patterns "
        "and licence above as typed.",
    )

    class Meta:
        model = Source
        fields = [
            "name",
            "slug",
            "domain",
            "homepage",
            "kind",
            "recognised_names",
            "recognised_domains",
            "line_patterns",
            "default_license",
            "hold_for_editor",
        ]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    list_display = ["name", "domain", "kind", "default_license", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name", "domain", "recognised_names"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "domain", "homepage", "kind"]}),
        ("Recognised by", {"fields": ["recognised_names", "recognised_domains"]}),
        ("How its copy reads", {"fields": ["line_patterns", "default_license", "hold_for_editor"]}),
        ("Try it", {"fields": ["try_text"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_articles=Count("articles"))

    @admin.display(description="articles", ordering="_articles")
    def article_count(self, obj):
        return obj._articles

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and TRY_BUTTON in request.POST:
            return self._try_sample(request, object_id, form_url, extra_context)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _try_sample(self, request, object_id, form_url, extra_context):
        """The change form again, as typed, with the result panel under the box; nothing is
        saved and the form shows no error for the sample."""
        add = object_id is None
        obj = None if add else self.get_object(request, unquote(object_id))
        if not add and obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        allowed = (
            self.has_add_permission(request) if add else self.has_change_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        form = self.get_form(request, obj, change=not add)(request.POST, instance=obj)
        form.is_valid()  # fills the instance with what was typed; real errors show as usual
        fieldsets = self.get_fieldsets(request, obj)
        admin_form = helpers.AdminForm(
            form,
            list(fieldsets),
            self.get_prepopulated_fields(request, obj) if add else {},
            self.get_readonly_fields(request, obj),
            model_admin=self,
        )
        sample = form.data.get("try_text", "")
        context = {
            **self.admin_site.each_context(request),
            "title": ("Add" if add else "Change") + " source",
            "subtitle": str(obj) if obj else None,
            "adminform": admin_form,
            "object_id": object_id,
            "original": obj,
            "is_popup": False,
            "to_field": None,
            "media": self.media + admin_form.media,
            "inline_admin_formsets": [],
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            "try_result": try_it_html(form.instance, sample) if sample.strip() else "",
            **(extra_context or {}),
        }
        return self.render_change_form(
            request, context, add=add, change=not add, obj=obj, form_url=form_url
        )
