"""List filters readers can combine and share: every value lives in the URL's query string."""

from collections.abc import Callable, Iterable

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.forms.utils import flatatt
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from taggit.models import Tag

from articles.models import Article, Origin, Source
from articles.site.listing_memo import listing_memo
from companies.models import Company

# Each choice list asks, per tag, company or source, whether one published story has it: an
# EXISTS answered from the newest rows of a composite index, so the cost follows the number
# of tags (500) or companies (5,000), not the archive (a DISTINCT over every published
# story's tags took 0.6 s at 100,000 stories).


def tag_choices(request=None):
    """Tags on at least one published story, so no filter leads nowhere."""
    return Tag.objects.filter(
        Exists(Article.objects.published().filter(tags=OuterRef("pk")))
    ).order_by("name")


def company_choices(request=None):
    return Company.objects.filter(
        Exists(Article.objects.published().filter(mentions__company=OuterRef("pk")))
    )


def source_choices(request=None):
    return Source.objects.filter(Exists(Article.objects.published().filter(source=OuterRef("pk"))))


class DateInput(forms.DateInput):
    input_type = "date"


class FastSelect(forms.Select):
    """A <select> rendered in Python: Django's per-option templates cost ~50 µs an option,
    15 ms for 300 tags on every list page."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(key), mark_safe(" selected") if str(key) in selected else "", label)
                for key, label in self.choices
            ),
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attrs, options)


def tag_options() -> Iterable[tuple[str, str]]:
    return tag_choices().values_list("slug", "name")


def source_options() -> Iterable[tuple[str, str]]:
    return source_choices().values_list("slug", "name")


def listed_options(name: str, build: Callable[[], Iterable[tuple[str, str]]]) -> str:
    """The ``<option>``s of the tag or partner list, rendered once per listing version
    (``listing_memo``): rendering them cost about half of an uncached list page (two EXISTS
    queries over 500 tags and the partners, and 520 options). What a reader submits is still
    checked against the database (``PublishedChoiceField``)."""

    def render() -> str:
        return "".join(
            f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in build()
        )

    return listing_memo.get(f"options:{name}", render)


class ListedSelect(forms.Select):
    """A ``<select>`` whose options come from ``listed_options``; the reader's choice is
    marked in the shared copy (Django's per-option templates cost ~50 µs an option)."""

    def __init__(self, *, name: str, build, empty_label: str, attrs=None):
        super().__init__(attrs)
        self.list_name, self.build, self.empty_label = name, build, empty_label

    def render(self, name, value, attrs=None, renderer=None):
        options = listed_options(self.list_name, self.build)
        chosen = [str(v) for v in self.format_value(value)]
        for slug in chosen:
            if slug:  # a copy of the shared string: replace() never changes it
                mark = f'<option value="{escape(slug)}">'
                options = options.replace(mark, mark[:-1] + " selected>", 1)
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html(
            '<select name="{}"{}><option value=""{}>{}</option>{}</select>',
            name,
            attrs,
            mark_safe(" selected") if "" in chosen else "",
            self.empty_label,
            mark_safe(options),
        )


class PublishedChoiceField(django_filters.fields.ModelChoiceField):
    """A choice among ``choices_of()``, a published() question that costs more to build than
    most of the page: built only when a reader sent a value, then checked as any
    ModelChoiceField checks it (so at that moment, under the rights then in force)."""

    def __init__(self, *, choices_of: Callable, **kwargs):
        self.choices_of = choices_of
        super().__init__(queryset=None, **kwargs)

    def published_choices(self):
        if self.queryset is None:
            self.queryset = self.choices_of()
        return self.queryset

    def to_python(self, value):
        if value not in self.empty_values:
            self.published_choices()
        return super().to_python(value)


class PublishedChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter over ``PublishedChoiceField``: ``queryset`` (a callable) is
    handed to the field unbuilt."""

    field_class = PublishedChoiceField

    @property
    def field(self):
        self.extra.pop("queryset", None)
        self.extra["choices_of"] = self.queryset
        # Past QuerySetRequestMixin.field, which would build the queryset now.
        return super(django_filters.filters.QuerySetRequestMixin, self).field


class ListedChoiceFilter(PublishedChoiceFilter):
    """A choice among ``options`` (slug, label), shown through ``ListedSelect``."""

    def __init__(self, *args, options, empty_label: str, **kwargs):
        widget = ListedSelect(name=options.__name__, build=options, empty_label=empty_label)
        super().__init__(
            *args, to_field_name="slug", empty_label=empty_label, widget=widget, **kwargs
        )


class CompanyField(PublishedChoiceField):
    """A company by its slug (shared links), name or other name, typed: a list of thousands
    of companies is no use to a reader and weighs hundreds of kilobytes per page."""

    widget = forms.TextInput(attrs={"placeholder": "Name, e.g. OpenAI"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        companies = self.published_choices()
        found = (
            companies.filter(slug=value).first()
            or companies.filter(name__iexact=value).first()
            or companies.filter(aliases__name__iexact=value).first()
        )
        if found is None:
            raise ValidationError(
                "No company by that name has a published story.", code="invalid_choice"
            )
        return found

    def prepare_value(self, value):
        return value.slug if isinstance(value, Company) else value


class CompanyFilter(PublishedChoiceFilter):
    field_class = CompanyField


class ArticleFilter(django_filters.FilterSet):
    tag = ListedChoiceFilter(
        field_name="tags", queryset=tag_choices, options=tag_options, empty_label="Any tag"
    )
    company = CompanyFilter(field_name="mentions__company", queryset=company_choices)
    source = ListedChoiceFilter(
        queryset=source_choices, options=source_options, empty_label="Any source"
    )
    origin = django_filters.ChoiceFilter(
        choices=[(Origin.STAFF, "Our reporting"), (Origin.PARTNER, "Partner stories")],
        empty_label="Staff and partner",
        widget=FastSelect,
    )
    since = django_filters.DateFilter(
        field_name="publish_at", lookup_expr="date__gte", label="From", widget=DateInput
    )
    until = django_filters.DateFilter(
        field_name="publish_at", lookup_expr="date__lte", label="To", widget=DateInput
    )

    class Meta:
        model = Article
        fields = ("tag", "company", "source", "origin", "since", "until")

    def __init__(self, *args, exclude: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        # A page already about one tag or source does not offer it again.
        for name in exclude:
            self.filters.pop(name, None)

    @property
    def is_active(self) -> bool:
        return any(self.data.get(name) for name in self.filters)
