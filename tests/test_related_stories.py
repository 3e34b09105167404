"""The related stories beside a story: only what readers may see, under the rules in force now,
read in one statement."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Status
from articles.rights.services import rule_revise
from articles.site.story import article_content_type_id, related_articles, story_tags
from companies.models import Mention

from .factories import ArticleFactory, CompanyFactory, PartnerArticleFactory, ReprintRuleFactory

pytestmark = pytest.mark.django_db

HOUR = timezone.timedelta(hours=1)


def related_headlines(client, article) -> list[str]:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return [story.headline for story in response.context["related"]]


def test_only_stories_readers_may_see_are_related(client):
    main = ArticleFactory(headline="Main", tags=["Robots"])
    PartnerArticleFactory(headline="Open partner", tags=["Robots"])
    PartnerArticleFactory(
        headline="Prohibited", tags=["Robots"], rule=ReprintRuleFactory(permission="prohibited")
    )
    PartnerArticleFactory(
        headline="No link back",
        tags=["Robots"],
        original_url="",
        rule=ReprintRuleFactory(
            link_back_required=True, attribution_template="From {source}: {url}"
        ),
    )
    ArticleFactory(headline="Draft", tags=["Robots"], status=Status.DRAFT)
    ArticleFactory(
        headline="Not yet",
        tags=["Robots"],
        status=Status.SCHEDULED,
        publish_at=timezone.now() + HOUR,
    )
    ArticleFactory(headline="Killed", tags=["Robots"], status=Status.KILLED)

    assert related_headlines(client, main) == ["Open partner"]


def test_a_stricter_rule_drops_a_related_story_on_the_next_request(client):
    main = ArticleFactory(headline="Main", tags=["Robots"])
    rule = ReprintRuleFactory(valid_from=timezone.now() - 10 * HOUR)
    PartnerArticleFactory(headline="Partner", tags=["Robots"], rule=rule)
    assert related_headlines(client, main) == ["Partner"]

    rule_revise(rule=rule, changes={"permission": "prohibited"})
    assert related_headlines(client, main) == []


def test_scores_visibility_and_rows_come_in_one_statement():
    acme = CompanyFactory()
    main = ArticleFactory(headline="Main", tags=["Robots", "Chips"])
    Mention.objects.create(article=main, company=acme)
    for n in range(6):
        story = ArticleFactory(headline=f"Related {n}", tags=["Robots"])
        Mention.objects.create(article=story, company=acme)
    article_content_type_id()  # Django keeps it for the process
    tags = story_tags(main)
    with CaptureQueriesContext(connection) as queries:
        related = related_articles(main, tags=tags, companies=[acme])
        # What a story in a list shows needs nothing more (source, rule, lead image, rights).
        [(story.source, story.rule, story.lead_image, story.rights_granted) for story in related]
    published = Article.objects.published()  # the same snapshot (none is held open here)
    assert len(queries) == 3  # the rights snapshot (rules, grants) and the one statement
    assert len(related) == 4
    assert all(story.related_score == 3 for story in related)  # a company (2) and a tag
    assert {story.pk for story in related} <= set(published.values_list("pk", flat=True))


def test_a_story_with_neither_tags_nor_companies_has_no_related_stories():
    main = ArticleFactory(headline="Main")
    ArticleFactory(headline="Other")
    with CaptureQueriesContext(connection) as queries:
        assert related_articles(main, tags=[], companies=[]) == []
    assert len(queries) == 0


def test_the_kicker_is_the_tag_with_the_lowest_id(client):
    main = ArticleFactory(headline="Main", tags=["Zebra", "Aardvark"])
    tags = story_tags(main)
    assert [tag.name for tag in tags] == ["Zebra", "Aardvark"]  # created in that order
    page = client.get(main.get_absolute_url()).content.decode()
    assert '<p class="kicker"><a href="/tags/zebra/">Zebra</a></p>' in page
