"""Admin change lists that never count a large table in full.

Django's change list counts its queryset twice per page: once for the paginator and, unless
``show_full_result_count = False``, once more for the unfiltered total. On 100,000 articles
both are full scans. Wire it into a ModelAdmin like this::

    from newsroom.admin_paginator import LargeTableAdminMixin

    class ArticleAdmin(LargeTableAdminMixin, admin.ModelAdmin):
        ...

The count then stops at ``CAP`` rows (``SELECT COUNT(*) FROM (... LIMIT CAP+1)``): below it
the figures are exact, above it the change list says "10,000+" worth of pages and editors
narrow down with filters, search or the date hierarchy, as they would anyway.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedCountPaginator(Paginator):
    """A paginator whose count stops at ``cap``; pages past the cap stay reachable."""

    cap = 10_000

    @cached_property
    def count(self) -> int:
        try:
            # Without ORDER BY: the order does not change the count, and sorting every row
            # before the LIMIT would cost more than counting them.
            return self.object_list.order_by()[: self.cap + 1].count()
        except (AttributeError, TypeError):
            return len(self.object_list)

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap

    def validate_number(self, number):
        # Past the cap the real number of pages is unknown; let an editor keep paging and
        # show an empty page at the real end instead of an error.
        if self.is_capped:
            try:
                number = int(number)
            except (TypeError, ValueError):
                return super().validate_number(number)
            if number >= 1:
                return number
        return super().validate_number(number)

    def page(self, number):
        if not self.is_capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


class LargeTableAdminMixin:
    """ModelAdmin settings for tables of 100,000 rows and more."""

    paginator = CappedCountPaginator
    show_full_result_count = False  # no second, unfiltered COUNT(*) per page
    show_facets = admin.ShowFacets.NEVER  # the filters' counts are a GROUP BY per filter
