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


# --- Reader site ---------------------------------------------------------------------------


def test_home_has_lead_latest_and_tag_rails(client):
    from django.utils import timezone

    now = timezone.now()
    for n in range(18):
        ArticleFactory(
            headline=f"Story {n}",
            publish_at=now - timezone.timedelta(hours=n + 1),
            tags=["Robots" if n % 2 else "Chips"],
        )
    response = client.get("/")
    context = response.context
    assert context["lead"].headline == "Story 0"
    # Three top stories beside the lead, then ten in the latest list.
    assert [a.headline for a in context["latest"]] == [f"Story {n}" for n in range(1, 14)]
    rails = {tag.name: [a.headline for a in stories] for tag, stories in context["rails"]}
    # Rails show stories not already in the lead or latest list, newest first.
    assert rails == {"Chips": ["Story 14", "Story 16"], "Robots": ["Story 15", "Story 17"]}
    page = response.content.decode()
    assert page.index("Story 0") < page.index("Story 1<")


def test_lists_paginate_with_stable_order_and_forgive_page_numbers(client):
    from django.utils import timezone

    same_time = timezone.now() - timezone.timedelta(hours=1)
    for n in range(45):
        ArticleFactory(headline=f"Tied {n}", publish_at=same_time)
    pages = [client.get("/articles/", {"page": p}) for p in (1, 2, 3)]
    seen = [a.headline for r in pages for a in r.context["articles"]]
    assert len(seen) == len(set(seen)) == 45  # nothing repeated or lost across pages
    assert client.get("/articles/", {"page": 99}).context["page_obj"].number == 3
    assert client.get("/articles/", {"page": "9" * 30}).context["page_obj"].number == 3
    assert client.get("/articles/", {"page": "last"}).context["page_obj"].number == 3
    for bad in ("0", "-1", "abc", "1.5", "²", "1e3"):
        assert client.get("/articles/", {"page": bad}).status_code == 404
    assert 'rel="next" href="?page=2"' in pages[0].content.decode()


def test_filters_combine_and_survive_pagination(client):
    from companies.models import Mention

    from .factories import CompanyFactory, PartnerArticleFactory

    acme = CompanyFactory(name="Acme", slug="acme")
    for n in range(25):
        article = ArticleFactory(headline=f"Acme robots {n}", tags=["Robots"])
        Mention.objects.create(article=article, company=acme)
    ArticleFactory(headline="Robots without Acme", tags=["Robots"])
    partner = PartnerArticleFactory(headline="Partner Acme robots", tags=["Robots"])
    Mention.objects.create(article=partner, company=acme)

    response = client.get("/articles/", {"tag": "robots", "company": "acme", "origin": "staff"})
    assert response.context["paginator"].count == 25
    page = response.content.decode()
    assert "Robots without Acme" not in page
    assert "Partner Acme robots" not in page
    assert 'href="?tag=robots&amp;company=acme&amp;origin=staff&amp;page=2"' in page
    partner_only = client.get("/articles/", {"company": "acme", "origin": "partner"})
    assert [a.headline for a in partner_only.context["articles"]] == ["Partner Acme robots"]
    source = client.get("/articles/", {"source": partner.source.slug})
    assert [a.headline for a in source.context["articles"]] == ["Partner Acme robots"]
    # The tag page offers the other filters and applies them.
    tag_page = client.get("/tags/robots/", {"origin": "partner"})
    assert [a.headline for a in tag_page.context["articles"]] == ["Partner Acme robots"]


def test_date_filters_and_bad_filter_values(client):
    from datetime import datetime

    from django.utils import timezone

    old = ArticleFactory(
        headline="Old", publish_at=datetime(2024, 3, 5, 12, tzinfo=timezone.get_current_timezone())
    )
    ArticleFactory(
        headline="New", publish_at=datetime(2025, 6, 1, 12, tzinfo=timezone.get_current_timezone())
    )
    response = client.get("/articles/", {"since": "2024-03-05", "until": "2024-03-05"})
    assert [a.headline for a in response.context["articles"]] == [old.headline]
    bad = client.get("/articles/", {"since": "not-a-date", "company": "nobody"})
    assert bad.status_code == 200
    assert "were not understood" in bad.content.decode()
    assert {a.headline for a in bad.context["articles"]} == {"Old", "New"}


