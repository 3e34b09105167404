"""The rights engine: decisions, grants, rule versions, stricter rules, edits and the audit log."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.editorial.publishing import PublishRefused, article_publish, article_unpublish
from articles.models import (
    Article,
    GrantScope,
    PermissionGrant,
    ReprintRule,
    RightsAction,
    RightsEvent,
    Status,
)
from articles.rights.attribution import rights_metadata
from articles.rights.edits import style_only_problem
from articles.rights.engine import decide
from articles.rights.excerpts import excerpt_paragraphs, own_summary, visible_body_html
from articles.rights.services import (
    articles_affected_by,
    grant_add,
    grant_revoke,
    grants_log_expiries,
    rule_revise,
)

from .factories import ArticleFactory, PartnerArticleFactory, ReprintRuleFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
HOUR = timezone.timedelta(hours=1)


def grant_for(article, **kwargs):
    values = {
        "scope": GrantScope.ARTICLE,
        "article": article,
        "granted_by": "Ann Partner, managing editor",
        "reference": "email 2024-03-01 'Re: republishing'",
    }
    values.update(kwargs)
    return grant_add(grant=PermissionGrant(**values))


# --- Decisions ----------------------------------------------------------------------------


def test_attribution_is_rendered_where_the_rule_puts_it(client):
    rule = ReprintRuleFactory(
        attribution_template="By {author} for {source} ({license}): {url} — “{title}”",
        attribution_position="top",
        license_spdx="CC-BY-4.0",
        license_url="https://creativecommons.org/licenses/by/4.0/",
    )
    article = PartnerArticleFactory(rule=rule, headline="Chips <b>ahoy</b>", body="<p>Body.</p>")
    decision = decide(article)
    assert decision.attribution == (
        f"By Jane Partner for {rule.source.name} (CC-BY-4.0): {article.original_url} "
        "— “Chips <b>ahoy</b>”"
    )
    assert "&lt;b&gt;ahoy" in decision.attribution_html
    assert f'<a href="{article.original_url}">' in decision.attribution_html
    assert 'rel="license"' in decision.attribution_html
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.index('class="attribution"') < page.index("<p>Body.</p>")


def test_bottom_attribution_follows_the_body(client):
    article = PartnerArticleFactory(body="<p>Body.</p>")
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.index("<p>Body.</p>") < page.index('class="attribution"')


def test_search_engine_directives_reach_the_page(client):
    canonical = PartnerArticleFactory(rule=ReprintRuleFactory(search_engines="canonical"))
    page = client.get(canonical.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="{canonical.original_url}">' in page
    assert "noindex" not in page
    hidden = PartnerArticleFactory(rule=ReprintRuleFactory(search_engines="noindex"))
    page = client.get(hidden.get_absolute_url()).content.decode()
    assert '<meta name="robots" content="noindex">' in page
    assert 'rel="canonical"' not in page


def test_json_ld_on_the_page_carries_the_rights_fields(client):
    rule = ReprintRuleFactory(
        permission="open_license",
        license_spdx="CC-BY-ND-4.0",
        license_url="https://creativecommons.org/licenses/by-nd/4.0/",
    )
    article = PartnerArticleFactory(
        rule=rule, copyright_holder="The Conversation", copyright_notice="Republished </script>"
    )
    page = client.get(article.get_absolute_url()).content.decode()
    import json
    import re

    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "</script" not in raw
    data = json.loads(raw)
    assert data["isBasedOn"] == article.original_url
    assert data["copyrightHolder"]["name"] == "The Conversation"
    assert data["copyrightNotice"] == "Republished </script>"
    assert data["creditText"].startswith("From ")
    assert data["license"] == "https://creativecommons.org/licenses/by-nd/4.0/"


def test_excerpt_respects_both_limits():
    body = "<p>one two three</p><h2>Skip me</h2><p>four five six seven</p><p>eight nine</p>"
    assert excerpt_paragraphs(body, max_words=100, max_paragraphs=2) == [
        "one two three",
        "four five six seven",
    ]
    assert excerpt_paragraphs(body, max_words=5, max_paragraphs=3) == [
        "one two three",
        "four five …",
    ]
    assert excerpt_paragraphs(body, max_words=3, max_paragraphs=3) == ["one two three"]


def test_excerpt_escapes_and_links_to_the_original():
    rule = ReprintRuleFactory(permission="excerpt_only", excerpt_cta_template="More at {source}")
    article = PartnerArticleFactory(rule=rule, body="<p>Tom &amp; Jerry <i>said</i> hi.</p>")
    html = visible_body_html(article, decide(article))
    assert "<p>Tom &amp; Jerry said hi.</p>" in html
    assert f'<a href="{article.original_url}">More at {rule.source.name}</a>' in html


def test_images_follow_the_rule():
    body = '<p>Text.</p><figure><img src="/x.jpg"><figcaption>Cap</figcaption></figure>'
    credits = [{"caption": "Cap", "credit": "Getty Images"}]
    banned = PartnerArticleFactory(
        rule=ReprintRuleFactory(images="not_reusable"), body=body, image_credits=credits
    )
    assert "<img" not in visible_body_html(banned, decide(banned))
    credited = PartnerArticleFactory(
        rule=ReprintRuleFactory(images="with_credit"), body=body, image_credits=credits
    )
    html = visible_body_html(credited, decide(credited))
    assert "<img" in html
    assert "Photos: Getty Images." in html
    staff = ArticleFactory(body=body)
    assert "<img" in visible_body_html(staff, decide(staff))


def test_link_back_rule_without_an_original_url_publishes_nothing():
    rule = ReprintRuleFactory(link_back_required=True, attribution_template="From {url}")
    article = PartnerArticleFactory(rule=rule, original_url="")
    decision = decide(article)
    assert decision.visibility == "nothing"
    assert "link back" in decision.explanation
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_link_only_shows_our_summary_never_the_partners():
    rule = ReprintRuleFactory(permission="permission_required")
    article = PartnerArticleFactory(
        rule=rule,
        raw_text="A startup raised fourteen million dollars from Fortune Capital this week.",
        dek="A startup raised fourteen million dollars from Fortune Capital",
    )
    assert decide(article).summary == ""
    article.dek = "Our summary: the video-AI race in Beijing gets another funded contender."
    assert own_summary(article) == article.dek
    assert decide(article).summary == article.dek
    article.dek = "Fortune Capital"  # a short fragment of theirs is still theirs
    assert own_summary(article) == ""


def test_metadata_is_empty_when_readers_see_nothing():
    article = PartnerArticleFactory(rule=ReprintRuleFactory(permission="prohibited"))
    assert rights_metadata(article, decide(article)) == {}


# --- Publishing and the audit log ---------------------------------------------------------


def test_publish_refused_names_the_rule_and_is_logged(admin_user):
    rule = ReprintRuleFactory(name="Example Daily: no reprints", permission="prohibited")
    article = PartnerArticleFactory(rule=rule, status=Status.DRAFT)
    with pytest.raises(PublishRefused) as refused:
        article_publish(article=article, user=admin_user)
    assert "Example Daily: no reprints" in refused.value.messages[0]
    assert isinstance(refused.value, ValidationError)
    event = RightsEvent.objects.get(action=RightsAction.PUBLISH_REFUSED)
    assert event.user == admin_user
    assert event.rule == rule
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_unknown_partner_story_cannot_be_published():
    article = PartnerArticleFactory(rule=None, source=None, status=Status.DRAFT)
    with pytest.raises(PublishRefused, match="matches no reprint rule"):
        article_publish(article=article)


def test_publish_and_unpublish_are_logged_with_who_why_and_rule_version(admin_user):
    article = PartnerArticleFactory(status=Status.DRAFT)
    article_publish(article=article, user=admin_user)
    article_unpublish(article=article, user=admin_user, reason="Partner asked us to.")
    publish, unpublish = RightsEvent.objects.order_by("id")
    assert publish.action == "publish"
    assert publish.visibility_after == "full"
    assert publish.rule == article.rule
    assert publish.user == admin_user
    assert unpublish.action == "unpublish"
    assert unpublish.reason == "Partner asked us to."
    assert (unpublish.visibility_before, unpublish.visibility_after) == ("full", "nothing")
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_making_an_unknown_story_live_through_the_model_is_refused():
    article = PartnerArticleFactory(rule=None, source=None, status=Status.DRAFT)
    article.status = Status.PUBLISHED
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "status" in error.value.message_dict


# --- Grants -------------------------------------------------------------------------------


def test_article_grant_turns_link_only_into_full_and_is_logged(admin_user):
    article = PartnerArticleFactory(rule=ReprintRuleFactory(permission="permission_required"))
    assert decide(article).visibility == "link_only"
    grant = grant_for(article, recorded_by=None)
    article = Article.objects.get(pk=article.pk)
    decision = decide(article)
    assert decision.visibility == "full"
    assert decision.grant_id == grant.pk
    assert "email 2024-03-01" in decision.explanation
    event = RightsEvent.objects.get(action="grant_added")
    assert (event.visibility_before, event.visibility_after) == ("link_only", "full")


def test_source_grant_covers_the_partners_articles_only_within_its_dates():
    rule = ReprintRuleFactory(permission="permission_required")
    article = PartnerArticleFactory(rule=rule)
    other = PartnerArticleFactory(rule=ReprintRuleFactory(permission="permission_required"))
    grant_add(
        grant=PermissionGrant(
            scope=GrantScope.SOURCE,
            source=rule.source,
            granted_by="Partner desk",
            reference="contract 2024-17",
            valid_from=NOW - HOUR,
            expires_at=NOW + HOUR,
        )
    )
    assert decide(article, NOW).visibility == "full"
    assert decide(article, NOW - 2 * HOUR).visibility == "nothing"  # before publication too
    assert decide(article, NOW + 2 * HOUR).visibility == "link_only"
    assert decide(other, NOW).visibility == "link_only"


def test_grant_expiry_is_enforced_at_query_time_and_logged_at_its_moment():
    article = PartnerArticleFactory(rule=ReprintRuleFactory(permission="permission_required"))
    expires = NOW + HOUR
    grant = grant_for(article, expires_at=expires)
    before = Article.objects.published(at=expires - timezone.timedelta(seconds=1)).get()
    after = Article.objects.published(at=expires).get()
    assert before.rights_granted
    assert not after.rights_granted
    assert decide(article, expires - timezone.timedelta(seconds=1)).visibility == "full"
    assert decide(article, expires).visibility == "link_only"

    assert grants_log_expiries(at=NOW) == 0
    assert grants_log_expiries(at=expires + HOUR) == 1
    event = RightsEvent.objects.get(action="grant_expired")
    assert event.at == expires
    assert event.grant == grant
    assert (event.visibility_before, event.visibility_after) == ("full", "link_only")
    assert grants_log_expiries(at=expires + 2 * HOUR) == 0  # once only


def test_revoked_grant_stops_covering_at_once():
    article = PartnerArticleFactory(rule=ReprintRuleFactory(permission="permission_required"))
    grant = grant_for(article)
    grant_revoke(grant=grant, reason="Contract ended early.")
    assert decide(Article.objects.get(pk=article.pk)).visibility == "link_only"
    assert RightsEvent.objects.filter(action="grant_revoked", reason="Contract ended early.")


def test_grant_needs_its_target():
    with pytest.raises(ValidationError):
        grant_add(grant=PermissionGrant(scope="source", granted_by="x", reference="y"))


# --- Rule versions ------------------------------------------------------------------------


def test_changing_a_rule_makes_a_new_version_and_articles_keep_theirs(admin_user):
    rule = ReprintRuleFactory(attribution_template="From {source}", valid_from=NOW - 10 * HOUR)
    old_article = PartnerArticleFactory(rule=rule)
    change = rule_revise(
        rule=rule,
        changes={"attribution_template": "Courtesy of {source}", "permission": "open_license"},
        user=admin_user,
        reason="New contract",
    )
    new = change.rule
    rule.refresh_from_db()
    assert (rule.version, new.version) == (1, 2)
    assert rule.valid_to == new.valid_from
    assert new.valid_to is None
    assert change.stricter == []
    assert change.affected == []
    old_article.refresh_from_db()
    assert old_article.rule == rule  # looser: the article keeps the version it was decided under
    assert decide(old_article).attribution.startswith("From ")
    assert RightsEvent.objects.get(action="rule_changed").rule == new

    draft = PartnerArticleFactory(rule=rule, status=Status.DRAFT)
    article_publish(article=draft)
    assert draft.rule == new  # publishing decides afresh, under the version in force
    assert decide(draft).rule_version == 2


def test_note_only_change_keeps_the_version():
    rule = ReprintRuleFactory()
    change = rule_revise(rule=rule, changes={"editor_note": "Call before using photos."})
    assert change.rule.pk == rule.pk
    assert change.previous is None
    assert ReprintRule.objects.filter(key=rule.key).count() == 1


def test_only_the_current_version_can_be_changed():
    rule = ReprintRuleFactory()
    rule_revise(rule=rule, changes={"permission": "open_license"})
    with pytest.raises(ValidationError, match="no longer the current version"):
        rule_revise(rule=rule, changes={"permission": "prohibited"})


def test_stricter_rule_applies_to_published_articles_from_that_moment(client, admin_user):
    rule = ReprintRuleFactory(valid_from=NOW - 10 * HOUR)
    article = PartnerArticleFactory(rule=rule, body="<p>Secret words here.</p>")
    untouched = PartnerArticleFactory(rule=ReprintRuleFactory())
    assert "Secret words" in client.get(article.get_absolute_url()).content.decode()
    change_at = timezone.now()
    change = rule_revise(
        rule=rule, changes={"permission": "prohibited"}, user=admin_user, at=change_at
    )
    assert change.affected == [article]
    assert "permission" in change.stricter[0]
    article.refresh_from_db()
    assert article.rule == rule  # still pinned to v1 ...
    decision = decide(article)
    assert decision.visibility == "nothing"
    assert decision.rule_version == 2
    assert "is stricter" in decision.explanation
    assert client.get(article.get_absolute_url()).status_code == 404
    assert set(Article.objects.published().values_list("pk", flat=True)) == {untouched.pk}
    # History stays answerable: before the change readers could see it.
    assert Article.objects.published(at=change_at - HOUR).filter(pk=article.pk).exists()
    event = RightsEvent.objects.get(action="stricter_rule")
    assert event.article == article
    assert event.rule == change.rule
    assert (event.visibility_before, event.visibility_after) == ("full", "nothing")
    # The admin's list of affected articles, from either version, includes hidden ones.
    assert articles_affected_by(change.rule) == [article]
    assert articles_affected_by(rule) == [article]


def test_stricter_excerpt_rule_keeps_articles_listed_but_cuts_the_text(client):
    rule = ReprintRuleFactory(valid_from=NOW - 10 * HOUR)
    article = PartnerArticleFactory(rule=rule, body="<p>one two three four five six</p>")
    change = rule_revise(rule=rule, changes={"permission": "excerpt_only", "excerpt_max_words": 3})
    assert change.affected == [article]
    assert articles_affected_by(rule) == [article]
    page = client.get(article.get_absolute_url()).content.decode()
    assert "one two three …" in page
    assert "four" not in page


def test_scheduled_stricter_version_applies_when_its_time_comes():
    rule = ReprintRuleFactory(valid_from=NOW - 10 * HOUR)
    article = PartnerArticleFactory(rule=rule)
    later = timezone.now() + HOUR
    rule_revise(rule=rule, changes={"permission": "prohibited", "valid_from": later})
    assert decide(article).visibility == "full"
    assert decide(article, later).visibility == "nothing"
    assert not Article.objects.published(at=later).filter(pk=article.pk).exists()
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_rule_validation_explains_bad_patterns_and_templates():
    rule = ReprintRuleFactory.build(
        notice_patterns="ok\n(?P<writer>x)", attribution_template="{author} {publisher}"
    )
    with pytest.raises(ValidationError) as error:
        rule.full_clean(exclude=["source"])
    assert "writer" in str(error.value)
    assert "{publisher}" in str(error.value)


# --- Edits --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "allowed"),
    [
        ("<p>Hello, world.</p>", "<p>Hello world!</p>", True),
        ("<p>Hello  world</p>", "<p>Hello world</p>\n", True),
        ("<p>Hello world</p><p>Again</p>", "<p>Hello world Again</p>", True),
        ("<p>Hello “world”</p>", '<p>Hello "world"</p>', True),
        ("<p>Hello world</p>", "<p>Hello there world</p>", False),
        ("<p>Hello world</p>", "<p>Hello World</p>", False),
        ("<p>Hello world</p>", "<p>world Hello</p>", False),
        ("<p>Hello world</p>", "<p>Hello</p>", False),
    ],
)
def test_style_only_allows_whitespace_punctuation_and_markup(before, after, allowed):
    assert (style_only_problem(before, after) == "") == allowed


def partner_article(edits, **kwargs):
    body = "<p>The partner's words, exactly.</p>"
    return PartnerArticleFactory(
        rule=ReprintRuleFactory(edits=edits, **kwargs),
        body=body,
        imported_values={"body": body, "headline": "Their headline"},
        headline="Their headline",
    )


def test_no_edits_rule_refuses_any_body_change():
    article = partner_article("none")
    article.body = "<p>The partner's words, exactly!</p>"
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "allows no edits" in error.value.message_dict["body"][0]
    article.body = "<p>The partner's words, exactly.</p>\r\n"  # a browser's line ending
    article.full_clean()


def test_style_only_rule_names_the_changed_words():
    article = partner_article("style_only")
    article.body = "<p>The partner's words  exactly!</p>"
    article.full_clean()
    article.body = "<p>The partner's own words, exactly.</p>"
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "“own” was added" in error.value.message_dict["body"][0]


def test_headline_rewrite_follows_the_rule():
    article = partner_article("free", headline_may_change=False)
    article.headline = "Our headline"
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "headline" in error.value.message_dict
    free = partner_article("free")
    free.headline = "Our headline"
    free.body = "<p>Rewritten entirely.</p>"
    free.full_clean()


def test_reimport_of_changed_partner_text_is_not_an_edit():
    article = partner_article("none")
    article.body = "<p>The partner corrected a word.</p>"
    article.imported_values = {"body": article.body, "headline": "Their headline"}
    article.full_clean()


def test_log_grant_expiries_command(capsys):
    from django.core.management import call_command

    article = PartnerArticleFactory(rule=ReprintRuleFactory(permission="permission_required"))
    PermissionGrant.objects.create(
        article=article,
        granted_by="P",
        reference="r",
        valid_from=NOW - 2 * HOUR,
        expires_at=NOW - HOUR,
    )
    call_command("log_grant_expiries")
    assert "1 expired grant(s) logged." in capsys.readouterr().out
    assert RightsEvent.objects.filter(action="grant_expired", article=article).exists()
