"""Model behaviour: sources, rules, the publication filter."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.editorial.publishing import PublishRefused, article_publish
from articles.models import Article, Origin, ReprintRule, Source, Status

from .factories import ArticleFactory, PartnerArticleFactory, ReprintRuleFactory

pytestmark = pytest.mark.django_db


def test_source_domain_is_normalised():
    source = Source.objects.create(name="Example", slug="example", domain="WWW.Example.COM ")
    assert source.domain == "example.com"


def test_rule_patterns_must_be_valid_regular_expressions():
    rule = ReprintRuleFactory.build(notice_patterns="fine\n(unbalanced")
    rule.source.save()
    rule.source_id = rule.source.pk
    with pytest.raises(ValidationError) as caught:
        rule.full_clean()
    assert "Line 2 is not a valid regular expression" in str(caught.value)


def test_initial_rules_and_sources_ship_as_data():
    assert Source.objects.filter(domain__in=["aicnbc.com", "techtimes.com"]).count() == 2
    assert ReprintRule.objects.get(source__domain="aicnbc.com").permission == (
        "attribution_required"
    )
    assert ReprintRule.objects.get(source__domain="techtimes.com").permission == (
        "permission_required"
    )


def test_permission_property():
    assert ArticleFactory().permission == "staff"
    assert PartnerArticleFactory().permission == "attribution_required"
    assert PartnerArticleFactory(rule=None, source=None).permission == "unknown"


def test_published_filter_obeys_status_time_and_rights():
    now = timezone.now()
    visible = ArticleFactory()
    ArticleFactory(status=Status.DRAFT)
    ArticleFactory(status=Status.KILLED)
    ArticleFactory(publish_at=now + timezone.timedelta(minutes=5))
    partner_ok = PartnerArticleFactory()
    PartnerArticleFactory(rule=None, source=None)
    PartnerArticleFactory(rule__permission="prohibited")
    assert set(Article.objects.published()) == {visible, partner_ok}


def test_publishing_what_the_rule_forbids_fails_with_the_rules_name():
    article = PartnerArticleFactory(
        status=Status.DRAFT, rule__permission="prohibited", rule__name="No reprints at all"
    )
    with pytest.raises(PublishRefused) as caught:
        article_publish(article=article)
    assert "No reprints at all" in str(caught.value)
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_publishing_a_staff_story_sets_its_time():
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, origin=Origin.STAFF)
    article_publish(article=article)
    assert article.status == Status.PUBLISHED
    assert article.publish_at is not None
