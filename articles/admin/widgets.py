"""Form pieces for the article admin."""

from django import forms
from django.conf import settings
from django.urls import reverse_lazy


class TagAutocompleteWidget(forms.SelectMultiple):
    """Tags as removable chips with autocomplete from existing tags; new ones can be typed."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "class": "tag-autocomplete",
                "data-autocomplete-url": reverse_lazy("admin:autocomplete"),
                "style": "min-width: 30em",
                **(attrs or {}),
            }
        )

    def optgroups(self, name, value, attrs=None):
        # The only options are the chosen tags; the rest come from the autocomplete view.
        self.choices = [(v, v) for v in value]
        return super().optgroups(name, value, attrs)

    @property
    def media(self):
        # The same files, minified or not, as the admin's own autocomplete widgets use.
        extra = "" if settings.DEBUG else ".min"
        return forms.Media(
            js=[
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                "admin/js/jquery.init.js",
                "articles/tag_autocomplete.js",
            ],
            css={
                "screen": [
                    f"admin/css/vendor/select2/select2{extra}.css",
                    "admin/css/autocomplete.css",
                ]
            },
        )


class TagNamesField(forms.MultipleChoiceField):
    """A list of tag names; any name is valid (new tags are created on save)."""

    widget = TagAutocompleteWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Start typing to pick a tag, or type a new one.")
        super().__init__(choices=(), **kwargs)

    def prepare_value(self, value):
        return [getattr(tag, "name", tag) for tag in (value or [])]

    def valid_value(self, value):
        return 0 < len(value.strip()) <= 100

    def clean(self, value):
        names = super().clean(value)
        return sorted({name.strip() for name in names}, key=str.lower)
