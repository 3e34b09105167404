"""The roles, created by a migration and enforced by the services, checked role by role."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.editorial.workflow import TransitionRefused, article_save, article_transition
from articles.models import Status

from .factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

FUTURE = timedelta(hours=3)


def perms(group_name):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=group_name).permissions.select_related("content_type")
    }


def test_the_migration_creates_the_three_roles():
    writer, editor, rights = perms("Writer"), perms("Editor"), perms("Rights manager")
    assert {"articles.add_article", "articles.change_article", "articles.add_image"} <= writer
    assert not writer & {
        "articles.publish_article",
        "articles.kill_article",
        "articles.edit_any_article",
        "articles.delete_article",
    }
    assert {
        "articles.publish_article",
        "articles.kill_article",
        "articles.edit_any_article",
        "articles.delete_article",
        "taggit.change_tag",
    } <= editor
    assert {"articles.change_source", "articles.add_reprintrule"} <= rights
    assert "articles.change_article" not in rights
    assert "articles.change_reprintrule" not in editor


# --- Writer ------------------------------------------------------------------------------------


def test_writer_role():
    writer = UserFactory(role="Writer")
    own = ArticleFactory(status=Status.DRAFT, publish_at=None, created_by=writer)
    others = ArticleFactory(status=Status.DRAFT, publish_at=None)

    own.headline = "Edited by the writer"
    article_save(article=own, user=writer, base_version=own.version)
    with pytest.raises(PermissionDenied):
        article_save(article=others, user=writer, base_version=others.version)
    for target in (Status.PUBLISHED, Status.SCHEDULED, Status.KILLED):
        with pytest.raises(TransitionRefused):
            article_transition(article=own, to=target, user=writer, at=timezone.now() + FUTURE)
    article_transition(article=own, to=Status.IN_REVIEW, user=writer)
    with pytest.raises(PermissionDenied):  # in review: the desk's now
        article_save(article=own, user=writer, base_version=own.version)


def test_writer_cannot_delete_or_manage_rules_in_the_admin():
    client = Client()
    client.force_login(UserFactory(role="Writer"))
    article = ArticleFactory()
    assert (
        client.get(reverse("admin:articles_article_delete", args=[article.pk])).status_code == 403
    )
    assert client.get(reverse("admin:articles_reprintrule_add")).status_code == 403


# --- Editor ------------------------------------------------------------------------------------


def test_editor_role():
    editor = UserFactory(role="Editor")
    article = ArticleFactory(status=Status.IN_REVIEW, publish_at=None, created_by=UserFactory())
    article.headline = "Sharper headline"
    article_save(article=article, user=editor, base_version=article.version)
    article_transition(
        article=article, to=Status.SCHEDULED, user=editor, at=timezone.now() + FUTURE
    )
    article_transition(article=article, to=Status.PUBLISHED, user=editor)
    article_transition(article=article, to=Status.UNPUBLISHED, user=editor)
    article_transition(article=article, to=Status.KILLED, user=editor)
    assert article.status == Status.KILLED
    assert article.transitions.count() == 4


def test_editor_cannot_change_reprint_rules():
    client = Client()
    client.force_login(UserFactory(role="Editor"))
    assert client.get(reverse("admin:articles_reprintrule_add")).status_code == 403


# --- Rights manager ----------------------------------------------------------------------------


def test_rights_manager_role():
    manager = UserFactory(role="Rights manager")
    article = ArticleFactory(status=Status.DRAFT, publish_at=None)
    with pytest.raises(TransitionRefused):
        article_transition(article=article, to=Status.PUBLISHED, user=manager)
    with pytest.raises(PermissionDenied):
        article_save(article=article, user=manager, base_version=article.version)
    client = Client()
    client.force_login(manager)
    assert client.get(reverse("admin:articles_reprintrule_add")).status_code == 200
    assert client.get(reverse("admin:articles_source_add")).status_code == 200
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert client.post(change, {"headline": "x"}).status_code == 403


# --- Superuser and outsiders -------------------------------------------------------------------


def test_superuser_may_do_everything():
    boss = UserFactory(is_superuser=True)
    article = ArticleFactory(status=Status.DRAFT, publish_at=None)
    article_transition(article=article, to=Status.PUBLISHED, user=boss)
    article_transition(article=article, to=Status.KILLED, user=boss)


def test_no_role_and_no_user_may_do_nothing():
    article = ArticleFactory(status=Status.DRAFT, publish_at=None)
    for user in (UserFactory(), None):
        with pytest.raises(TransitionRefused):
            article_transition(article=article, to=Status.IN_REVIEW, user=user)


def test_editor_can_link_an_author_to_a_staff_account():
    client = Client()
    client.force_login(UserFactory(role="Editor"))
    UserFactory(username="reporter1")
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "author", "field_name": "user", "term": "rep"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["reporter1"]
