"""The article change list's text search: headline, standfirst, original author, file name and
bylines, any case, every word (or quoted phrase) required, each story listed once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.admin import article_lists
from articles.models import ArticleAuthor

from .factories import ArticleFactory, AuthorFactory, PartnerArticleFactory

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/"


def found(admin_client, q: str) -> list[str]:
    response = admin_client.get(URL, {"q": q})
    assert response.status_code == 200
    return sorted(
        re.findall(r'<th class="field-headline_column"><a [^>]*>([^<]+)</a>', response.text)
    )


@pytest.fixture
def desk():
    ArticleFactory(headline="Cloud chips sell out", dek="Plain words.")
    ArticleFactory(headline="Quarterly results", dek="The CLOUD division grew.")
    PartnerArticleFactory(headline="Wire copy", original_author="Mei Cloudsdale")
    ArticleFactory(headline="From a file", import_name="incoming/cloud-2026.txt")
    bylined = ArticleFactory(headline="Two bylines")
    for name in ("Ana Cloudy", "Bo Cloudier"):
        ArticleAuthor.objects.create(article=bylined, author=AuthorFactory(name=name))
    ArticleFactory(headline="Nothing to see", dek="Rain.", body="<p>cloud in the body</p>")


def test_finds_a_word_in_every_searched_field_any_case_once_per_story(admin_client, desk):
    assert found(admin_client, "cloud") == [
        "Cloud chips sell out",
        "From a file",
        "Quarterly results",
        "Two bylines",  # two matching bylines, listed once
        "Wire copy",
    ]


def test_every_word_must_match_somewhere_and_quotes_keep_a_phrase(admin_client, desk):
    assert found(admin_client, "cloud division") == ["Quarterly results"]
    assert found(admin_client, "cloud Mei") == ["Wire copy"]
    assert found(admin_client, '"chips sell"') == ["Cloud chips sell out"]
    assert found(admin_client, '"sell chips"') == []


def test_a_byline_shared_by_many_stories_is_still_found(admin_client, desk, monkeypatch):
    monkeypatch.setattr(article_lists, "AUTHOR_IDS_MAX", 1)  # the subquery path
    assert found(admin_client, "bo cloudier") == ["Two bylines"]
    assert found(admin_client, "cloudy") == ["Two bylines"]


def test_the_search_needs_no_distinct_and_reads_no_story_text(admin_client, desk):
    with CaptureQueriesContext(connection) as ctx:
        found(admin_client, "cloud")
    listing = [q["sql"] for q in ctx.captured_queries if "articles_article" in q["sql"]]
    assert listing
    assert not [sql for sql in listing if "DISTINCT" in sql.upper()]
    assert not [sql for sql in listing if '"articles_article"."raw_text"' in sql]
