"""Every permission level against every public surface: nothing a rule hides can be read.

The surfaces on this branch are rendered through the real views (article page, home, tag and
company lists). Feeds, the sitemap and search are built on ``published()``, ``decide()``,
``visible_text()`` and ``rights_metadata()``, so those are checked directly: whatever a feed
or snippet prints, it can only print what they return.
"""

import json
import re

import pytest
from django.utils import timezone

from articles.models import Article, GrantScope, PermissionGrant
from articles.rights.attribution import rights_metadata
from articles.rights.engine import decide
from articles.rights.excerpts import visible_body_html, visible_text
from companies.models import Company, Mention

from .factories import ArticleFactory, CompanyFactory, PartnerArticleFactory, ReprintRuleFactory

pytestmark = pytest.mark.django_db

OPENING = "Alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima."
SECOND = "Second paragraph mentions Zebracorp and its quarterly figures."
SECRET = "The distinctive sentence only a full republication may show, zanzibar."
PARTNER_DEK = "Partner standfirst words quokka that only full rights may show."
BODY = f"<p>{OPENING}</p>\n<p>{SECOND}</p>\n<h2>Heading</h2>\n<p>{SECRET}</p>"

LEVELS = {
    # name: (permission, with grant, what readers get)
    "open_license": ("open_license", False, "full"),
    "attribution_required": ("attribution_required", False, "full"),
    "excerpt_only": ("excerpt_only", False, "excerpt"),
    "permission_required": ("permission_required", False, "link_only"),
    "permission_granted": ("permission_required", True, "full"),
    "prohibited": ("prohibited", False, "nothing"),
    "unknown": (None, False, "nothing"),
}


def make_article(level):
    permission, granted, _ = LEVELS[level]
    rule = (
        ReprintRuleFactory(
            permission=permission,
            excerpt_max_words=8,
            excerpt_max_paragraphs=1,
            attribution_template="Credit: {source} — {url}",
            search_engines="canonical",
            license_spdx="CC-BY-4.0" if permission == "open_license" else "",
            license_url="https://creativecommons.org/licenses/by/4.0/"
            if permission == "open_license"
            else "",
        )
        if permission
        else None
    )
    article = PartnerArticleFactory(
        headline=f"Headline for {level}",
        rule=rule,
        source=rule.source if rule else None,
        body=BODY,
        dek=PARTNER_DEK,
        raw_text=f"{PARTNER_DEK}\n{OPENING}\n{SECOND}\nHeading\n{SECRET}\nnotice",
        copyright_notice="The partner's notice." if rule else "Unrecognised notice.",
        copyright_holder="Partner Co",
        tags=["Matrix"],
    )
    if granted:
        PermissionGrant.objects.create(
            scope=GrantScope.ARTICLE,
            article=article,
            granted_by="Partner editor",
            reference="email of 1 March",
        )
    company = Company.objects.filter(slug="zebracorp").first() or CompanyFactory(
        name="Zebracorp", slug="zebracorp"
    )
    Mention.objects.create(article=article, company=company)
    return article


def public_pages(client, article):
    pages = {}
    for url in ["/", "/tags/matrix/", "/companies/zebracorp/", article.get_absolute_url()]:
        response = client.get(url)
        pages[url] = (response.status_code, response.content.decode())
    return pages


