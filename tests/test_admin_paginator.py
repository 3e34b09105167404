"""The capped-count paginator for admin change lists over large tables."""

import re

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from newsroom.admin_paginator import CappedCountPaginator

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "cap", 5)


def test_counts_exactly_below_the_cap(small_cap):
    ArticleFactory.create_batch(4)
    paginator = CappedCountPaginator(Article.objects.all(), 2)
    assert paginator.count == 4
    assert not paginator.is_capped
    assert paginator.num_pages == 2


def test_stops_counting_at_the_cap_but_keeps_later_pages_reachable(small_cap):
    ArticleFactory.create_batch(12)
    paginator = CappedCountPaginator(Article.objects.order_by("id"), 2)
    assert paginator.is_capped
    page = paginator.page(5)  # past the capped count's pages
    assert [a.headline for a in page] == [a.headline for a in Article.objects.order_by("id")[8:10]]
    assert list(paginator.page(50)) == []  # beyond the real end: empty, not an error


def full_counts(sql_list):
    """COUNT(*) queries not bounded by a LIMIT: full scans of the table."""
    return [q for q in sql_list if "COUNT(" in q.upper() and not re.search(r"LIMIT \d+", q)]


def test_change_list_with_the_mixin_never_counts_the_whole_table(
    admin_client, small_cap, monkeypatch
):
    ArticleFactory.create_batch(12)
    model_admin = admin.site._registry[Article]
    monkeypatch.setattr(model_admin, "paginator", CappedCountPaginator)
    monkeypatch.setattr(model_admin, "show_full_result_count", False)
    monkeypatch.setattr(model_admin, "list_per_page", 4)
    with CaptureQueriesContext(connection) as ctx:
        response = admin_client.get("/admin/articles/article/")
    assert response.status_code == 200
    assert full_counts([q["sql"] for q in ctx.captured_queries]) == []
    page = response.content.decode()
    assert page.count('class="action-select"') == 4
