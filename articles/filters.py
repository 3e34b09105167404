"""List filters readers can combine and share: every value lives in the URL's query string."""

import django_filters
from django import forms
from taggit.models import Tag

from companies.models import Company

from .models import Article, Origin, Source


def _published_ids():
    return Article.objects.published().values("pk")


def tag_choices(request=None):
    """Tags on at least one published story, so no filter leads nowhere."""
    return (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type__app_label="articles",
            taggit_taggeditem_items__object_id__in=_published_ids(),
        )
        .distinct()
        .order_by("name")
    )


def company_choices(request=None):
    return Company.objects.filter(mentions__article__in=_published_ids()).distinct()


def source_choices(request=None):
    return Source.objects.filter(articles__in=_published_ids()).distinct()


class DateInput(forms.DateInput):
    input_type = "date"


class ArticleFilter(django_filters.FilterSet):
    tag = django_filters.ModelChoiceFilter(
        field_name="tags", to_field_name="slug", queryset=tag_choices, empty_label="Any tag"
    )
    company = django_filters.ModelChoiceFilter(
        field_name="mentions__company",
        to_field_name="slug",
        queryset=company_choices,
        empty_label="Any company",
    )
    source = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=source_choices, empty_label="Any source"
    )
    origin = django_filters.ChoiceFilter(
        choices=[(Origin.STAFF, "Our reporting"), (Origin.PARTNER, "Partner stories")],
        empty_label="Staff and partner",
    )
    since = django_filters.DateFilter(
        field_name="publish_at", lookup_expr="date__gte", label="From", widget=DateInput
    )
    until = django_filters.DateFilter(
        field_name="publish_at", lookup_expr="date__lte", label="To", widget=DateInput
    )

    class Meta:
        model = Article
        fields = ["tag", "company", "source", "origin", "since", "until"]

    def __init__(self, *args, exclude: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        # A page already about one tag or source does not offer it again.
        for name in exclude:
            self.filters.pop(name, None)

    @property
    def is_active(self) -> bool:
        return any(self.data.get(name) for name in self.filters)