@pytest.mark.parametrize("level", LEVELS)
def test_every_surface_shows_only_what_the_rule_allows(client, level):
    article = make_article(level)
    expected = LEVELS[level][2]
    decision = decide(article)
    assert decision.visibility == expected

    body_html = visible_body_html(article, decision)
    text = visible_text(article, decision)
    metadata = json.dumps(rights_metadata(article, decision))
    in_published = Article.objects.published().filter(pk=article.pk).exists()
    pages = public_pages(client, article)
    page_status, page = pages[article.get_absolute_url()]
    lists = [content for url, (_, content) in pages.items() if url != article.get_absolute_url()]
    everything = [body_html, text, metadata, page, *lists]

    if expected == "full":
        assert in_published
        assert page_status == 200
        assert SECRET in page
        assert SECRET in text
        assert SECRET in body_html
        assert PARTNER_DEK in page
        assert "Credit: " in page
        assert all(article.headline in content for content in lists)
        assert rights_metadata(article, decision)["isBasedOn"] == article.original_url
        return

    # Below full: the paragraph past the limits and the partner's standfirst never show.
    for content in everything:
        assert "zanzibar" not in content
        assert "quokka" not in content

    if expected == "excerpt":
        assert in_published
        assert page_status == 200
        shown = " ".join(re.sub(r"<[^>]+>", " ", body_html).split())
        assert "Alpha bravo charlie delta echo foxtrot golf hotel …" in shown
        assert "india" not in shown
        assert "Zebracorp" not in text
        assert "india" not in page
        assert "quarterly figures" not in page
        assert "Read the full story at" in page
        assert f'href="{article.original_url}"' in page
        assert all(article.headline in content for content in lists)
    elif expected == "link_only":
        assert in_published
        assert page_status == 200
        assert body_html == ""
        assert text == ""
        assert "Alpha bravo" not in page
        assert "quarterly figures" not in page
        assert f'href="{article.original_url}"' in page
        assert all(article.headline in content for content in lists)
    else:  # nothing
        assert not in_published
        assert page_status == 404
        assert body_html == ""
        assert text == ""
        assert metadata == "{}"
        for content in lists:
            assert article.headline not in content
            assert "Alpha bravo" not in content


@pytest.mark.parametrize("level", LEVELS)
def test_draft_of_any_level_shows_nowhere(client, level):
    article = make_article(level)
    Article.objects.filter(pk=article.pk).update(status="draft")
    article.refresh_from_db()
    decision = decide(article)
    assert decision.visibility == "nothing"
    assert visible_text(article, decision) == ""
    assert not Article.objects.published().filter(pk=article.pk).exists()
    for _status, content in public_pages(client, article).values():
        assert article.headline not in content
        assert "Alpha bravo" not in content


def test_published_and_decide_agree_for_every_level(client):
    articles = {level: make_article(level) for level in LEVELS}
    visible = set(Article.objects.published().values_list("pk", flat=True))
    for level, article in articles.items():
        assert (article.pk in visible) == (decide(article).visibility != "nothing"), level
    # The annotated rows published() returns decide the same way as fresh ones.
    for article in Article.objects.published().for_listing():
        fresh = Article.objects.get(pk=article.pk)
        assert decide(article).visibility == decide(fresh).visibility


def test_staff_story_is_full_on_every_surface(client):
    article = ArticleFactory(body=f"<p>{SECRET}</p>", tags=["Matrix"])
    decision = decide(article)
    assert decision.visibility == "full"
    assert SECRET in visible_text(article, decision)
    assert SECRET in client.get(article.get_absolute_url()).content.decode()


def test_grant_expiry_hides_the_text_at_that_moment_without_a_job(client, monkeypatch):
    article = make_article("permission_granted")
    grant = article.grants.get()
    grant.expires_at = timezone.now() + timezone.timedelta(minutes=5)
    grant.save()
    assert SECRET in client.get(article.get_absolute_url()).content.decode()  # now cached
    # Time passes; nothing is saved and no job runs.
    later = grant.expires_at + timezone.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "zanzibar" not in page
    assert "Alpha bravo" not in page
    assert article.headline in client.get("/").content.decode()  # still listed, link only


def test_list_pages_decide_rights_without_a_query_per_story(client, django_assert_max_num_queries):
    for level in LEVELS:
        make_article(level)
    for _ in range(10):
        make_article("excerpt_only")
        make_article("permission_required")
    # Constant whatever the number of stories: the content state, the rules and grants read
    # once for the request, the stories, their tags and the tag rails.
    with django_assert_max_num_queries(10):
        response = client.get("/")
    assert response.status_code == 200
    assert "quokka" not in response.content.decode()
