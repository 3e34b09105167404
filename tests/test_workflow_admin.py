"""The article desk in the admin: buttons that obey roles, stale saves that lose nothing,
the soft lock, preview, bulk actions and the needs-attention panel."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles.editorial.workflow import article_transition
from articles.models import Article, EditSession, Permission, Status

from .admin_forms import form_data
from .factories import (
    ArticleFactory,
    AuthorFactory,
    PartnerArticleFactory,
    ReprintRuleFactory,
    UserFactory,
    client_for,
)

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def writer():
    return UserFactory(username="wendy", first_name="Wendy", role="Writer")


@pytest.fixture
def editor():
    return UserFactory(username="eddie", first_name="Eddie", role="Editor")


@pytest.fixture
def other_editor():
    return UserFactory(username="erin", first_name="Erin", role="Editor")


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Writers ---------------------------------------------------------------------------------


def test_writer_writes_a_story_with_their_byline_and_submits_it(client, writer):
    profile = AuthorFactory(name="Wendy Writer", user=writer)
    client.force_login(writer)
    add = client.get(reverse("admin:articles_article_add"))
    assert add.status_code == 200
    data = form_data(add)
    data.update(
        headline="Chip shortage eases",
        slug="chip-shortage-eases",
        body="<h2>Supply</h2><p>Fabs <strong>reopen</strong>.</p><script>alert(1)</script>",
        tags=["Chips", "Supply chain"],
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(slug="chip-shortage-eases")
    assert article.created_by == writer
    assert article.body == "<h2>Supply</h2><p>Fabs <strong>reopen</strong>.</p>"
    assert list(article.authors.all()) == [profile]
    assert sorted(article.tags.names()) == ["Chips", "Supply chain"]

    page = client.get(change_url(article))
    html = page.content.decode()
    assert 'value="in_review"' in html
    assert 'value="published"' not in html  # no publish button for writers

    data = form_data(page)
    data["_transition"] = "in_review"
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    # Once submitted, the story is the desk's: the writer can read it but not change it.
    assert client.post(change_url(article), data).status_code == 403


def test_writer_publish_attempt_is_refused_in_the_admin(client, writer):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, created_by=writer)
    client.force_login(writer)
    data = form_data(client.get(change_url(article)))
    data["_transition"] = "published"
    response = client.post(change_url(article), data, follow=True)
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert any("Only editors can publish" in m for m in messages_of(response))


def test_writer_cannot_edit_someone_elses_draft(client, writer):
    article = ArticleFactory(status=Status.DRAFT, created_by=UserFactory())
    client.force_login(writer)
    page = client.get(change_url(article))
    assert page.status_code == 200  # view only
    assert 'name="headline"' not in page.content.decode()


def test_editor_publishes_from_the_change_form(client, editor):
    article = ArticleFactory(status=Status.IN_REVIEW, publish_at=None)
    client.force_login(editor)
    data = form_data(client.get(change_url(article)))
    data["_transition"] = "published"
    response = client.post(change_url(article), data, follow=True)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert any("is now published" in m for m in messages_of(response))


def test_refused_publication_shows_the_rights_reason_not_an_error_page(client, editor):
    rule = ReprintRuleFactory(permission=Permission.PROHIBITED)
    article = PartnerArticleFactory(rule=rule, status=Status.DRAFT, publish_at=None)
    client.force_login(editor)
    data = form_data(client.get(change_url(article)))
    data["_transition"] = "published"
    response = client.post(change_url(article), data, follow=True)
    assert response.status_code == 200
    assert any("prohibits republishing" in m for m in messages_of(response))
    article.refresh_from_db()
    assert article.status == Status.DRAFT


# --- Optimistic locking ------------------------------------------------------------------------


def test_second_stale_save_is_refused_and_keeps_the_typed_text(editor, other_editor):
    article = ArticleFactory(body="<p>Original text.</p>")
    first, second = client_for(editor), client_for(other_editor)
    first_data = form_data(first.get(change_url(article)))
    second_data = form_data(second.get(change_url(article)))

    first_data["body"] = "<p>Original text. Eddie added a paragraph.</p>"
    assert first.post(change_url(article), first_data).status_code == 302

    second_data["body"] = "<p>Original text, rewritten by Erin.</p>"
    refused = second.post(change_url(article), second_data)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "someone else saved this story after you opened it" in html
    assert "Eddie saved this story at" in html
    assert "rewritten by Erin" in html  # her text is still on the form
    assert "<del>" in html
    assert "<ins>" in html
    article.refresh_from_db()
    assert "Eddie added a paragraph" in article.body

    # She chooses to keep her version, having seen theirs.
    assert f'name="overwrite_version" value="{article.version}"' in html
    again = form_data(refused)
    again["overwrite_version"] = str(article.version)  # she ticks "Save my version anyway"
    assert second.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>Original text, rewritten by Erin.</p>"
    assert article.version == 3


def test_overwrite_confirmation_is_for_one_version_only(editor, other_editor):
    article = ArticleFactory()
    first, second = client_for(editor), client_for(other_editor)
    stale = form_data(second.get(change_url(article)))
    data = form_data(first.get(change_url(article)))
    first.post(change_url(article), data)
    refused = form_data(second.post(change_url(article), stale))
    refused["overwrite_version"] = "2"  # she has seen version 2 and ticks "save anyway"
    first.post(change_url(article), form_data(first.get(change_url(article))))  # version 3
    assert second.post(change_url(article), refused).status_code == 200  # refused again


# --- Soft lock -------------------------------------------------------------------------------


def test_change_form_shows_who_else_is_editing_until_it_expires(editor, other_editor, settings):
    article = ArticleFactory()
    first, second = client_for(editor), client_for(other_editor)
    first.get(change_url(article))
    since = timezone.localtime(EditSession.objects.get(user=editor).since).strftime("%H:%M")
    html = second.get(change_url(article)).content.decode()
    assert f"<strong>Eddie</strong> has been editing since {since}" in html

    heartbeat = reverse("admin:articles_article_heartbeat", args=[article.pk])
    assert first.post(heartbeat).json()["others"] == [{"name": "Erin", "since": since}]

    EditSession.objects.update(
        seen_at=timezone.now() - timedelta(seconds=settings.EDIT_LOCK_SECONDS + 1)
    )
    assert "</strong> has been editing since" not in first.get(change_url(article)).content.decode()


def test_saving_releases_the_soft_lock(editor, other_editor):
    article = ArticleFactory()
    first, second = client_for(editor), client_for(other_editor)
    first.post(change_url(article), form_data(first.get(change_url(article))))
    html = second.get(change_url(article)).content.decode()
    assert "</strong> has been editing since" not in html


# --- Preview ---------------------------------------------------------------------------------


def test_preview_shows_a_draft_as_readers_will_see_it_with_attribution(client, editor):
    article = PartnerArticleFactory(
        status=Status.DRAFT, publish_at=None, headline="Draft partner story"
    )
    url = reverse("editorial:preview", args=[article.pk])
    assert client.get(url).status_code == 404  # anonymous
    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(editor)
    html = client.get(url).content.decode()
    assert "Draft partner story" in html
    assert "First paragraph." in html
    assert "From Partner" in html  # the rule's attribution line
    assert "Preview" in html


def test_preview_of_unsaved_changes_saves_nothing(client, editor):
    article = ArticleFactory(status=Status.DRAFT, headline="Saved headline")
    client.force_login(editor)
    data = form_data(client.get(change_url(article)))
    data["headline"] = "Unsaved headline"
    response = client.post(reverse("editorial:preview", args=[article.pk]), data)
    assert "Unsaved headline" in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "Saved headline"


def test_writers_see_previews_but_readers_do_not(client, writer):
    article = ArticleFactory(status=Status.DRAFT)
    client.force_login(writer)
    assert client.get(reverse("editorial:preview", args=[article.pk])).status_code == 200
    client.logout()
    assert client.get(reverse("editorial:preview", args=[article.pk])).status_code == 404


# --- Bulk actions ------------------------------------------------------------------------------


def test_bulk_publish_reports_per_article_and_obeys_rules(client, editor):
    fine = ArticleFactory(status=Status.DRAFT, publish_at=None, headline="Fine story")
    prohibited = PartnerArticleFactory(
        rule=ReprintRuleFactory(permission=Permission.PROHIBITED),
        status=Status.DRAFT,
        publish_at=None,
        headline="Forbidden story",
    )
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [fine.pk, prohibited.pk]},
        follow=True,
    )
    messages = messages_of(response)
    assert any("Published 1 article(s): “Fine story”" in m for m in messages)
    assert any(m.startswith("Not published: “Forbidden story”") for m in messages)
    fine.refresh_from_db()
    prohibited.refresh_from_db()
    assert (fine.status, prohibited.status) == (Status.PUBLISHED, Status.DRAFT)


def test_writers_are_not_offered_bulk_publishing_and_cannot_post_it(client, writer):
    article = ArticleFactory(headline="Live story")
    client.force_login(writer)
    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert 'value="publish_selected"' not in changelist
    assert 'value="unpublish_selected"' not in changelist
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish_selected", "_selected_action": [article.pk]},
        follow=True,
    )
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


# --- Needs attention ---------------------------------------------------------------------------


def test_admin_index_lists_what_needs_attention(client, editor):
    ArticleFactory(headline="Lede-made headline", headline_is_provisional=True)
    PartnerArticleFactory(
        headline="Held partner story",
        rule=ReprintRuleFactory(permission=Permission.PERMISSION_REQUIRED),
        status=Status.DRAFT,
        hold_reason="Held: needs permission.",
    )
    ArticleFactory(
        headline="Tomorrow's story",
        status=Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(hours=5),
    )
    ArticleFactory(
        headline="Next week's story",
        status=Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(days=5),
    )
    client.force_login(editor)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Needs attention" in html
    assert "Lede-made headline" in html
    assert "Held partner story" in html
    assert "Held: needs permission." in html
    assert "Tomorrow&#x27;s story" in html
    assert "Next week" not in html


# --- Authors -----------------------------------------------------------------------------------


def test_author_page_lists_only_published_stories(client):
    author = AuthorFactory(name="Ada Reporter", slug="ada-reporter", bio="Covers chips.")
    live = ArticleFactory(headline="Live by Ada")
    draft = ArticleFactory(headline="Draft by Ada", status=Status.DRAFT)
    for article in (live, draft):
        article.bylines.create(author=author)
    response = client.get("/authors/ada-reporter/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ada Reporter" in html
    assert "Covers chips." in html
    assert "Live by Ada" in html
    assert "Draft by Ada" not in html
    assert client.get("/authors/nobody/").status_code == 404


def test_article_page_shows_authors_in_order(client):
    article = ArticleFactory()
    second = AuthorFactory(name="Zed Second", slug="zed")
    first = AuthorFactory(name="Amy First", slug="amy")
    article.bylines.create(author=second, order=2)
    article.bylines.create(author=first, order=1)
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        'By <a href="/authors/amy/" rel="author">Amy First</a> and <a href="/authors/zed/"' in html
    )


def test_imported_partner_story_credits_its_original_author(client, imported_seeds):
    article = Article.objects.get(source__domain="aicnbc.com")
    byline = article.bylines.get()
    assert byline.author.name == "Tobias"
    assert byline.author.user is None
    assert byline.author.is_external
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{byline.author.get_absolute_url()}"' in html
    assert article.headline in client.get(byline.author.get_absolute_url()).content.decode()


def test_editor_schedules_with_the_publish_time_on_the_form(client, editor):
    article = ArticleFactory(status=Status.IN_REVIEW, publish_at=None, headline="Embargoed")
    client.force_login(editor)
    data = form_data(client.get(change_url(article)))
    when = timezone.localtime(timezone.now() + timedelta(hours=3))
    data.update(
        {"publish_at_0": when.strftime("%Y-%m-%d"), "publish_at_1": when.strftime("%H:%M:%S")}
    )
    data["_transition"] = "scheduled"
    response = client.post(change_url(article), data, follow=True)
    assert any("is now scheduled for" in m for m in messages_of(response))
    article.refresh_from_db()
    assert article.status == Status.SCHEDULED
    assert "Embargoed" not in client.get("/").content.decode()
    assert Article.objects.published(at=when + timedelta(seconds=1)).filter(pk=article.pk)


def test_corrections_are_shown_to_readers_with_their_date(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    data = form_data(client.get(change_url(article)))
    data.update(
        {
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-corrected_at_0": "2026-03-02",
            "corrections-0-corrected_at_1": "10:00:00",
            "corrections-0-text": "An earlier version misspelled the CEO's name.",
        }
    )
    assert client.post(change_url(article), data).status_code == 302
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Corrections" in html
    assert "2 March 2026" in html
    assert "misspelled the CEO&#x27;s name" in html


def test_needs_attention_lists_grants_expiring_within_a_week(client, editor):
    from django.apps import apps

    try:
        grant_model = apps.get_model("articles", "PermissionGrant")
    except LookupError:
        pytest.skip("Permission grants are not part of this build")
    article = PartnerArticleFactory()
    soon = grant_model.objects.create(
        article=article,
        granted_by="Jo Partner, editor",
        reference="Email of 1 March",
        expires_at=timezone.now() + timedelta(days=3),
    )
    grant_model.objects.create(
        article=ArticleFactory(),
        granted_by="Later Partner",
        reference="Contract 9",
        expires_at=timezone.now() + timedelta(days=30),
    )
    client.force_login(editor)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Permission grants expiring within 7 days</a> (1)" in html
    assert str(soon) in html


def test_article_page_query_count_does_not_grow_with_authors(client, django_assert_max_num_queries):
    article = ArticleFactory()
    for n in range(5):
        article.bylines.create(author=AuthorFactory(), order=n)
    with django_assert_max_num_queries(12):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_writer_withdraws_a_story_from_review_without_editing_it(client, writer):
    article = ArticleFactory(
        status=Status.IN_REVIEW, created_by=writer, body="<h2>Intro</h2><p>Text.</p>"
    )
    client.force_login(writer)
    html = client.get(change_url(article)).content.decode()
    transition_url = reverse("admin:articles_article_transition", args=[article.pk])
    assert f'formaction="{transition_url}"' in html
    assert "<h2>Intro</h2><p>Text.</p>" in html  # read-only body shown as readers see it
    response = client.post(transition_url, {"_transition": "draft"}, follow=True)
    assert any("is now draft" in m for m in messages_of(response))
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    # …but the transition URL is no way round the roles.
    response = client.post(transition_url, {"_transition": "published"}, follow=True)
    assert any("Only editors can publish" in m for m in messages_of(response))
    assert client.get(transition_url).status_code == 405


def test_a_form_opened_before_publication_cannot_undo_it(client, editor, other_editor):
    article = ArticleFactory(status=Status.IN_REVIEW, publish_at=None)
    client.force_login(editor)
    stale = form_data(client.get(change_url(article)))
    article_transition(article=article, to=Status.PUBLISHED, user=other_editor)
    refused = client.post(change_url(article), stale)
    assert refused.status_code == 200
    assert "Publish time" in refused.content.decode()  # shown in what changed
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.publish_at is not None
