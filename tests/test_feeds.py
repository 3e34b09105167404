"""RSS and Atom feeds: they parse cleanly and carry only what the rights rules allow."""

import feedparser
import pytest

from articles.models import Article, Status
from articles.rights import excerpts
from companies.models import Mention

from .factories import ArticleFactory, CompanyFactory, PartnerArticleFactory

pytestmark = pytest.mark.django_db

FEEDS = ["/feeds/", "/feeds/atom/"]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return response, feed


@pytest.mark.parametrize("url", FEEDS)
def test_latest_feeds_list_published_seed_with_attribution(client, imported_seeds, url):
    response, feed = parse(client, url)
    assert response["Content-Type"].startswith(
        "application/rss+xml" if "atom" not in url else "application/atom+xml"
    )
    published = Article.objects.get(source__domain="aicnbc.com")
    held = Article.objects.get(source__domain="techtimes.com")
    assert [entry.title for entry in feed.entries] == [published.headline]
    entry = feed.entries[0]
    assert entry.link.endswith(published.get_absolute_url())
    text = entry.get("summary", "")
    assert "spearheaded a 2 billion yuan" in text
    assert "https://aicnbc.com/20540.html" in text  # the credit the rule requires
    assert held.headline not in response.content.decode()
    assert "ByteDance gene" not in response.content.decode()


def test_feed_items_have_dates_authors_and_categories(client):
    ArticleFactory(headline="Tagged", tags=["Robots", "Chips"])
    _, feed = parse(client, "/feeds/atom/")
    entry = feed.entries[0]
    assert entry.published_parsed
    assert entry.updated_parsed
    assert {t.term for t in entry.tags} == {"Robots", "Chips"}
    assert entry.author


def test_tag_and_company_feeds_filter(client):
    company = CompanyFactory(name="Acme Robotics", slug="acme")
    about = ArticleFactory(headline="About Acme", tags=["Robots"])
    Mention.objects.create(article=about, company=company)
    ArticleFactory(headline="Other news", tags=["Chips"])
    for url in ["/feeds/tags/robots/", "/feeds/tags/robots/atom/"]:
        _, feed = parse(client, url)
        assert [e.title for e in feed.entries] == ["About Acme"]
    for url in ["/feeds/companies/acme/", "/feeds/companies/acme/atom/"]:
        _, feed = parse(client, url)
        assert [e.title for e in feed.entries] == ["About Acme"]
        assert "Acme Robotics" in feed.feed.title
    assert client.get("/feeds/tags/nope/").status_code == 404
    assert client.get("/feeds/companies/nope/").status_code == 404


def test_feeds_leave_out_drafts_killed_and_future(client):
    from django.utils import timezone

    ArticleFactory(headline="Draft", status=Status.DRAFT)
    ArticleFactory(headline="Killed", status=Status.KILLED)
    ArticleFactory(
        headline="Future",
        status=Status.SCHEDULED,
        publish_at=timezone.now() + timezone.timedelta(hours=1),
    )
    ArticleFactory(headline="Live")
    for url in FEEDS:
        _, feed = parse(client, url)
        assert [e.title for e in feed.entries] == ["Live"]


def test_feed_text_is_only_the_visible_text(client, monkeypatch):
    PartnerArticleFactory(
        headline="Excerpted",
        body="<p>Visible opening.</p><p>Hidden remainder.</p>",
    )
    monkeypatch.setattr(
        excerpts, "visible_body_html", lambda article, decision: "<p>Visible opening.</p>"
    )
    for url in FEEDS:
        response, feed = parse(client, url)
        assert "Visible opening" in feed.entries[0].summary
        assert "Hidden remainder" not in response.content.decode()


def test_feed_with_awkward_text_still_parses(client):
    ArticleFactory(
        headline="Quotes “curly” & <angles> and \u00a0spaces",
        body="<p>Body with &amp; entities, <em>markup</em> and emoji 🤖.</p>",
    )
    for url in FEEDS:
        _, feed = parse(client, url)
        assert feed.entries[0].title == "Quotes “curly” & <angles> and \u00a0spaces"


def test_pages_advertise_their_feeds(client):
    company = CompanyFactory(slug="acme")
    article = ArticleFactory(tags=["Robots"])
    Mention.objects.create(article=article, company=company)
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in home
    assert 'href="/feeds/atom/"' in home
    tag_page = client.get("/tags/robots/").content.decode()
    assert 'type="application/rss+xml" title="Robots (RSS)" href="/feeds/tags/robots/"' in tag_page
    company_page = client.get("/companies/acme/").content.decode()
    assert 'href="/feeds/companies/acme/"' in company_page
