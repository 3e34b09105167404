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
    # once for the request, the stories, their tags, the tag rails, the companies in the
    # news and the lead story's byline.
    with django_assert_max_num_queries(12):
        response = client.get("/")
    assert response.status_code == 200
    assert "quokka" not in response.content.decode()


# --- Visibility changes nobody writes: expiry, rule versions, schedules -------------------------
#
# Each scenario renders every public surface, moves the clock past the moment (nothing is saved,
# no job runs, nothing sleeps) and renders them again: once with every page already cached and
# revalidated with the ETag a browser would send, once cold. The search index was filled while
# the old terms held, so "after indexing" is part of every scenario.

HIDDEN_WORDS = ("zanzibar", "quokka", "Alpha bravo", "quarterly figures")


def surfaces(article) -> dict[str, str]:
    """Every public surface that can show ``article``, by name."""
    return {
        "story page": article.get_absolute_url(),
        "home": "/",
        "all stories": "/articles/",
        "tag list": "/tags/matrix/",
        "source list": f"/sources/{article.source.slug}/",
        "company page": "/companies/zebracorp/",
        "archive": f"/archive/{timezone.localtime(article.publish_at):%Y}/",
        "rss": "/feeds/",
        "atom": "/feeds/atom/",
        "tag rss": "/feeds/tags/matrix/",
        "company atom": "/feeds/companies/zebracorp/atom/",
        "search hidden word": "/search/?q=zanzibar",
        "search headline": "/search/?q=headline",
        "sitemap index": "/sitemap.xml",
        "article sitemap": "/sitemap-articles.xml",
        "news sitemap": "/news-sitemap.xml",
    }


def render_all(client, article, etags=None) -> dict[str, tuple[int, str, str]]:
    """(status, content, ETag) per surface; with ``etags``, sent back as If-None-Match."""
    found = {}
    for name, url in surfaces(article).items():
        headers = {"If-None-Match": etags[name]} if etags and etags.get(name) else {}
        response = client.get(url, headers=headers)
        assert response.status_code in (200, 304, 404), (name, response.status_code)
        found[name] = (response.status_code, response.content.decode(), response.get("ETag", ""))
    return found


