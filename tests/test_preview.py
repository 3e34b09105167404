"""The staff preview: exactly the reader's page, and never anything a save would not store."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, Status

from .admin_forms import form_data
from .factories import ArticleFactory, PartnerArticleFactory

pytestmark = pytest.mark.django_db

HOSTILE_BODY = (
    "<p>Safe words.</p>"
    "<script>alert('script')</script>"
    '<iframe src="https://evil.example/frame"></iframe>'
    '<p><a href="javascript:alert(1)">a javascript link</a></p>'
    '<p><a href="JaVaScRiPt:alert(2)">mixed case</a></p>'
    '<p><img src="x" onerror="alert(3)"></p>'
    '<p onclick="alert(4)" style="color:red">Styled</p>'
    "<style>body{display:none}</style>"
    '<object data="evil.swf"></object><embed src="evil.swf">'
    '<svg><script>alert(5)</script></svg><form action="/x"><input name="a"></form>'
)


@pytest.fixture
def desk(editor):
    client = Client()
    client.force_login(editor)
    return client


def article_html(response) -> str:
    """The story itself (the <article> element), as readers get it."""
    html = response.content.decode()
    match = re.search(r'<article class="article">.*?</article>', html, re.S)
    assert match, html
    return match.group()


def preview_post(desk, article, **changes):
    data = form_data(desk.get(reverse("admin:articles_article_change", args=[article.pk])))
    data.update(changes)
    return desk.post(reverse("editorial:preview", args=[article.pk]), data)


def test_unsaved_preview_sanitises_the_body_exactly_as_a_save_does(desk):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None)
    html = article_html(preview_post(desk, article, body=HOSTILE_BODY))
    lowered = html.lower()
    for dangerous in (
        "<script",
        "<iframe",
        "javascript:",
        "onerror",
        "onclick",
        "<style",
        "<object",
        "<embed",
        "<svg",
        "<form",
        "<input",
        "alert(",
    ):
        assert dangerous not in lowered, dangerous
    assert "Safe words." in html
    # What the preview shows is byte for byte what saving the same body stores.
    article.body = HOSTILE_BODY
    article.save()
    stored = Article.objects.get(pk=article.pk).body
    assert stored in html


def test_preview_of_a_stored_body_with_hostile_html_is_sanitised_too(desk):
    # A body that reached the table without save() (a bulk update, an old row).
    article = ArticleFactory(status=Status.DRAFT, publish_at=None)
    Article.objects.filter(pk=article.pk).update(body=HOSTILE_BODY)
    html = desk.get(reverse("editorial:preview", args=[article.pk])).content.decode().lower()
    assert "<script>alert" not in html
    assert "<iframe" not in html
    assert "javascript:" not in html


def test_importer_bodies_are_previewed_as_stored(desk):
    # The importer's escaped text is stored byte for byte, and previewed the same way.
    body = "<p>Fish &amp; chips &lt;b&gt; as text</p>"
    article = PartnerArticleFactory(
        status=Status.DRAFT, publish_at=None, body=body, imported_values={"body": body}
    )
    html = desk.get(reverse("editorial:preview", args=[article.pk])).content.decode()
    assert body in html


def test_preview_shows_the_tag_label_tag_list_and_date_line(desk):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, tags=["Chips", "AI"])
    html = article_html(desk.get(reverse("editorial:preview", args=[article.pk])))
    assert 'class="kicker"' in html
    assert reverse("articles:tag", args=["ai"]) in html  # the label and the list link tags
    assert reverse("articles:tag", args=["chips"]) in html
    assert "<time datetime=" in html  # dated as if published now


def test_unsaved_tags_are_previewed(desk):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, tags=["Chips"])
    html = article_html(preview_post(desk, article, tags=["Chips", "Robots"]))
    assert "Robots" in html


def test_preview_of_a_published_story_is_the_public_page(desk, client):
    article = PartnerArticleFactory(tags=["AI"], dek="")
    public = article_html(client.get(article.get_absolute_url()))
    preview = article_html(desk.get(reverse("editorial:preview", args=[article.pk])))
    assert preview == public
