"""Restoring a revision brings back a story's content only, never its status, publish time or
rights; it is an edit like any other (same service, same roles) and leaves a revision of its own.
The change form and the recover view cannot move a story past the workflow either."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.editorial.workflow import article_transition
from articles.models import Article, ArticleAuthor, Origin, Status, Transition

from .admin_forms import form_data
from .factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    PartnerArticleFactory,
    ReprintRuleFactory,
    client_for,
)

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def revision_url(article, version):
    return reverse("admin:articles_article_revision", args=[article.pk, version.pk])


def save_form(client, article, **changes):
    data = form_data(client.get(change_url(article)))
    data.update(changes)
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    return response


def version_with(article, comment):
    return next(
        v for v in Version.objects.get_for_object(article) if comment in v.revision.get_comment()
    )


def restore(client, article, version):
    url = revision_url(article, version)
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, form_data(page))


def test_restoring_the_published_revision_of_a_killed_story_keeps_it_killed(editor):
    desk = client_for(editor)
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, headline="Chip ships")
    article_transition(article=article, to=Status.PUBLISHED, user=editor)
    save_form(desk, article, headline="Chip ships late")
    article_transition(article=article, to=Status.KILLED, user=editor)
    assert Client().get(article.get_absolute_url()).status_code == 410
    transitions = Transition.objects.count()
    revisions = Version.objects.get_for_object(article).count()

    response = restore(desk, article, version_with(article, "Draft → Published"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.KILLED
    assert article.headline == "Chip ships"  # the content came back
    assert Client().get(article.get_absolute_url()).status_code == 410
    assert Transition.objects.count() == transitions
    versions = Version.objects.get_for_object(article)
    assert versions.count() == revisions + 1
    assert versions[0].revision.user == editor
    assert "Reverted" in versions[0].revision.get_comment()


def test_restoring_an_unpublished_revision_does_not_unpublish_or_move_the_publish_time(editor):
    desk = client_for(editor)
    article = ArticleFactory(status=Status.DRAFT, publish_at=None)
    save_form(desk, article, body="<p>Draft text.</p>")
    draft = Version.objects.get_for_object(article)[0]
    article_transition(article=article, to=Status.PUBLISHED, user=editor)
    article.refresh_from_db()
    published_at = article.publish_at

    assert restore(desk, article, draft).status_code == 302

    article.refresh_from_db()
    assert (article.status, article.publish_at) == (Status.PUBLISHED, published_at)
    assert article.body == "<p>Draft text.</p>"
    assert Client().get(article.get_absolute_url()).status_code == 200


def test_restoring_never_brings_back_rights_fields(editor):
    desk = client_for(editor)
    old_rule, new_rule = ReprintRuleFactory(), ReprintRuleFactory()
    article = PartnerArticleFactory(
        rule=old_rule, copyright_holder="Old Holder", original_author="Old Author"
    )
    save_form(desk, article, headline="First headline")
    first = Version.objects.get_for_object(article)[0]
    later = timezone.now() - timedelta(minutes=5)
    Article.objects.filter(pk=article.pk).update(publish_at=later)
    save_form(
        desk,
        article,
        headline="Second headline",
        rule=str(new_rule.pk),
        copyright_holder="New Holder",
        original_author="New Author",
        original_url="https://partner.example/moved.html",
    )

    assert restore(desk, article, first).status_code == 302

    article.refresh_from_db()
    assert article.headline == "First headline"
    assert article.rule == new_rule
    assert article.copyright_holder == "New Holder"
    assert article.original_author == "New Author"
    assert article.original_url == "https://partner.example/moved.html"
    assert article.origin == Origin.PARTNER
    assert abs(article.publish_at - later) < timedelta(seconds=1)


def test_restoring_brings_back_bylines_tags_and_the_lead_image(editor):
    desk = client_for(editor)
    first_author, second_author = AuthorFactory(name="First"), AuthorFactory(name="Second")
    old_image, new_image = ImageFactory(), ImageFactory()
    article = ArticleFactory(lead_image=old_image, tags=["chips", "china"])
    ArticleAuthor.objects.create(article=article, author=first_author)
    save_form(desk, article, body="<p>Old body.</p>")
    old = Version.objects.get_for_object(article)[0]

    data = form_data(desk.get(change_url(article)))
    data.update(
        {
            "body": "<p>New body.</p>",
            "dek": "New standfirst",
            "tags": "robots",
            "lead_image": str(new_image.pk),
            "bylines-0-author": str(second_author.pk),
        }
    )
    assert desk.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert [b.author for b in article.bylines.all()] == [second_author]

    assert restore(desk, article, old).status_code == 302

    article.refresh_from_db()
    assert article.body == "<p>Old body.</p>"
    assert article.dek == "A short standfirst."
    assert article.lead_image == old_image
    assert sorted(article.tags.names()) == ["china", "chips"]
    assert [b.author for b in article.bylines.all()] == [first_author]


def test_looking_at_a_revision_changes_nothing(editor):
    desk = client_for(editor)
    article = ArticleFactory(tags=["chips"])
    save_form(desk, article, body="<p>Old body.</p>")
    old = Version.objects.get_for_object(article)[0]
    save_form(desk, article, body="<p>New body.</p>", tags="robots")
    page = desk.get(revision_url(article, old))
    assert "Old body." in page.content.decode()
    article.refresh_from_db()
    assert article.body == "<p>New body.</p>"
    assert list(article.tags.names()) == ["robots"]


def test_restoring_a_revision_shared_with_other_stories_touches_only_this_one(editor):
    desk = client_for(editor)
    one = ArticleFactory(status=Status.DRAFT, publish_at=None, headline="One")
    two = ArticleFactory(status=Status.DRAFT, publish_at=None, headline="Two")
    response = desk.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [one.pk, two.pk]},
    )
    assert response.status_code == 302
    shared = Version.objects.get_for_object(one)[0]
    two.refresh_from_db()
    article_transition(article=two, to=Status.KILLED, user=editor)
    one.refresh_from_db()
    article_transition(article=one, to=Status.UNPUBLISHED, user=editor)

    assert restore(desk, one, shared).status_code == 302

    one.refresh_from_db()
    two.refresh_from_db()
    assert one.status == Status.UNPUBLISHED
    assert two.status == Status.KILLED


# --- Writers -----------------------------------------------------------------------------------


def test_writer_cannot_unkill_their_story_by_restoring(writer, editor):
    mine = client_for(writer)
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, created_by=writer)
    save_form(mine, article, headline="My draft")
    draft = Version.objects.get_for_object(article)[0]
    article_transition(article=article, to=Status.PUBLISHED, user=editor)
    article.refresh_from_db()
    article_transition(article=article, to=Status.KILLED, user=editor)

    url = revision_url(article, draft)
    assert mine.get(url).status_code == 403
    data = form_data(client_for(editor).get(url))
    assert mine.post(url, data).status_code == 403

    article.refresh_from_db()
    assert article.status == Status.KILLED
    assert Client().get(article.get_absolute_url()).status_code == 410


def test_writer_cannot_unpublish_their_story_by_restoring_a_draft(writer, editor):
    mine = client_for(writer)
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, created_by=writer)
    save_form(mine, article, headline="My draft")
    draft = Version.objects.get_for_object(article)[0]
    article_transition(article=article, to=Status.PUBLISHED, user=editor)

    data = form_data(client_for(editor).get(revision_url(article, draft)))
    assert mine.post(revision_url(article, draft), data).status_code == 403

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert Client().get(article.get_absolute_url()).status_code == 200


def test_writer_restores_their_own_draft_like_an_edit(writer):
    mine = client_for(writer)
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, created_by=writer)
    save_form(mine, article, headline="First try")
    first = Version.objects.get_for_object(article)[0]
    save_form(mine, article, headline="Second try")

    assert restore(mine, article, first).status_code == 302

    article.refresh_from_db()
    assert (article.headline, article.status) == ("First try", Status.DRAFT)
    assert Version.objects.get_for_object(article)[0].revision.user == writer


def test_writer_posting_status_publish_time_or_rights_fields_changes_none_of_them(writer):
    mine = client_for(writer)
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, created_by=writer)
    rule = ReprintRuleFactory()
    save_form(
        mine,
        article,
        headline="Edited",
        status=Status.PUBLISHED,
        publish_at_0="2020-01-01",
        publish_at_1="10:00:00",
        origin=Origin.PARTNER,
        rule=str(rule.pk),
        source=str(rule.source.pk),
        original_url="https://partner.example/x.html",
        original_author="Somebody Else",
        copyright_holder="Somebody Else Ltd",
        copyright_notice="All rights reserved.",
    )
    article.refresh_from_db()
    assert article.headline == "Edited"
    assert (article.status, article.publish_at, article.origin) == (
        Status.DRAFT,
        None,
        Origin.STAFF,
    )
    assert (article.rule, article.source) == (None, None)
    assert (article.original_url, article.original_author) == ("", "")
    assert (article.copyright_holder, article.copyright_notice) == ("", "")


def test_the_save_service_refuses_status_and_rights_changes_from_a_writer(writer):
    from django.core.exceptions import PermissionDenied

    from articles.editorial.workflow import TransitionRefused, article_save

    article = ArticleFactory(status=Status.DRAFT, publish_at=None, created_by=writer)
    article.status = Status.PUBLISHED
    with pytest.raises(TransitionRefused):
        article_save(article=article, user=writer, base_version=article.version)
    article = Article.objects.get(pk=article.pk)
    article.publish_at = timezone.now()
    with pytest.raises(PermissionDenied):
        article_save(article=article, user=writer, base_version=article.version)
    article = Article.objects.get(pk=article.pk)
    article.copyright_holder = "Someone"
    with pytest.raises(PermissionDenied):
        article_save(article=article, user=writer, base_version=article.version)
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_a_new_story_starts_as_a_draft_whatever_is_posted(editor):
    desk = client_for(editor)
    data = form_data(desk.get(reverse("admin:articles_article_add")))
    data.update(
        {"headline": "Fresh", "slug": "fresh", "body": "<p>Text.</p>", "status": "published"}
    )
    assert desk.post(reverse("admin:articles_article_add"), data).status_code == 302
    assert Article.objects.get(slug="fresh").status == Status.DRAFT


# --- Recovering a deleted story ----------------------------------------------------------------


def delete_in_admin(client, article):
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()


def test_a_recovered_story_comes_back_as_a_draft(editor):
    desk = client_for(editor)
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, headline="Deleted story")
    article_transition(article=article, to=Status.PUBLISHED, user=editor)
    save_form(desk, article, body="<p>Published text.</p>")
    url = article.get_absolute_url()
    delete_in_admin(desk, article)
    deleted = Version.objects.get_deleted(Article).get()
    recover = reverse("admin:articles_article_recover", args=[deleted.pk])

    page = desk.get(recover)
    assert page.status_code == 200
    assert desk.post(recover, form_data(page)).status_code == 302

    article = Article.objects.get(pk=article.pk)
    assert article.status == Status.DRAFT
    assert article.body == "<p>Published text.</p>"
    assert Client().get(url).status_code == 404
    assert "Recovered" in Version.objects.get_for_object(article)[0].revision.get_comment()


def test_writers_cannot_recover_deleted_stories(writer, editor):
    article = ArticleFactory(headline="Deleted story", created_by=writer)
    save_form(client_for(editor), article, body="<p>Text.</p>")
    delete_in_admin(client_for(editor), article)
    deleted = Version.objects.get_deleted(Article).get()
    mine = client_for(writer)
    assert mine.get(reverse("admin:articles_article_recoverlist")).status_code == 403
    recover = reverse("admin:articles_article_recover", args=[deleted.pk])
    assert mine.get(recover).status_code == 403
    assert mine.post(recover, {"headline": "x"}).status_code == 403
    assert not Article.objects.filter(pk=article.pk).exists()


def test_recovering_a_story_whose_address_was_taken_explains_instead_of_failing(editor):
    desk = client_for(editor)
    article = ArticleFactory(slug="taken")
    save_form(desk, article, body="<p>Text.</p>")
    delete_in_admin(desk, article)
    ArticleFactory(slug="taken")
    deleted = Version.objects.get_deleted(Article).get()
    response = desk.get(reverse("admin:articles_article_recover", args=[deleted.pk]), follow=True)
    assert response.status_code == 200
    assert "taken" in response.content.decode()
    assert Article.objects.filter(slug="taken").count() == 1


def test_a_revision_address_that_names_no_story_or_revision_is_404(editor):
    desk = client_for(editor)
    article = ArticleFactory()
    save_form(desk, article, body="<p>Text.</p>")
    version = Version.objects.get_for_object(article)[0]
    other = ArticleFactory()
    for url in (
        f"/admin/articles/article/abc/history/{version.pk}/",
        f"/admin/articles/article/{other.pk}/history/{version.pk}/",  # not its revision
        f"/admin/articles/article/{article.pk}/history/99999999999999999999/",
        "/admin/articles/article/recover/99999999999999999999/",
    ):
        assert desk.get(url).status_code == 404, url


def one_correction(text: str) -> dict:
    """The change form's fields adding one correction dated 2 March 2026."""
    return {
        "corrections-TOTAL_FORMS": "1",
        "corrections-0-corrected_at_0": "2026-03-02",
        "corrections-0-corrected_at_1": "10:00:00",
        "corrections-0-text": text,
    }