def json_ld_blocks(page: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


def search_results(client, words: str) -> list[str]:
    """The stories a search lists, by URL (the page may come from the cache)."""
    page = client.get("/search/", {"q": words}).content.decode()
    return re.findall(r'class="story-title"><a href="([^"]+)"', page)


@pytest.fixture
def clock(monkeypatch):
    """``clock.travel(moment)``: from now on ``timezone.now()`` says ``moment``."""

    class Clock:
        def travel(self, moment):
            monkeypatch.setattr(timezone, "now", lambda: moment)

    return Clock()


def assert_full(found, article):
    assert found["story page"][0] == 200
    assert SECRET in found["story page"][1]
    assert PARTNER_DEK in found["story page"][1]
    for name in ("rss", "atom", "tag rss", "company atom"):
        assert "zanzibar" in found[name][1], name
    assert article.get_absolute_url() in found["search hidden word"][1]
    ld = json_ld_blocks(found["story page"][1])
    assert ld
    assert all(block.get("creditText") for block in ld)


def assert_nothing_hidden_shows(found):
    for name, (_, content, _) in found.items():
        if name == "search hidden word":  # the page repeats what the reader typed
            content = content.replace("zanzibar", "")
        for words in HIDDEN_WORDS:
            assert words not in content, (name, words)
    for block in json_ld_blocks(found["story page"][1]):
        assert "zanzibar" not in json.dumps(block)
        assert "quokka" not in json.dumps(block)


@pytest.mark.parametrize("cached", [True, False], ids=["page-cached", "cold"])
@pytest.mark.parametrize("scope", ["article", "source"])
def test_a_grant_expiring_hides_the_text_on_every_surface(client, clock, scope, cached):
    article = make_article("permission_required")
    expiry = timezone.now() + timezone.timedelta(minutes=10)
    PermissionGrant.objects.create(
        scope=scope,
        article=article if scope == "article" else None,
        source=article.source if scope == "source" else None,
        granted_by="Partner editor",
        reference="email of 1 March",
        expires_at=expiry,
    )
    before = render_all(client, article)  # now cached, and indexed under the grant
    assert_full(before, article)
    if not cached:
        from django.core.cache import cache

        cache.clear()

    clock.travel(expiry + timezone.timedelta(seconds=1))
    after = render_all(client, article, etags={k: v[2] for k, v in before.items()})
    assert_nothing_hidden_shows(after)
    assert decide(article).visibility == "link_only"
    # Link only: still listed with its headline, and the story page says where to read it.
    assert after["story page"][0] == 200
    assert f'href="{article.original_url}"' in after["story page"][1]
    for name in ("home", "tag list", "rss", "atom", "article sitemap", "news sitemap"):
        assert after[name][0] == 200, name
        assert article.get_absolute_url() in after[name][1], name
    assert search_results(client, "zanzibar") == []
    assert search_results(client, "Alpha bravo") == []
    assert search_results(client, "headline") == [article.get_absolute_url()]


@pytest.mark.parametrize("scope", ["article", "source"])
def test_a_grant_expired_by_a_date_set_in_the_database_hides_the_text_everywhere(client, scope):
    """No clock is moved: the grant's expiry is set to the past straight in the database (no
    save, no signal), after every surface was rendered and the story indexed. Once copies
    made before are gone (a direct database edit, like a bulk update, is not seen by the page
    cache until its copies expire), nothing shows the text, search included."""
    from django.core.cache import cache

    article = make_article("permission_required")
    grant = PermissionGrant.objects.create(
        scope=scope,
        article=article if scope == "article" else None,
        source=article.source if scope == "source" else None,
        granted_by="Partner editor",
        reference="email of 1 March",
    )
    assert_full(render_all(client, article), article)
    PermissionGrant.objects.filter(pk=grant.pk).update(
        expires_at=timezone.now() - timezone.timedelta(seconds=1)
    )
    cache.clear()
    after = render_all(client, article)
    assert_nothing_hidden_shows(after)
    assert after["story page"][0] == 200
    assert search_results(client, "zanzibar") == []
    assert search_results(client, "headline") == [article.get_absolute_url()]


def test_a_stricter_rule_version_dated_in_the_database_hides_the_text_from_search(client):
    from django.core.cache import cache

    from articles.models import ReprintRule
    from articles.rights.services import rule_revise

    article = make_article("open_license")
    later = timezone.now() + timezone.timedelta(days=30)
    new = rule_revise(
        rule=article.rule, changes={"permission": "excerpt_only"}, reason="Later", at=later
    ).rule
    assert search_results(client, "zanzibar") == [article.get_absolute_url()]
    # The new version's start moved to the past in the database, behind everyone's back.
    past = timezone.now() - timezone.timedelta(seconds=1)
    ReprintRule.objects.filter(pk=article.rule_id).update(valid_to=past)
    ReprintRule.objects.filter(pk=new.pk).update(valid_from=past)
    cache.clear()
    assert decide(Article.objects.get(pk=article.pk)).visibility == "excerpt"
    assert search_results(client, "zanzibar") == []
    assert search_results(client, "Alpha bravo") == [article.get_absolute_url()]
    for name, (_, content, _) in render_all(client, article).items():
        content = content.replace("zanzibar", "") if name == "search hidden word" else content
        for words in ("zanzibar", "quokka", "quarterly figures"):  # past the excerpt
            assert words not in content, (name, words)


@pytest.mark.parametrize("cached", [True, False], ids=["page-cached", "cold"])
def test_a_stricter_rule_version_taking_effect_hides_the_story_everywhere(client, clock, cached):
    from articles.rights.services import rule_revise

    article = make_article("open_license")
    starts = timezone.now() + timezone.timedelta(hours=2)
    rule_revise(
        rule=article.rule,
        changes={"permission": "prohibited"},
        reason="Partner withdrew the licence",
        at=starts,
    )
    before = render_all(client, article)
    assert_full(before, article)
    if not cached:
        from django.core.cache import cache

        cache.clear()

    clock.travel(starts + timezone.timedelta(seconds=1))
    after = render_all(client, article, etags={k: v[2] for k, v in before.items()})
    assert_nothing_hidden_shows(after)
    assert after["story page"][0] == 404
    for name, (status, content, _) in after.items():
        if status == 200:
            assert article.headline not in content, name
            assert article.get_absolute_url() not in content, name
    assert search_results(client, "headline") == []


def test_a_grant_starting_later_shows_the_text_from_that_moment(client, clock):
    article = make_article("permission_required")
    starts = timezone.now() + timezone.timedelta(hours=1)
    PermissionGrant.objects.create(
        scope=GrantScope.ARTICLE,
        article=article,
        granted_by="Partner editor",
        reference="contract 7",
        valid_from=starts,
    )
    before = render_all(client, article)
    assert_nothing_hidden_shows(before)
    clock.travel(starts + timezone.timedelta(seconds=1))
    after = render_all(client, article, etags={k: v[2] for k, v in before.items()})
    assert after["story page"][0] == 200
    assert SECRET in after["story page"][1]
    for name in ("rss", "atom"):
        assert "zanzibar" in after[name][1], name


def test_a_scheduled_story_reaches_every_surface_at_its_time(client, clock):
    article = make_article("open_license")
    due = timezone.now() + timezone.timedelta(minutes=30)
    Article.objects.filter(pk=article.pk).update(status="scheduled", publish_at=due)
    article.refresh_from_db()
    article.save()  # re-indexed as scheduled
    before = render_all(client, article)
    assert before["story page"][0] == 404
    assert all(article.headline not in content for _, content, _ in before.values())
    clock.travel(due + timezone.timedelta(seconds=1))
    after = render_all(client, article, etags={k: v[2] for k, v in before.items()})
    for name in ("home", "rss", "atom", "article sitemap", "news sitemap"):
        assert after[name][0] == 200, name
        assert article.get_absolute_url() in after[name][1], name
    assert after["story page"][0] == 200
    assert SECRET in after["story page"][1]
    assert search_results(client, "zanzibar") == [article.get_absolute_url()]
