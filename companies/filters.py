"""The company index filters (django-filter)."""

import django_filters
from django.db.models import Q

from .countries import country_name
from .models import Company, CompanyKind


def _countries(request=None):
    codes = (
        Company.objects.exclude(hq_country="")
        .order_by("hq_country")
        .values_list("hq_country", flat=True)
        .distinct()
    )
    return [(code, country_name(code)) for code in codes]


class CompanyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name")
    kind = django_filters.ChoiceFilter(choices=CompanyKind.choices, empty_label="Any kind")
    hq_country = django_filters.ChoiceFilter(
        choices=_countries, label="Country", empty_label="Any country"
    )

    class Meta:
        model = Company
        fields = ("q", "kind", "hq_country")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(aliases__name__icontains=value)
        ).distinct()
