"""Search never finds text readers may no longer see, whatever moment it is.

Visibility changes at moments nobody writes anything (a grant expiring or starting, a rule
version taking effect). Each document records the next such moment; from then on every hit on
it is checked again against what ``decide()`` allows now, and a deferred task re-indexes it.
The clock is moved by patching ``timezone.now``; nothing sleeps.
"""

import pytest
from django.utils import timezone

from articles.editorial.publishing import article_publish
from articles.models import Article, GrantScope, PermissionGrant
from articles.rights.services import grant_add, rule_revise
from search.indexing import refresh_due_documents
from search.models import SearchDocument

from .factories import PartnerArticleFactory, ReprintRuleFactory

pytestmark = pytest.mark.django_db

HELD = "Zhou Hongyi, chairman and CEO of 360 Security Technology"


@pytest.fixture
def clock(monkeypatch):
    class Clock:
        def travel(self, moment):
            monkeypatch.setattr(timezone, "now", lambda: moment)

    return Clock()


def search(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return response


def found(client, q) -> list[str]:
    return [r["article"].headline for r in search(client, q).context["results"]]


def granted_story(*, body, expires_at=None, valid_from=None, scope=GrantScope.ARTICLE):
    article = PartnerArticleFactory(
        headline="Partner piece",
        dek="",
        body=body,
        rule=ReprintRuleFactory(permission="permission_required"),
    )
    PermissionGrant.objects.create(
        scope=scope,
        article=article if scope == GrantScope.ARTICLE else None,
        source=article.source if scope == GrantScope.SOURCE else None,
        granted_by="Partner editor",
        reference="email",
        expires_at=expires_at,
        **({"valid_from": valid_from} if valid_from else {}),
    )
    return article


def test_the_techtimes_seed_is_not_found_by_its_held_text_after_the_grant_expires(
    client, imported_seeds, clock
):
    """The reproduction from issue 12: a one-article grant that expires in 60 seconds."""
    story = Article.objects.get(source__domain="techtimes.com")
    expiry = timezone.now() + timezone.timedelta(seconds=60)
    grant_add(
        grant=PermissionGrant(
            scope=GrantScope.ARTICLE,
            article=story,
            granted_by="Tech Times desk",
            reference="email of today",
            expires_at=expiry,
        )
    )
    article_publish(article=story)
    before = search(client, "Zhou Hongyi")
    assert [r["article"].pk for r in before.context["results"]] == [story.pk]
    assert "360 Security Technology" in before.content.decode()

    clock.travel(expiry + timezone.timedelta(seconds=1))
    after = search(client, "Zhou Hongyi")
    page = after.content.decode()
    assert after.context["results"] == []
    assert "360 Security" not in page
    assert "secret weapons" not in page
    assert "No stories match" in page


def test_a_document_records_when_its_visibility_next_changes():
    expiry = timezone.now() + timezone.timedelta(hours=3)
    article = granted_story(body="<p>Lasers everywhere.</p>", expires_at=expiry)
    assert SearchDocument.objects.get(article=article).stale_at == expiry
    staff = PartnerArticleFactory(rule=ReprintRuleFactory(permission="open_license"))
    assert SearchDocument.objects.get(article=staff).stale_at is None


@pytest.mark.parametrize("scope", [GrantScope.ARTICLE, GrantScope.SOURCE])
def test_hits_on_text_a_grant_no_longer_covers_are_dropped_and_snippets_follow(
    client, clock, scope
):
    expiry = timezone.now() + timezone.timedelta(minutes=5)
    granted_story(
        body="<p>The quantum laser program is secret.</p>", expires_at=expiry, scope=scope
    )
    assert found(client, "quantum laser") == ["Partner piece"]
    clock.travel(expiry + timezone.timedelta(seconds=1))
    assert found(client, "quantum laser") == []
    # Still listed by what readers may see (its headline), with no held text in the snippet.
    response = search(client, "partner piece")
    assert [r["article"].headline for r in response.context["results"]] == ["Partner piece"]
    assert "quantum" not in response.content.decode()


def test_a_stricter_rule_version_narrows_matches_to_the_excerpt(client, clock):
    rule = ReprintRuleFactory(permission="open_license", excerpt_max_words=4)
    PartnerArticleFactory(
        headline="Chip story",
        dek="",
        rule=rule,
        body="<p>Opening words about the wafers.</p><p>Later paragraph about lithography.</p>",
    )
    starts = timezone.now() + timezone.timedelta(days=1)
    rule_revise(rule=rule, changes={"permission": "excerpt_only"}, reason="Partner", at=starts)
    assert found(client, "lithography") == ["Chip story"]
    clock.travel(starts + timezone.timedelta(seconds=1))
    assert found(client, "lithography") == []
    assert found(client, "wafers") == []  # the fifth word: past the excerpt's limit
    assert found(client, "opening words") == ["Chip story"]


def test_a_hit_whose_text_did_not_change_at_the_moment_is_kept(client, clock):
    expiry = timezone.now() + timezone.timedelta(minutes=5)
    article = granted_story(body="<p>Running robots.</p>", expires_at=expiry)
    # A second grant covers the story past the first one's expiry.
    PermissionGrant.objects.create(
        scope=GrantScope.ARTICLE, article=article, granted_by="Partner", reference="renewal"
    )
    clock.travel(expiry + timezone.timedelta(seconds=1))
    assert found(client, "running robots") == ["Partner piece"]


def test_the_deferred_refresh_reindexes_what_changed_and_finds_what_became_visible(clock):
    expiry = timezone.now() + timezone.timedelta(minutes=5)
    expiring = granted_story(body="<p>Expiring laser text.</p>", expires_at=expiry)
    later = expiry + timezone.timedelta(minutes=5)
    starting = granted_story(body="<p>Starting maser text.</p>", valid_from=later)
    assert "maser" not in SearchDocument.objects.get(article=starting).body
    assert SearchDocument.objects.get(article=starting).stale_at == later

    clock.travel(expiry + timezone.timedelta(seconds=1))
    assert refresh_due_documents() == 1
    document = SearchDocument.objects.get(article=expiring)
    assert document.body == ""
    assert document.stale_at is None

    clock.travel(later + timezone.timedelta(seconds=1))
    assert refresh_due_documents() == 1
    document = SearchDocument.objects.get(article=starting)
    assert "maser" in document.body
    assert document.stale_at is None
    assert refresh_due_documents() == 0


def test_the_refresh_is_enqueued_for_the_moment_without_cron(django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    expiry = timezone.now() + timezone.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        granted_story(body="<p>Text.</p>", expires_at=expiry)
    due = DBTaskResult.objects.filter(task_path__endswith="refresh_search_documents")
    assert due.exists()
    assert due.order_by("run_after").last().run_after == expiry
    # One task per moment, however many stories share it.
    with django_capture_on_commit_callbacks(execute=True):
        granted_story(body="<p>More.</p>", expires_at=expiry)
    assert due.filter(run_after=expiry).count() == 1


def test_a_later_stricter_version_also_reaches_stories_pinned_to_older_versions(client, clock):
    rule = ReprintRuleFactory(permission="open_license")
    old = PartnerArticleFactory(
        headline="Old pin", dek="", rule=rule, body="<p>Intro.</p><p>Holography text.</p>"
    )
    second = rule_revise(rule=rule, changes={"license_spdx": "CC-BY-4.0"}, reason="Tidy").rule
    starts = timezone.now() + timezone.timedelta(hours=1)
    rule_revise(
        rule=second,
        changes={"permission": "excerpt_only", "excerpt_max_paragraphs": 1},
        reason="Excerpts from now on",
        at=starts,
    )
    old.refresh_from_db()
    assert old.rule_id == rule.pk
    assert found(client, "holography") == ["Old pin"]
    clock.travel(starts + timezone.timedelta(seconds=1))
    assert found(client, "holography") == []
    assert found(client, "intro") == ["Old pin"]


def test_a_grant_moved_to_another_story_stops_covering_the_first_in_search(client):
    first = granted_story(body="<p>Tachyon text.</p>")
    other = PartnerArticleFactory(rule=first.rule, headline="Other piece")
    grant = first.grants.get()
    assert found(client, "tachyon") == ["Partner piece"]
    grant.article = other
    grant.save()
    assert SearchDocument.objects.get(article=first).body == ""
    assert found(client, "tachyon") == []


def test_the_enqueued_task_is_ready_at_its_moment_and_refreshes(
    clock, django_capture_on_commit_callbacks
):
    """What ``manage.py db_worker`` does, step by step (the worker itself closes the test's
    database connection on PostgreSQL)."""
    from django_tasks_db.models import DBTaskResult

    expiry = timezone.now() + timezone.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        article = granted_story(body="<p>Graviton text.</p>", expires_at=expiry)
    # Only the search refresh: a save also queues the webhooks' work, which is theirs to test.
    refreshes = DBTaskResult.objects.filter(queue_name="default")
    assert not refreshes.ready().exists()  # too early: it waits for its moment
    clock.travel(expiry + timezone.timedelta(seconds=1))
    (due,) = refreshes.ready()
    assert due.task.call(*due.args_kwargs["args"], **due.args_kwargs["kwargs"]) == 1
    document = SearchDocument.objects.get(article=article)
    assert document.body == ""
    assert document.stale_at is None


def test_one_story_and_the_whole_snapshot_agree_on_rights_facts():
    """Indexing one story reads only its rule's versions and grants; a search reads the whole
    snapshot. Both must name the same facts, or every hit would be re-checked (or none)."""
    from articles.models.visibility import RightsSnapshot
    from articles.rights.moments import StoryRights

    from .factories import ArticleFactory

    now = timezone.now()
    revised = ReprintRuleFactory(permission="open_license")
    stories = [
        ArticleFactory(),
        granted_story(body="<p>a</p>"),
        granted_story(body="<p>b</p>", scope=GrantScope.SOURCE),
        granted_story(body="<p>c</p>", expires_at=now - timezone.timedelta(seconds=1)),
        PartnerArticleFactory(rule=ReprintRuleFactory(permission="permission_required")),
        PartnerArticleFactory(rule=revised),
    ]
    rule_revise(rule=revised, changes={"permission": "excerpt_only"}, reason="x")
    snapshot = RightsSnapshot.read(timezone.now())
    keys = set()
    for story in Article.objects.filter(pk__in=[s.pk for s in stories]).select_related("rule"):
        one = StoryRights.read(story).rights_key(snapshot.at)
        assert one == snapshot.rights_key(
            pk=story.pk, origin=story.origin, rule_id=story.rule_id, source_id=story.source_id
        )
        keys.add(one)
    assert len(keys) >= 4  # staff, granted, not granted, another rule's version in force
