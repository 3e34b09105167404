"""Body HTML is sanitised with nh3 whenever it is saved; formatting the editor offers survives."""

import pytest

from articles.ingest.parsing import parse_text
from articles.ingest.storing import body_html
from articles.markup.sanitize import sanitize_html
from articles.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "dirty",
    [
        "<p>Hi<script>alert(1)</script></p>",
        '<p onclick="steal()">Hi</p>',
        '<p><a href="javascript:alert(1)">Hi</a></p>',
        '<p><img src="x" onerror="steal()">Hi</p>',
        '<p><a href="JaVaScRiPt:alert(1)">Hi</a></p>',
        '<p style="background:url(javascript:alert(1))">Hi</p>',
        "<p><iframe src='https://evil.example'></iframe>Hi</p>",
    ],
)
def test_nothing_executable_survives_a_save(dirty):
    article = ArticleFactory(body=dirty)
    article.refresh_from_db()
    body = article.body.lower()
    for needle in ("<script", "onclick", "onerror", "javascript:", "<iframe", "style="):
        assert needle not in body
    assert "Hi" in article.body


def test_images_keep_only_safe_attributes():
    # Partner bodies may carry figures (the reprint rule decides if readers see them).
    article = ArticleFactory(
        body='<figure><img src="https://x.example/a.jpg" alt="A" onload="steal()" '
        'srcset="javascript:x"><figcaption>Cap</figcaption></figure>'
    )
    article.refresh_from_db()
    assert '<img src="https://x.example/a.jpg" alt="A">' in article.body
    assert "onload" not in article.body
    assert "javascript" not in article.body


def test_editor_formatting_survives():
    html = (
        "<h2>Section</h2><h3>Sub</h3><p><strong>Bold</strong> and <em>italic</em> and "
        '<a href="https://example.com/x">a link</a>.</p><ul><li><p>One</p></li></ul>'
        "<ol><li><p>First</p></li></ol><blockquote><p>Quoted</p></blockquote>"
    )
    cleaned = sanitize_html(html)
    for piece in ("<h2>", "<h3>", "<strong>", "<em>", "<ul>", "<ol>", "<blockquote>"):
        assert piece in cleaned
    assert 'href="https://example.com/x"' in cleaned
    assert 'rel="noopener noreferrer"' in cleaned
    assert sanitize_html(cleaned) == cleaned  # stable: saving twice changes nothing


def test_empty_editor_document_is_stored_empty():
    assert sanitize_html("<p></p>") == ""


def test_imported_bodies_keep_paragraphs_and_headings_byte_for_byte():
    parsed = parse_text(
        'A headline for the test\n\nFirst paragraph with "quotes" & <angle> text.\n\n'
        "Section heading\n\nSecond paragraph ends here.\n"
    )
    html = body_html(parsed)
    article = ArticleFactory(body=html, imported_values={"body": html})
    article.refresh_from_db()
    assert article.body == html
    assert "<p>" in article.body


def test_seed_bodies_keep_their_structure(imported_seeds):
    for article in Article.objects.all():
        assert article.body.startswith("<p>") or article.body.startswith("<h2>")
        assert article.body == article.imported_values["body"]
