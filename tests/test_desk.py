"""The desk as a working editor meets it: statuses as readers see them, provisional headlines,
the needs-attention panel, bylines, role-aware actions, the fields that apply, the rule
tester, grants started from a story, revision comments and the body and headline boxes."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Author, ReprintRule, Status
from companies.models import FundingRound, Suggestion

from .admin_forms import form_data
from .factories import (
    ArticleFactory,
    CompanyFactory,
    PartnerArticleFactory,
    ReprintRuleFactory,
    UserFactory,
    client_for,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def editor():
    return UserFactory(username="eddie", first_name="Eddie", role="Editor")


@pytest.fixture
def desk(editor):
    return client_for(editor)


@pytest.fixture
def writer():
    return UserFactory(username="wendy", first_name="Wendy", last_name="Writer", role="Writer")


def headlines_listed(response) -> list[str]:
    return [a.headline for a in response.context["cl"].result_list]


# --- Scheduled stories whose time has come -----------------------------------------------------


@pytest.fixture
def went_live():
    return ArticleFactory(
        headline="Went live at 08:11",
        status=Status.SCHEDULED,
        publish_at=timezone.now() - timedelta(minutes=5),
    )


@pytest.fixture
def still_to_come():
    return ArticleFactory(
        headline="Goes live tomorrow",
        status=Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(days=1),
    )


def test_a_scheduled_story_whose_time_came_is_listed_and_filtered_as_published(
    desk, went_live, still_to_come
):
    published = desk.get(reverse(CHANGELIST), {"status__exact": "published"})
    assert "Went live at 08:11" in headlines_listed(published)
    assert "Goes live tomorrow" not in headlines_listed(published)
    scheduled = desk.get(reverse(CHANGELIST), {"status__exact": "scheduled"})
    assert headlines_listed(scheduled) == ["Goes live tomorrow"]
    html = desk.get(reverse(CHANGELIST)).content.decode()
    assert "Published <span" in html
    assert "live since" in html
    assert "Scheduled for" in html


def test_its_change_form_says_published_and_offers_what_a_published_story_allows(desk, went_live):
    html = desk.get(change_url(went_live)).content.decode()
    assert "Status: Published" in html
    assert 'value="unpublished"' in html
    assert 'value="killed"' in html
    assert 'name="_transition" value="published"' not in html  # it already is


def test_bulk_publishing_it_reports_it_already_published(desk, went_live):
    response = desk.post(
        reverse(CHANGELIST),
        {"action": "publish_selected", "_selected_action": [went_live.pk]},
        follow=True,
    )
    assert any("already published" in m for m in messages_of(response))


# --- Provisional headlines ---------------------------------------------------------------------


@pytest.fixture
def provisional():
    return PartnerArticleFactory(
        headline="…secured a substantial $14 million",
        headline_is_provisional=True,
        status=Status.DRAFT,
        publish_at=None,
        dek="",
    )


def test_publishing_a_provisional_headline_asks_to_confirm_and_says_why(desk, provisional):
    data = form_data(desk.get(change_url(provisional)))
    data["_transition"] = "published"
    data["dek"] = "An edit that must not be lost"
    response = desk.post(change_url(provisional), data)
    assert response.status_code == 200  # the form again, nothing saved
    html = response.content.decode()
    assert "the headline is provisional" in html
    assert "from the story's opening words" in html
    assert 'name="_confirm_provisional" value="published"' in html
    assert "An edit that must not be lost" in html
    provisional.refresh_from_db()
    assert provisional.status == Status.DRAFT
    assert provisional.dek == ""

    # Confirming publishes it with the edit.
    data = form_data(response)
    data.pop("_transition", None)
    data["_confirm_provisional"] = "published"
    response = desk.post(change_url(provisional), data)
    assert response.status_code == 302
    provisional.refresh_from_db()
    assert provisional.status == Status.PUBLISHED
    assert provisional.dek == "An edit that must not be lost"


def test_a_real_headline_publishes_without_asking(desk, provisional):
    data = form_data(desk.get(change_url(provisional)))
    data.update(headline="AIsphere raises $14 million", _transition="published")
    data.pop("headline_is_provisional")
    assert desk.post(change_url(provisional), data).status_code == 302
    provisional.refresh_from_db()
    assert provisional.status == Status.PUBLISHED


def test_the_status_button_outside_the_form_asks_too(desk, provisional):
    url = reverse("admin:articles_article_transition", args=[provisional.pk])
    response = desk.post(url, {"_transition": "published"}, follow=True)
    assert any("is provisional" in m for m in messages_of(response))
    provisional.refresh_from_db()
    assert provisional.status == Status.DRAFT
    desk.post(url, {"_transition": "published", "_confirm_provisional": "published"})
    provisional.refresh_from_db()
    assert provisional.status == Status.PUBLISHED


def test_the_bulk_action_reports_provisional_headlines(desk, provisional):
    response = desk.post(
        reverse(CHANGELIST),
        {"action": "publish_selected", "_selected_action": [provisional.pk]},
        follow=True,
    )
    warning = [m for m in messages_of(response) if "provisional headlines" in m]
    assert warning
    assert "…secured a substantial $14 million" in warning[0]


# --- Needs attention ---------------------------------------------------------------------------


def section(html: str, title: str) -> str:
    match = re.search(rf"<caption[^>]*>.*?{re.escape(title)}.*?</table>", html, re.S)
    assert match, title
    return match.group()


def test_needs_attention_shows_stories_held_for_other_reasons(desk):
    cc = ReprintRule.objects.in_force().get(key="cc-by-4")
    held = PartnerArticleFactory(
        rule=cc,
        source=None,
        original_url="",
        status=Status.DRAFT,
        publish_at=None,
        headline="CC story with no original URL",
        hold_reason="Held: the licence requires a link to the original, and there is none.",
    )
    html = desk.get(reverse("admin:index")).content.decode()
    panel = section(html, "Held for another reason")
    assert "Held for another reason</a> (1)" in panel
    assert "CC story with no original URL" in panel
    assert "requires a link" in panel
    link = re.search(r'href="([^"]+)" class="section">Held for another reason', panel).group(1)
    listed = desk.get(link.replace("&amp;", "&"))
    assert headlines_listed(listed) == [held.headline]


def test_needs_attention_counts_company_suggestions_and_funding_rounds(desk):
    pending_suggestions = Suggestion.objects.filter(status="pending").count()
    pending_rounds = FundingRound.objects.filter(status="pending").count()
    Suggestion.objects.create(name="Zhipu Mystery Labs", cue="startup")
    FundingRound.objects.create(company=CompanyFactory(name="Tiny Rocket"), round_name="Seed")
    html = desk.get(reverse("admin:index")).content.decode()
    suggestions = section(html, "Company suggestions waiting")
    assert f"waiting for an editor</a> ({pending_suggestions + 1})" in suggestions
    assert "Zhipu Mystery Labs" in suggestions
    assert "?status__exact=pending" in suggestions
    rounds = section(html, "Funding rounds waiting")
    assert f"waiting for an editor</a> ({pending_rounds + 1})" in rounds
    assert "Tiny Rocket" in rounds


def test_people_see_only_the_sections_they_may_open(writer):
    html = client_for(writer).get(reverse("admin:index")).content.decode()
    assert "Provisional headlines" in html
    assert "Company suggestions waiting" not in html
    assert "Funding rounds waiting" not in html


# --- Bylines, actions and fields by role -------------------------------------------------------


def add_story(client, **fields):
    data = form_data(client.get(reverse("admin:articles_article_add")))
    data.update(
        {"headline": "First story", "slug": "first-story", "body": "<p>Words.</p>", **fields}
    )
    return client.post(reverse("admin:articles_article_add"), data, follow=True)


def test_a_writers_first_story_makes_their_byline_and_says_so(writer):
    client = client_for(writer)
    response = add_story(client)
    article = Article.objects.get(slug="first-story")
    profile = Author.objects.get(user=writer)
    assert profile.name == "Wendy Writer"
    assert list(article.authors.all()) == [profile]
    assert any("“Wendy Writer”" in m and "author profile" in m for m in messages_of(response))
    # The next story reuses the profile, silently.
    add_story(client, headline="Second story", slug="second-story")
    assert Author.objects.filter(user=writer).count() == 1
    assert list(Article.objects.get(slug="second-story").authors.all()) == [profile]


def test_a_story_given_bylines_in_the_form_gets_no_extra_one(desk):
    other = Author.objects.create(name="Guest Writer", slug="guest-writer")
    data = form_data(desk.get(reverse("admin:articles_article_add")))
    data.update(
        headline="Guest story",
        slug="guest-story",
        **{
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-author": str(other.pk),
            "bylines-0-order": "0",
        },
    )
    desk.post(reverse("admin:articles_article_add"), data)
    assert list(Article.objects.get(slug="guest-story").authors.all()) == [other]


def test_editors_are_offered_the_publishing_actions(desk):
    html = desk.get(reverse(CHANGELIST)).content.decode()
    assert 'value="publish_selected"' in html
    assert 'value="unpublish_selected"' in html


IMPORTER_FIELDS = [
    "headline_is_provisional",
    "origin",
    "source",
    "rule",
    "original_url",
    "original_author",
    "copyright_holder",
    "copyright_notice",
    "image_credits-rows",
    "import_name",
]


def field_names(html: str) -> set[str]:
    return set(re.findall(r'name="([^"]+)"', html))


def test_the_add_form_shows_no_importer_only_fields(desk):
    html = desk.get(reverse("admin:articles_article_add")).content.decode()
    names = field_names(html)
    assert not names & set(IMPORTER_FIELDS), names & set(IMPORTER_FIELDS)
    assert "Rights and credit" not in html
    assert "Import record" not in html
    assert {"headline", "slug", "dek", "body", "tags"} <= names


def test_a_staff_story_hides_them_and_a_partner_story_shows_them(desk):
    staff = desk.get(change_url(ArticleFactory())).content.decode()
    assert not field_names(staff) & set(IMPORTER_FIELDS)
    partner = desk.get(change_url(PartnerArticleFactory())).content.decode()
    assert {"headline_is_provisional", "original_url", "image_credits-rows"} <= field_names(partner)


# --- Image credits -----------------------------------------------------------------------------


def test_image_credits_are_rows_an_editor_can_edit(desk):
    article = PartnerArticleFactory(
        image_credits=[{"caption": "SHANGHAI, CHINA", "credit": "Photo by Andrea Verdelli"}]
    )
    page = desk.get(change_url(article))
    html = page.content.decode()
    assert 'value="Photo by Andrea Verdelli"' in html
    assert 'value="SHANGHAI, CHINA"' in html
    assert "[{" not in html.split('name="image_credits-rows"')[0][-3000:]  # no raw JSON
    data = form_data(page)
    data["image_credits-0-credit"] = "Andrea Verdelli/Getty Images"
    data["image_credits-1-caption"] = "A second picture"
    data["image_credits-1-credit"] = "Reuters"
    assert desk.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.image_credits == [
        {"caption": "SHANGHAI, CHINA", "credit": "Andrea Verdelli/Getty Images"},
        {"caption": "A second picture", "credit": "Reuters"},
    ]
    # Emptying a row removes it.
    data = form_data(desk.get(change_url(article)))
    data["image_credits-1-caption"] = data["image_credits-1-credit"] = ""
    desk.post(change_url(article), data)
    article.refresh_from_db()
    assert len(article.image_credits) == 1


def test_saving_a_form_without_the_credit_rows_keeps_the_credits(desk):
    credits = [{"caption": "", "credit": "Staff photographer"}]
    article = ArticleFactory(image_credits=credits)  # a staff story: the rows are not shown
    data = form_data(desk.get(change_url(article)))
    data["dek"] = "Edited"
    assert desk.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.image_credits == credits


# --- The rule tester ---------------------------------------------------------------------------


def test_the_rule_test_box_shows_a_result_panel_not_an_error(desk, editor):
    from django.contrib.auth.models import Group

    editor.groups.add(Group.objects.get(name="Rights manager"))
    rule = ReprintRule.objects.get(key="aicnbc")
    url = reverse("admin:articles_reprintrule_change", args=[rule.pk])
    page = desk.get(url)
    notice = "原创文章，作者：李明，如若转载，请注明出处：https://aicnbc.com/1.html"
    data = form_data(page, form_id="reprintrule_form")
    data.update(test_notice=notice, _test_patterns="1")
    response = desk.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please correct the error" not in html
    assert 'class="errorlist' not in html
    panel = re.search(r'<div class="pattern-test".*?</div>', html, re.S).group()
    assert "nothing was saved" in panel
    assert "<code>原创文章" in panel  # which pattern
    assert "matches</span> “原创文章，作者：李明" in panel
    assert "author = “李明”" in panel
    assert "url = “https://aicnbc.com/1.html”" in panel
    assert ReprintRule.objects.filter(key="aicnbc").count() == 1


def test_the_rule_test_box_still_shows_real_errors(desk, editor):
    from django.contrib.auth.models import Group

    editor.groups.add(Group.objects.get(name="Rights manager"))
    rule = ReprintRule.objects.get(key="aicnbc")
    url = reverse("admin:articles_reprintrule_change", args=[rule.pk])
    data = form_data(desk.get(url), form_id="reprintrule_form")
    data.update(test_notice="anything", _test_patterns="1", name="")
    html = desk.post(url, data).content.decode()
    assert "Please correct the error" in html
    assert 'class="pattern-test"' in html


# --- Grants started from a story ---------------------------------------------------------------


def test_a_grant_started_from_a_story_returns_to_it_with_its_new_decision(client):
    from django.contrib.auth.models import Group

    manager = UserFactory(username="rita", role="Rights manager")
    manager.groups.add(Group.objects.get(name="Editor"))
    client.force_login(manager)
    rule = ReprintRuleFactory(permission="permission_required")
    article = PartnerArticleFactory(rule=rule, source=rule.source, status=Status.DRAFT)
    start = client.get(change_url(article)).content.decode()
    link = re.search(r'href="([^"]+)">Record a permission grant', start).group(1)
    link = link.replace("&amp;", "&")
    data = form_data(client.get(link), form_id="permissiongrant_form")
    data.update(
        granted_by="J. Lopez, syndication desk",
        granted_at=timezone.localdate().isoformat(),
        reference="Email of today",
        valid_from_0=timezone.localtime().strftime("%Y-%m-%d"),
        valid_from_1="00:00:00",
    )
    response = client.post(link, data)
    assert response.status_code == 302
    assert response["Location"] == change_url(article)
    page = client.get(response["Location"])
    assert any("the full text" in m for m in messages_of(page))
    assert "If published: full" in page.content.decode()


# --- Revisions, spell check, headline ----------------------------------------------------------


def test_line_breaks_typed_into_a_headline_are_joined(desk):
    article = ArticleFactory()
    data = form_data(desk.get(change_url(article)))
    data["headline"] = "Chips\r\n  are   back"
    assert desk.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Chips are back"


def test_revision_comments_name_the_fields_changed_in_words(desk):
    article = ArticleFactory(headline="Old headline", dek="Old standfirst")
    data = form_data(desk.get(change_url(article)))
    data.update(headline="New headline", dek="New standfirst")
    assert desk.post(change_url(article), data).status_code == 302
    comment = Version.objects.get_for_object(article).first().revision.comment
    assert comment == "Changed headline and standfirst."

    data = form_data(desk.get(change_url(article)))
    desk.post(change_url(article), data)  # nothing changed
    comment = Version.objects.get_for_object(article).first().revision.comment
    assert "base" not in comment.lower()
    assert "version" not in comment.lower()


def test_the_body_editor_leaves_the_browsers_spell_check_on(desk):
    html = desk.get(change_url(ArticleFactory())).content.decode()
    assert "NoSpellCheck" not in html
    assert 'spellcheck="false"' not in html


def test_the_headline_box_counts_characters_against_the_readers_limit(desk):
    from articles.site.seo import HEADLINE_LIMIT

    article = ArticleFactory(headline="x" * 120)
    html = desk.get(change_url(article)).content.decode()
    assert 'class="headline-input"' in html
    assert f'<span class="count">120</span> / {HEADLINE_LIMIT} characters' in html
    assert "cut a headline this long" in html


# --- The first account -------------------------------------------------------------------------


def test_the_first_account_works_as_editor_and_rights_manager(capsys):
    call_command("ensure_editor", "--port", "9123")
    out = capsys.readouterr().out
    assert "Log in at http://127.0.0.1:9123/admin/" in out
    assert "createsuperuser" in out
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="editor")
    assert user.is_staff
    assert not user.is_superuser
    assert sorted(user.groups.values_list("name", flat=True)) == ["Editor", "Rights manager"]
    assert user.has_perm("articles.publish_article")
    assert user.has_perm("articles.add_reprintrule")
    call_command("ensure_editor", "--host", "0.0.0.0", "--port", "8080")
    assert "Log in at http://127.0.0.1:8080/admin/" in capsys.readouterr().out


def test_the_login_hint_follows_host_and_port_from_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("HOST", "192.0.2.7")
    monkeypatch.setenv("PORT", "8765")
    call_command("ensure_editor")
    assert "http://192.0.2.7:8765/admin/" in capsys.readouterr().out
