"""The minimal public pages: what readers see, and what they must not."""

import pytest
from django.urls import reverse

from articles.models import Article, Status

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_home_lists_the_published_seed_and_not_the_held_one(client, imported_seeds):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    published = Article.objects.get(source__domain="aicnbc.com")
    held = Article.objects.get(source__domain="techtimes.com")
    assert published.headline in page
    assert held.headline not in page


def test_article_page_shows_body_tags_companies_and_attribution(client, imported_seeds):
    article = Article.objects.get(source__domain="aicnbc.com")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "spearheaded a 2 billion yuan" in page
    assert "Author: Tobias" in page
    assert '<a href="https://aicnbc.com/20540.html">' in page
    assert 'href="/companies/shengshu/"' in page
    # The only script is JSON-LD data: the page runs no code.
    assert page.count("<script") == page.count('<script type="application/ld+json">') == 1


def test_held_and_draft_articles_are_404_to_readers(client, imported_seeds):
    held = Article.objects.get(source__domain="techtimes.com")
    assert client.get(held.get_absolute_url()).status_code == 404
    draft = ArticleFactory(status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_held_article_text_appears_on_no_public_page(client, imported_seeds):
    held = Article.objects.get(source__domain="techtimes.com")
    secret = "ByteDance gene"
    assert secret in held.body
    for url in ["/", "/tags/china/", "/tags/ai/", "/companies/aisphere/", held.get_absolute_url()]:
        response = client.get(url)
        assert secret not in response.content.decode(), url


def test_scheduled_article_appears_only_once_its_time_comes(client):
    from django.utils import timezone

    future = ArticleFactory(
        status=Status.SCHEDULED, publish_at=timezone.now() + timezone.timedelta(hours=1)
    )
    assert client.get(future.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=future.pk).update(publish_at=timezone.now())
    assert client.get(future.get_absolute_url()).status_code == 200


def test_tag_page_lists_tagged_stories(client):
    ArticleFactory(headline="Chips and more chips", tags=["Semiconductors"])
    ArticleFactory(headline="Unrelated story")
    response = client.get(reverse("articles:tag", args=["semiconductors"]))
    assert response.status_code == 200
    assert "Chips and more chips" in response.content.decode()
    assert "Unrelated story" not in response.content.decode()
    assert client.get("/tags/no-such-tag/").status_code == 404


def test_company_page_lists_published_stories_that_mention_it(client, imported_seeds):
    response = client.get("/companies/shengshu/")
    assert response.status_code == 200
    article = Article.objects.get(source__domain="aicnbc.com")
    assert article.headline in response.content.decode()
    assert client.get("/companies/no-such-company/").status_code == 404


def test_admin_explains_why_a_seed_is_held(admin_client, imported_seeds):
    held = Article.objects.get(source__domain="techtimes.com")
    response = admin_client.get(reverse("admin:articles_article_change", args=[held.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "requires the partner&#x27;s permission" in page or "requires the partner's" in page
    changelist = admin_client.get(reverse("admin:articles_article_changelist"))
    assert "(provisional)" in changelist.content.decode()
