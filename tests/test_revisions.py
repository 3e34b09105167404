"""Every save keeps a revision; two can be compared; any one can be restored, as a new one."""

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles.editorial.workflow import article_transition
from articles.models import Article, Status

from .admin_forms import form_data
from .factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(editor):
    client = Client()
    client.force_login(editor)
    return client


def save_body(client, article, body):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url))
    data["body"] = body
    response = client.post(url, data)
    assert response.status_code == 302
    article.refresh_from_db()


def test_every_save_and_transition_keeps_a_revision_with_who(desk, editor):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None)
    save_body(desk, article, "<p>One.</p>")
    save_body(desk, article, "<p>Two.</p>")
    article_transition(article=article, to=Status.PUBLISHED, user=editor)
    versions = list(Version.objects.get_for_object(article))
    assert len(versions) == 3
    assert all(v.revision.user == editor for v in versions)
    assert "Draft → Published" in versions[0].revision.get_comment()


def test_compare_two_revisions_shows_what_changed(desk):
    article = ArticleFactory()
    save_body(desk, article, "<p>The chip ships in May.</p>")
    save_body(desk, article, "<p>The chip ships in June.</p>")
    newer, older = Version.objects.get_for_object(article)[:2]
    history = desk.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert f'name="from" value="{older.pk}"' in history.content.decode()
    response = desk.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"from": older.pk, "to": newer.pk},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>May.</del><ins>June.</ins>" in html


def test_compare_without_a_choice_explains_itself(desk):
    article = ArticleFactory()
    response = desk.get(
        reverse("admin:articles_article_compare", args=[article.pk]), {"from": "x"}, follow=True
    )
    assert "Choose two revisions" in response.content.decode()


def test_restoring_a_revision_is_itself_a_revision(desk):
    article = ArticleFactory()
    save_body(desk, article, "<p>First draft.</p>")
    save_body(desk, article, "<p>Second draft.</p>")
    version_before = article.version
    first = Version.objects.get_for_object(article)[1]
    url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    page = desk.get(url)
    assert "First draft." in page.content.decode()
    article.refresh_from_db()
    assert article.body == "<p>Second draft.</p>"  # looking changes nothing
    response = desk.post(url, form_data(page))
    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.body == "<p>First draft.</p>"
    assert article.version == version_before + 1
    assert Version.objects.get_for_object(article).count() == 3
    assert "Reverted" in Version.objects.get_for_object(article)[0].revision.get_comment()


def test_restoring_over_a_newer_save_is_refused(desk, editor):
    article = ArticleFactory()
    save_body(desk, article, "<p>First draft.</p>")
    save_body(desk, article, "<p>Second draft.</p>")
    first = Version.objects.get_for_object(article)[1]
    url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    page = desk.get(url)
    other = Client()
    other.force_login(UserFactory(role="Editor"))
    save_body(other, article, "<p>Third draft, saved meanwhile.</p>")
    response = desk.post(url, form_data(page))
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.body == "<p>Third draft, saved meanwhile.</p>"
