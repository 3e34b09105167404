"""Absolute URLs come from ``SITE_URL`` only, never from the request's Host header or scheme,
so no request can poison what the cache serves to every other reader."""

import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest

from companies.models import Mention

from .factories import ArticleFactory, CompanyFactory, PartnerArticleFactory

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"
EVIL_HOST = "localhost:6666"

SURFACES = [
    "/",
    "/feeds/",
    "/feeds/atom/",
    "/feeds/tags/robots/",
    "/feeds/tags/robots/atom/",
    "/feeds/companies/acme/",
    "/feeds/companies/acme/atom/",
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/sitemap-articles.xml",
    "/sitemap-tags.xml",
    "/sitemap-sources.xml",
    "/sitemap-companies.xml",
    "/news-sitemap.xml",
    "/robots.txt",
    "/search/?q=robots",
]


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    # Django ignores the port when it checks the host, as in production.
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]


@pytest.fixture
def story(site):
    company = CompanyFactory(name="Acme", slug="acme", website="https://acme.example/")
    article = ArticleFactory(headline="Robots story", tags=["Robots"])
    Mention.objects.create(article=article, company=company)
    return article


def absolute_urls(content: str) -> list[str]:
    return re.findall(r"""(?:https?:)?//[^\s"'<>)]+""", content)


def ours(urls: list[str]) -> list[str]:
    """The URLs that point at this site (partner and schema.org links are someone else's)."""
    foreign = (
        "schema.org",
        "sitemaps.org",
        "google.com",
        "w3.org",
        "purl.org",
        "acme.example",
        "partner",
    )
    return [u for u in urls if not any(f in u for f in foreign)]


def test_urls_everywhere_come_from_site_url_whatever_the_host_header(client, story):
    urls = [*SURFACES, story.get_absolute_url()]
    for url in urls:
        poisoned = client.get(url, HTTP_HOST=EVIL_HOST)
        assert poisoned.status_code == 200, url
        content = poisoned.content.decode()
        assert "6666" not in content, url
        assert "localhost" not in content, url
        assert "testserver" not in content, url
    # And what the cache now serves every other reader is the same.
    for url in urls:
        content = client.get(url).content.decode()
        assert "6666" not in content, url
        assert all(u.startswith(SITE) for u in ours(absolute_urls(content))), url


def test_feed_links_ids_and_self_links_use_site_url(client, story):
    for url in ["/feeds/", "/feeds/atom/", "/feeds/tags/robots/atom/"]:
        feed = feedparser.parse(client.get(url, HTTP_HOST=EVIL_HOST).content)
        assert feed.feed.link.startswith(SITE)
        assert all(link.href.startswith(SITE) for link in feed.feed.links)
        entry = feed.entries[0]
        assert entry.link == f"{SITE}{story.get_absolute_url()}"
        assert entry.id.startswith(SITE)


def test_sitemaps_and_robots_use_site_url(client, story):
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(client.get("/sitemap.xml", HTTP_HOST=EVIL_HOST).content)
    sections = [loc.text for loc in index.iterfind(".//sm:loc", ns)]
    assert f"{SITE}/sitemap-articles.xml" in sections
    assert all(loc.startswith(f"{SITE}/") for loc in sections)
    articles = ET.fromstring(client.get("/sitemap-articles.xml", secure=True).content)
    assert [loc.text for loc in articles.iterfind(".//sm:loc", ns)] == [
        f"{SITE}{story.get_absolute_url()}"
    ]
    robots = client.get("/robots.txt", HTTP_HOST=EVIL_HOST).content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in robots
    assert f"Sitemap: {SITE}/news-sitemap.xml" in robots


def test_canonical_og_url_and_json_ld_use_site_url(client, story):
    page = client.get(story.get_absolute_url(), HTTP_HOST=EVIL_HOST).content.decode()
    url = f"{SITE}{story.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert f'<meta property="og:image" content="{SITE}/static/' in page
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    )
    assert data["url"] == url
    assert data["mainEntityOfPage"]["@id"] == url
    assert data["publisher"]["url"] == f"{SITE}/"
    assert data["publisher"]["logo"]["url"].startswith(f"{SITE}/static/")
    assert data["image"][0].startswith(f"{SITE}/static/")
    assert data["about"][0]["url"] == f"{SITE}/companies/acme/"


def test_a_partner_canonical_stays_the_partners(client, site):
    article = PartnerArticleFactory(rule__search_engines="canonical")
    page = client.get(article.get_absolute_url(), HTTP_HOST=EVIL_HOST).content.decode()
    assert f'<link rel="canonical" href="{article.original_url}">' in page


def test_the_rights_json_ld_tag_uses_site_url(rf, story):
    from django.template import Context, Template

    from articles.rights.engine import decide

    request = rf.get("/", HTTP_HOST=EVIL_HOST)
    html = Template("{% load rights %}{% rights_jsonld article decision %}").render(
        Context({"request": request, "article": story, "decision": decide(story)})
    )
    assert f'"url": "{SITE}{story.get_absolute_url()}"' in html


def test_cached_pages_are_keyed_by_the_site_url(client, story, settings):
    first = client.get("/feeds/")
    settings.SITE_URL = "https://other.example.org"
    second = client.get("/feeds/")
    assert first["ETag"] != second["ETag"]
    assert "https://other.example.org/" in second.content.decode()
    assert SITE not in second.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("news.example.org", "SITE_URL must be"),
        ("ftp://news.example.org", "SITE_URL must be"),
        ("https://", "SITE_URL must be"),
        ("https://news.example.org/news/", "SITE_URL must be"),
        ("https://news.example.org/?x=1", "SITE_URL must be"),
    ],
)
def test_a_malformed_site_url_is_refused_with_a_clear_message(value, message):
    from django.core.exceptions import ImproperlyConfigured

    from newsroom.site_url import parse_site_url

    with pytest.raises(ImproperlyConfigured, match=message):
        parse_site_url(value)


def test_a_trailing_slash_is_fine():
    from newsroom.site_url import parse_site_url

    assert parse_site_url("https://news.example.org/") == "https://news.example.org"
    assert parse_site_url("http://127.0.0.1:8000") == "http://127.0.0.1:8000"
