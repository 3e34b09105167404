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


class HeadlineWidget(forms.Textarea):
    """The headline box at the form's full width, wrapping so a long headline stays in
    view while typed (one line: Enter does nothing), with a count of characters against the
    length search engines and social cards show (``articles.site.seo.HEADLINE_LIMIT``)."""

    template_name = "articles/widgets/headline.html"

    def __init__(self, limit: int, attrs=None):
        self.limit = limit
        super().__init__(attrs={"class": "headline-input", "rows": 2, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(limit=self.limit, length=len(value or ""))
        return context

    @property
    def media(self):
        return forms.Media(js=["articles/headline_count.js"])


class ImageCreditsWidget(forms.Widget):
    """Image credits as rows of caption and credit boxes, one row per image, plus an empty
    row to add one; a row left empty is dropped."""

    template_name = "articles/widgets/image_credits.html"
    blank_rows = 1

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = [
            {"caption": row.get("caption", ""), "credit": row.get("credit", "")}
            for row in (value if isinstance(value, list) else [])
            if isinstance(row, dict)
        ]
        rows += [{"caption": "", "credit": ""}] * self.blank_rows
        context["widget"]["rows"] = [(i, row) for i, row in enumerate(rows)]
        return context

    def value_from_datadict(self, data, files, name):
        if f"{name}-rows" not in data:
            return None  # the field was not on the page
        rows = []
        for i in range(int(data.get(f"{name}-rows") or 0)):
            caption = data.get(f"{name}-{i}-caption", "").strip()
            credit = data.get(f"{name}-{i}-credit", "").strip()
            if caption or credit:
                rows.append({"caption": caption, "credit": credit})
        return rows

    def value_omitted_from_data(self, data, files, name):
        return f"{name}-rows" not in data


class ImageCreditsField(forms.JSONField):
    """A list of {"caption", "credit"} edited as rows (see ``ImageCreditsWidget``)."""

    widget = ImageCreditsWidget

    def to_python(self, value):
        if value in (None, ""):
            return []
        if isinstance(value, list):
            return value
        return super().to_python(value)

    def prepare_value(self, value):
        return value  # the widget wants the list, not JSON text

    def has_changed(self, initial, data):
        return (initial or []) != (data or [])

    def bound_data(self, data, initial):
        return data if data is not None else initial
