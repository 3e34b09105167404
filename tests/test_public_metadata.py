"""What search engines and social sites read: JSON-LD NewsArticle, Open Graph, canonical."""

import dataclasses
import json
import re

import pytest

from articles.models import Article
from articles.rights import engine, excerpts

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def json_ld(page: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_seed_article_json_ld(client, imported_seeds):
    article = Article.objects.get(source__domain="aicnbc.com")
    article.tags.add("AI")
    data = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline[:110] or data["headline"].endswith("…")
    assert data["datePublished"] == article.publish_at.isoformat()
    assert data["dateModified"]
    assert data["author"] == [{"@type": "Person", "name": article.original_author}]
    assert data["publisher"]["@type"] == "NewsMediaOrganization"
    assert data["publisher"]["logo"]["url"].startswith("http://testserver/static/")
    assert data["image"][0].startswith("http://testserver/static/")
    assert data["keywords"] == ["AI"]
    organizations = data["about"] + data["mentions"]
    assert all(org["@type"] == "Organization" for org in organizations)
    names = {org["name"] for org in organizations}
    assert {"ShengShu", "Alibaba Cloud"} <= names
    assert "http://testserver/companies/shengshu/" in {org["url"] for org in organizations}
    # Rights fields, as rights_metadata() gives them.
    assert data["isBasedOn"] == "https://aicnbc.com/20540.html"
    assert data["creditText"]
    assert data["copyrightNotice"] == article.copyright_notice
    assert data["sourceOrganization"]["name"] == article.source.name


def test_json_ld_cannot_break_out_of_its_script(client):
    article = ArticleFactory(headline="</script><script>alert(1)</script>", dek="a & b")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert json_ld(page)["headline"] == "</script><script>alert(1)</script>"


def test_open_graph_twitter_and_canonical(client):
    article = ArticleFactory(headline="Robots & more", dek="What robots did.", tags=["Robots"])
    page = client.get(article.get_absolute_url()).content.decode()
    url = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="Robots &amp; more">' in page
    assert '<meta property="og:description" content="What robots did.">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:image" content="http://testserver/static/' in page
    assert '<meta property="article:tag" content="Robots">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert 'name="robots"' not in page


def test_canonical_follows_the_rule(client, monkeypatch):
    article = ArticleFactory()
    original = engine.decide

    def decide(a, at=None):
        return dataclasses.replace(original(a, at), canonical_url="https://partner.example/x")

    monkeypatch.setattr(engine, "decide", decide)
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<link rel="canonical" href="https://partner.example/x">' in page
    assert json_ld(page)["mainEntityOfPage"]["@id"] == "https://partner.example/x"


def test_description_without_dek_uses_visible_text_only(client, monkeypatch):
    article = ArticleFactory(dek="", body="<p>Visible start.</p><p>Hidden rest.</p>")
    monkeypatch.setattr(excerpts, "visible_body_html", lambda a, d: "<p>Visible start.</p>")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<meta name="description" content="Visible start.">' in page
    assert "Hidden rest" not in page


@pytest.mark.parametrize(
    "text",
    [
        "Use the <Tab> key to compare a<b and c>d",
        "Partner said <script>alert(1)</script> & more",
        "Email <desk@partner.example> for rights",
    ],
)
@pytest.mark.parametrize("where", ["dek", "body"])
def test_plain_text_with_angle_brackets_is_escaped_not_deleted(client, text, where):
    """Descriptions are plain text: a literal <…> is shown as typed, never taken for a tag."""
    if where == "dek":
        article = ArticleFactory(dek=text)
    else:
        from django.utils.html import escape

        article = ArticleFactory(dek="", body=f"<p>{escape(text)}</p>")
    page = client.get(article.get_absolute_url()).content.decode()
    from django.utils.html import escape

    assert f'<meta name="description" content="{escape(text)}">' in page
    assert f'<meta property="og:description" content="{escape(text)}">' in page
    assert f'<meta name="twitter:description" content="{escape(text)}">' in page
    assert json_ld(page)["description"] == text
    assert "<script>alert(1)" not in page


def test_a_feed_summary_of_plain_text_is_escaped(client):
    import feedparser

    from .factories import PartnerArticleFactory

    PartnerArticleFactory(
        headline="Link only",
        dek="Our summary of a <Tab> trick",
        rule__permission="permission_required",
    )
    entry = feedparser.parse(client.get("/feeds/").content).entries[0]
    # The summary is HTML: the reader's feed app shows "<Tab>" as text, not as a tag.
    assert "a &lt;Tab&gt; trick" in entry.summary