def test_a_recovered_story_keeps_its_corrections(editor):
    """A correction is a public record: deleting and recovering the story must not lose it,
    even when the story was edited after the correction was made."""
    desk = client_for(editor)
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, headline="Corrected story")
    save_form(desk, article, **one_correction("An earlier version misspelled the CEO's name."))
    save_form(desk, article, body="<p>Edited after the correction.</p>")
    delete_in_admin(desk, article)
    deleted = Version.objects.get_deleted(Article).get()
    recover = reverse("admin:articles_article_recover", args=[deleted.pk])

    page = desk.get(recover)
    assert "misspelled the CEO" in page.content.decode()
    assert desk.post(recover, form_data(page)).status_code == 302

    article = Article.objects.get(pk=article.pk)
    assert article.body == "<p>Edited after the correction.</p>"
    assert [c.text for c in article.corrections.all()] == [
        "An earlier version misspelled the CEO's name."
    ]


def test_restoring_an_old_revision_never_removes_a_later_correction(editor):
    desk = client_for(editor)
    article = ArticleFactory(headline="Story")
    save_form(desk, article, body="<p>First text.</p>")
    first = version_with(article, "")
    save_form(desk, article, **one_correction("The figure was 4 %, not 40 %."))
    assert restore(desk, article, first).status_code == 302
    assert [c.text for c in article.corrections.all()] == ["The figure was 4 %, not 40 %."]
