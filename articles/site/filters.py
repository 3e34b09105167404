"""List filters readers can combine and share: every value lives in the URL's query string."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from taggit.models import Tag

from articles.models import Article, Origin, Source
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


class CompanyField(forms.ModelChoiceField):
    """A company by its slug (shared links), name or other name, typed: a list of thousands
    of companies is no use to a reader and weighs hundreds of kilobytes per page."""

    widget = forms.TextInput(attrs={"placeholder": "Name, e.g. OpenAI"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        companies = self.queryset
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


class CompanyFilter(django_filters.ModelChoiceFilter):
    field_class = CompanyField


class ArticleFilter(django_filters.FilterSet):
    tag = django_filters.ModelChoiceFilter(
        field_name="tags",
        to_field_name="slug",
        queryset=tag_choices,
        empty_label="Any tag",
        widget=FastSelect,
    )
    company = CompanyFilter(field_name="mentions__company", queryset=company_choices)
    source = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=source_choices, empty_label="Any source", widget=FastSelect
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
