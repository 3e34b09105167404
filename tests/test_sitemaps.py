"""Sitemaps and robots.txt: every indexable page, and nothing that is not."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles.models import Article, Status
from articles.rights import engine
from companies.models import Mention

from .factories import ArticleFactory, CompanyFactory, PartnerArticleFactory, ReprintRuleFactory

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def locations(root) -> list[str]:
    return [loc.text for loc in root.iterfind(".//sm:loc", NS)]


def test_sitemap_index_lists_every_section(client, imported_seeds):
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    sections = locations(root)
    for name in ["pages", "articles", "tags", "sources", "companies"]:
        assert f"http://testserver/sitemap-{name}.xml" in sections
    for section in sections:
        xml(client, section.removeprefix("http://testserver"))


def test_article_sitemap_has_only_indexable_articles(client, imported_seeds):
    live = Article.objects.get(source__domain="aicnbc.com")
    held = Article.objects.get(source__domain="techtimes.com")
    killed = ArticleFactory(status=Status.KILLED)
    draft = ArticleFactory(status=Status.DRAFT)
    unpublished = ArticleFactory(status=Status.UNPUBLISHED)
    hidden = PartnerArticleFactory(
        headline="Noindex me", rule=ReprintRuleFactory(search_engines="noindex")
    )
    assert engine.decide(hidden).noindex
    urls = locations(xml(client, "/sitemap-articles.xml"))
    assert f"http://testserver{live.get_absolute_url()}" in urls
    for article in (held, killed, draft, unpublished, hidden):
        assert f"http://testserver{article.get_absolute_url()}" not in urls
    news = locations(xml(client, "/news-sitemap.xml"))
    assert f"http://testserver{hidden.get_absolute_url()}" not in news
    # ...and the page itself tells robots the same.
    assert (
        '<meta name="robots" content="noindex">'
        in client.get(hidden.get_absolute_url()).content.decode()
    )


def test_a_stricter_rule_version_in_force_takes_stories_out_of_the_sitemap(client):
    from articles.rights.services import rule_revise

    rule = ReprintRuleFactory(search_engines="nothing")
    story = PartnerArticleFactory(rule=rule)
    assert f"http://testserver{story.get_absolute_url()}" in locations(
        xml(client, "/sitemap-articles.xml")
    )
    rule_revise(rule=rule, changes={"search_engines": "noindex"}, reason="Partner asked")
    story.refresh_from_db()
    assert story.rule_id == rule.pk  # still pinned to the version it was decided under
    assert engine.decide(story).noindex
    assert f"http://testserver{story.get_absolute_url()}" not in locations(
        xml(client, "/sitemap-articles.xml")
    )


def test_news_sitemap_covers_the_last_48_hours(client):
    fresh = ArticleFactory(
        headline="Fresh & new", publish_at=timezone.now() - timezone.timedelta(hours=3)
    )
    old = ArticleFactory(publish_at=timezone.now() - timezone.timedelta(hours=49))
    root = xml(client, "/news-sitemap.xml")
    urls = locations(root)
    assert urls == [f"http://testserver{fresh.get_absolute_url()}"]
    assert f"http://testserver{old.get_absolute_url()}" not in urls
    news = root.find(".//news:news", NS)
    assert news.find("news:title", NS).text == "Fresh & new"
    assert news.find("news:publication/news:name", NS).text
    assert news.find("news:publication/news:language", NS).text == "en"
    assert news.find("news:publication_date", NS).text.startswith(f"{fresh.publish_at:%Y-%m-%d}")


def test_tag_source_and_company_sitemaps_list_pages_with_stories(client, imported_seeds):
    company = CompanyFactory(slug="acme")
    article = ArticleFactory(tags=["Robots"])
    Mention.objects.create(article=article, company=company)
    CompanyFactory(slug="unmentioned")
    assert "http://testserver/tags/robots/" in locations(xml(client, "/sitemap-tags.xml"))
    companies = locations(xml(client, "/sitemap-companies.xml"))
    assert "http://testserver/companies/acme/" in companies
    assert "http://testserver/companies/unmentioned/" not in companies
    assert "http://testserver/sources/aicnbc/" in locations(xml(client, "/sitemap-sources.xml"))
    # Tags only the held story carries are not advertised.
    assert "http://testserver/tags/china/" not in locations(xml(client, "/sitemap-tags.xml"))


def test_robots_txt_points_at_both_sitemaps(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/news-sitemap.xml" in text


def test_the_index_dates_the_article_section_by_its_newest_indexable_change(client):
    from datetime import timedelta

    now = timezone.now()
    stories = ArticleFactory.create_batch(3)
    for n, story in enumerate(stories):
        Article.objects.filter(pk=story.pk).update(updated_at=now - timedelta(days=3 - n))
    draft = ArticleFactory(status=Status.DRAFT, publish_at=None)
    Article.objects.filter(pk=draft.pk).update(updated_at=now)  # newer, but not in the sitemap
    root = xml(client, "/sitemap.xml")
    dated = {
        entry.find("sm:loc", NS).text: entry.findtext("sm:lastmod", "", NS)
        for entry in root.iterfind("sm:sitemap", NS)
    }
    newest = (now - timedelta(days=1)).date().isoformat()
    assert dated["http://testserver/sitemap-articles.xml"].startswith(newest)