def test_killed_story_is_gone_with_a_notice(client):
    killed = ArticleFactory(status=Status.KILLED, headline="Withdrawn story")
    response = client.get(killed.get_absolute_url())
    assert response.status_code == 410
    page = response.content.decode()
    assert "withdrawn" in page.lower()
    assert "Withdrawn story" not in page


def test_friendly_404_page(client):
    response = client.get("/articles/never-existed/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "can't find that page" in page
    assert 'role="search"' in page


def test_500_page_renders_without_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html


def test_related_stories_prefer_shared_companies_then_tags(client, django_assert_max_num_queries):
    from companies.models import Mention

    from .factories import CompanyFactory

    acme, other = CompanyFactory(slug="acme"), CompanyFactory(slug="other")
    article = ArticleFactory(headline="Main", tags=["Robots", "Chips"])
    Mention.objects.create(article=article, company=acme)
    both = ArticleFactory(headline="Shares company and tag", tags=["Robots"])
    Mention.objects.create(article=both, company=acme)
    company_only = ArticleFactory(headline="Shares company")
    Mention.objects.create(article=company_only, company=acme)
    one_tag = ArticleFactory(headline="Shares a tag", tags=["Chips"])
    ArticleFactory(headline="Shares other company", tags=[])
    Mention.objects.create(article=ArticleFactory(headline="Unrelated"), company=other)
    ArticleFactory(headline="Draft related", status=Status.DRAFT, tags=["Robots"])

    response = client.get(article.get_absolute_url())
    related = [a.headline for a in response.context["related"]]
    assert related == [both.headline, company_only.headline, one_tag.headline]
    assert "Related stories" in response.content.decode()


def test_source_pages(client, imported_seeds):
    index = client.get("/sources/")
    assert index.status_code == 200
    assert 'href="/sources/aicnbc/"' in index.content.decode()
    source = client.get("/sources/aicnbc/")
    seed = Article.objects.get(source__domain="aicnbc.com")
    assert [a.pk for a in source.context["articles"]] == [seed.pk]
    held_source = client.get("/sources/tech-times/")
    assert held_source.status_code == 200
    assert "ByteDance gene" not in held_source.content.decode()
    assert client.get("/sources/nope/").status_code == 404


def test_date_archive(client):
    from datetime import datetime

    from django.utils import timezone

    ArticleFactory(
        headline="March story",
        publish_at=datetime(2024, 3, 5, 12, tzinfo=timezone.get_current_timezone()),
    )
    ArticleFactory(
        headline="June story",
        publish_at=datetime(2024, 6, 1, 12, tzinfo=timezone.get_current_timezone()),
    )
    index = client.get("/archive/").content.decode()
    assert 'href="/archive/2024/3/"' in index
    assert 'href="/archive/2024/6/"' in index
    assert [a.headline for a in client.get("/archive/2024/").context["articles"]] == [
        "June story",
        "March story",
    ]
    assert [a.headline for a in client.get("/archive/2024/3/").context["articles"]] == [
        "March story"
    ]
    assert [a.headline for a in client.get("/archive/2024/3/5/").context["articles"]] == [
        "March story"
    ]
    assert list(client.get("/archive/2024/3/6/").context["articles"]) == []
    assert client.get("/archive/2024/13/").status_code == 404
    assert client.get("/archive/2024/2/30/").status_code == 404


def test_company_names_link_to_company_pages(client):
    from companies.models import Mention

    from .factories import CompanyFactory

    article = ArticleFactory()
    Mention.objects.create(article=article, company=CompanyFactory(name="Acme", slug="acme"))
    assert (
        '<a href="/companies/acme/">Acme</a>'
        in client.get(article.get_absolute_url()).content.decode()
    )


def test_the_company_filter_takes_a_name_another_name_or_the_slug(client):
    from companies.models import CompanyAlias, Mention

    from .factories import CompanyFactory

    acme = CompanyFactory(name="Acme Robotics", slug="acme")
    CompanyAlias.objects.create(company=acme, name="ACR", kind="alias")
    story = ArticleFactory(headline="Acme story")
    Mention.objects.create(article=story, company=acme)
    ArticleFactory(headline="Other story")
    for typed in ("acme", "acme robotics", "ACR"):
        response = client.get("/articles/", {"company": typed})
        assert [a.headline for a in response.context["articles"]] == ["Acme story"], typed
    unknown = client.get("/articles/", {"company": "Nobody Inc"}).content.decode()
    assert "No company by that name has a published story." in unknown
