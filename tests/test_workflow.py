"""The transition service: states, roles, scheduling without cron, records of who and when."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.editorial.publishing import PublishRefused
from articles.editorial.workflow import (
    TransitionRefused,
    article_transition,
    available_transitions,
    next_scheduled_publish_at,
)
from articles.models import Article, Permission, Status, Transition
from articles.rights.engine import decide

from .factories import (
    ArticleFactory,
    ImageFactory,
    PartnerArticleFactory,
    ReprintRuleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def draft(**kwargs):
    return ArticleFactory(status=Status.DRAFT, publish_at=None, **kwargs)


def test_editor_publishes_a_draft_and_readers_see_it_at_once(editor):
    article = draft()
    article_transition(article=article, to=Status.PUBLISHED, user=editor)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.publish_at <= timezone.now()
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_every_transition_is_recorded_with_who_and_when(writer, editor):
    article = draft(created_by=writer)
    article_transition(article=article, to=Status.IN_REVIEW, user=writer)
    article_transition(article=article, to=Status.PUBLISHED, user=editor, note="Looks good")
    records = list(Transition.objects.filter(article=article).order_by("at", "id"))
    assert [(r.from_status, r.to_status, r.user) for r in records] == [
        (Status.DRAFT, Status.IN_REVIEW, writer),
        (Status.IN_REVIEW, Status.PUBLISHED, editor),
    ]
    assert records[1].note == "Looks good"
    assert records[1].publish_at == article.publish_at


def test_writer_cannot_publish_by_calling_the_service(writer):
    article = draft(created_by=writer)
    with pytest.raises(TransitionRefused, match="Only editors can publish"):
        article_transition(article=article, to=Status.PUBLISHED, user=writer)
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert not Transition.objects.exists()


@pytest.mark.parametrize("target", [Status.SCHEDULED, Status.UNPUBLISHED, Status.KILLED])
def test_writer_cannot_schedule_unpublish_or_kill(writer, target):
    article = ArticleFactory(created_by=writer)  # published
    with pytest.raises(TransitionRefused):
        article_transition(
            article=article,
            to=target,
            user=writer,
            at=timezone.now() + timedelta(hours=1),
        )


def test_writer_submits_own_draft_but_not_someone_elses(writer):
    own = draft(created_by=writer)
    article_transition(article=own, to=Status.IN_REVIEW, user=writer)
    assert own.status == Status.IN_REVIEW
    other = draft(created_by=UserFactory(role="Writer"))
    with pytest.raises(TransitionRefused, match="your own drafts"):
        article_transition(article=other, to=Status.IN_REVIEW, user=writer)


def test_scheduled_story_appears_at_its_moment_without_cron(editor):
    article = draft()
    at = timezone.now() + timedelta(hours=2)
    article_transition(article=article, to=Status.SCHEDULED, user=editor, at=at)
    article.refresh_from_db()
    assert article.status == Status.SCHEDULED
    assert not Article.objects.published().filter(pk=article.pk).exists()
    later = at + timedelta(seconds=1)
    assert Article.objects.published(at=later).filter(pk=article.pk).exists()
    assert decide(article, at=later).may_publish


def test_publishing_with_a_future_time_schedules(editor):
    article = draft()
    at = timezone.now() + timedelta(days=1)
    article_transition(article=article, to=Status.PUBLISHED, user=editor, at=at)
    assert article.status == Status.SCHEDULED


def test_scheduling_needs_a_future_time(editor):
    article = draft()
    with pytest.raises(TransitionRefused, match="publish time in the future"):
        article_transition(article=article, to=Status.SCHEDULED, user=editor)


def test_publishing_obeys_the_reprint_rule(editor):
    prohibited = ReprintRuleFactory(permission=Permission.PROHIBITED)
    article = PartnerArticleFactory(rule=prohibited, status=Status.DRAFT, publish_at=None)
    with pytest.raises(PublishRefused, match="prohibits"):
        article_transition(article=article, to=Status.PUBLISHED, user=editor)
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert not Transition.objects.exists()


def test_lead_image_needs_alt_text_before_publishing(editor):
    article = draft(lead_image=ImageFactory(alt_text=""))
    with pytest.raises(TransitionRefused, match="alt text"):
        article_transition(article=article, to=Status.PUBLISHED, user=editor)
    article.lead_image.alt_text = "Chips on a wafer"
    article.lead_image.save()
    article_transition(article=article, to=Status.PUBLISHED, user=editor)
    assert article.status == Status.PUBLISHED


def test_killed_is_final_and_leaves_the_public_site(editor):
    article = ArticleFactory()
    article_transition(article=article, to=Status.KILLED, user=editor, note="Legal")
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert available_transitions(article=article, user=editor) == []
    with pytest.raises(TransitionRefused, match="can't become"):
        article_transition(article=article, to=Status.PUBLISHED, user=editor)


def test_unpublish_then_republish_keeps_the_original_date(editor):
    article = ArticleFactory()
    first = article.publish_at
    article_transition(article=article, to=Status.UNPUBLISHED, user=editor)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    article_transition(article=article, to=Status.PUBLISHED, user=editor)
    assert article.publish_at == first


def test_a_stale_status_is_refused(editor):
    article = draft()
    stale_copy = Article.objects.get(pk=article.pk)
    article_transition(article=article, to=Status.IN_REVIEW, user=editor)
    with pytest.raises(TransitionRefused, match="meanwhile"):
        article_transition(article=stale_copy, to=Status.PUBLISHED, user=editor)


def test_available_transitions_follow_the_role(writer, editor):
    article = draft(created_by=writer)
    assert [s for s, _ in available_transitions(article=article, user=writer)] == [Status.IN_REVIEW]
    assert {s for s, _ in available_transitions(article=article, user=editor)} == {
        Status.IN_REVIEW,
        Status.SCHEDULED,
        Status.PUBLISHED,
        Status.KILLED,
    }


def test_next_scheduled_moment_bounds_caches(editor):
    assert next_scheduled_publish_at() is None
    soon, later = timezone.now() + timedelta(minutes=5), timezone.now() + timedelta(hours=5)
    for at in (later, soon):
        article_transition(article=draft(), to=Status.SCHEDULED, user=editor, at=at)
    assert next_scheduled_publish_at() == soon
    assert next_scheduled_publish_at(now=soon) == later
