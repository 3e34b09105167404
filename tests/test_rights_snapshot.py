"""What ``published()`` keeps between calls (what follows from the rule rows, the built rights
condition) never outlives the rows or the moment it was made for."""

import pytest
from django.utils import timezone

from articles.models import Article, GrantScope, PermissionGrant, Status
from articles.models.article import _rights_q
from articles.models.visibility import RightsSnapshot
from articles.rights.services import grant_add, rule_revise

from .factories import ArticleFactory, PartnerArticleFactory, ReprintRuleFactory

pytestmark = pytest.mark.django_db

HOUR = timezone.timedelta(hours=1)


def built_in_full(at):
    """``published(at)`` as it was written before anything was kept: the filter, built."""
    snapshot = RightsSnapshot.read(at)
    return Article.objects.filter(
        status__in=[Status.PUBLISHED, Status.SCHEDULED], publish_at__lte=at
    ).filter(_rights_q(snapshot))


def test_the_kept_rights_condition_is_the_built_one():
    ReprintRuleFactory(link_back_required=True)
    PartnerArticleFactory()
    at = timezone.now()
    for _ in range(2):  # built, then kept
        assert str(Article.objects.published(at=at).query) == str(built_in_full(at).query)
        assert str(Article.objects.published(at=at).filter(slug="x").query) == str(
            built_in_full(at).filter(slug="x").query
        )


def test_each_queryset_gets_its_own_copy_of_the_condition():
    PartnerArticleFactory()
    first, second = Article.objects.published(), Article.objects.published()
    assert first.query.where is not second.query.where
    assert not set(map(id, first.query.where.children)) & set(map(id, second.query.where.children))
    narrowed = first.filter(pk=0)
    assert first.exists()
    assert not narrowed.exists()
    assert second.exists()


def test_a_rule_change_applies_to_the_very_next_query():
    rule = ReprintRuleFactory(valid_from=timezone.now() - 10 * HOUR)
    article = PartnerArticleFactory(rule=rule)
    assert Article.objects.published().filter(pk=article.pk).exists()
    rule_revise(rule=rule, changes={"permission": "prohibited"})
    assert not Article.objects.published().filter(pk=article.pk).exists()
    at = timezone.now()
    assert str(Article.objects.published(at=at).query) == str(built_in_full(at).query)


def test_a_version_coming_into_force_applies_at_its_moment_with_the_rows_unchanged():
    rule = ReprintRuleFactory(valid_from=timezone.now() - 10 * HOUR)
    article = PartnerArticleFactory(rule=rule)
    later = timezone.now() + HOUR
    rule_revise(rule=rule, changes={"permission": "prohibited", "valid_from": later})
    moments = [later - timezone.timedelta(microseconds=1), later, later - HOUR, later + HOUR]
    seen = [Article.objects.published(at=at).filter(pk=article.pk).exists() for at in moments]
    assert seen == [True, False, True, False]
    before, after = RightsSnapshot.read(moments[0]), RightsSnapshot.read(later)
    assert rule.pk in before.publishable_rule_ids
    assert rule.pk not in after.publishable_rule_ids
    assert before.in_force_ids[rule.pk] == rule.pk
    assert after.in_force_ids[rule.pk] != rule.pk


def test_grants_are_read_at_every_call():
    article = PartnerArticleFactory(rule=ReprintRuleFactory(permission="permission_required"))
    expires = timezone.now() + HOUR
    assert not Article.objects.published().get().rights_granted
    grant_add(
        grant=PermissionGrant(
            scope=GrantScope.ARTICLE,
            article=article,
            granted_by="Ann Partner",
            reference="email",
            expires_at=expires,
        )
    )
    assert Article.objects.published().get().rights_granted
    assert not Article.objects.published(at=expires).get().rights_granted


def test_the_kept_facts_cannot_be_changed_by_a_caller():
    PartnerArticleFactory()
    ArticleFactory()
    snapshot = RightsSnapshot.read(timezone.now())
    with pytest.raises(TypeError):
        snapshot.in_force_ids[0] = 1
