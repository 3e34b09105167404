"""The rights engine as editors meet it in the admin, and the TECHTIMES seed end to end."""

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import (
    Article,
    PermissionGrant,
    ReprintRule,
    RightsAction,
    RightsEvent,
    Status,
)
from articles.rights.engine import decide

from .factories import PartnerArticleFactory, ReprintRuleFactory

pytestmark = pytest.mark.django_db

SECRET = "ByteDance gene"


class _FormReader(HTMLParser):
    """The values a browser would submit from the admin's change form."""

    def __init__(self):
        super().__init__()
        self.data, self._textarea, self._select, self._in_form = {}, None, None, False
        self.textareas = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.textareas.append(name)
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_data(client, url, **changes):
    reader = _FormReader()
    reader.feed(client.get(url).content.decode())
    reader.data.pop("csrfmiddlewaretoken", None)
    for name in reader.textareas:  # browsers drop the newline Django puts after <textarea>
        if reader.data[name].startswith("\n"):
            reader.data[name] = reader.data[name][1:]
    reader.data.update(changes)
    return reader.data


def public_urls(article):
    return ["/", "/tags/china/", "/tags/ai/", "/companies/aisphere/", article.get_absolute_url()]


# --- The TECHTIMES seed, end to end -------------------------------------------------------


def test_techtimes_seed_stays_hidden_until_a_grant_then_shows_with_credit(
    admin_client, client, imported_seeds
):
    article = Article.objects.get(source__domain="techtimes.com")
    assert SECRET in article.body
    assert article.status == Status.DRAFT
    for url in public_urls(article):
        assert SECRET not in client.get(url).content.decode(), url

    # Publishing without a grant: allowed as link only, still no text anywhere.
    changelist = reverse("admin:articles_article_changelist")
    admin_client.post(changelist, {"action": "publish_selected", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert decide(article).visibility == "link_only"
    for url in public_urls(article):
        assert SECRET not in client.get(url).content.decode(), url
    page = client.get(article.get_absolute_url()).content.decode()
    assert (
        "AIsphere, has recently secured" not in page.split("<main", 1)[1].split("<h1", 1)[1][200:]
    )  # only the headline carries the lede's opening words
    assert "Read the story at Tech Times" in page

    # The editor records the partner's permission in the admin.
    add = reverse("admin:articles_permissiongrant_add")
    response = admin_client.post(
        add,
        {
            "scope": "article",
            "article": article.pk,
            "granted_by": "J. Lopez, Tech Times syndication desk",
            "granted_at": "2026-01-05",
            "reference": "Email 'Re: AIsphere story', 5 Jan 2026",
            "valid_from_0": timezone.localtime().strftime("%Y-%m-%d"),
            "valid_from_1": "00:00:00",
            "expires_at_0": "",
            "expires_at_1": "",
            "notes": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(article.get_absolute_url()).content.decode()
    assert SECRET in page
    assert "© Tech Times, republished with permission." in page
    assert page.index('class="attribution"') < page.index(SECRET)  # credit on top
    actions = list(
        RightsEvent.objects.filter(article=article).order_by("id").values_list("action", flat=True)
    )
    assert actions == [RightsAction.PUBLISH, RightsAction.GRANT_ADDED]


def test_admin_explains_the_held_seed_and_offers_a_grant(admin_client, imported_seeds):
    article = Article.objects.get(source__domain="techtimes.com")
    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = page.content.decode()
    assert "Readers see now: nothing" in html
    assert "If published: link only" in html
    assert "Tech Times: all rights reserved" in html
    assert "(v1)" in html
    assert "Record a permission grant" in html
    assert "Rights history of this story" in html


# --- Edits --------------------------------------------------------------------------------


def test_admin_refuses_forbidden_body_edits_and_keeps_the_editors_text(admin_client):
    body = "<p>The partner's words, exactly.</p>"
    rule = ReprintRuleFactory(name="CC BY-ND test", edits="none")
    article = PartnerArticleFactory(
        rule=rule, body=body, imported_values={"body": body}, dek="", tags=["x"]
    )
    url = reverse("admin:articles_article_change", args=[article.pk])
    edited = "<p>The partner's words, improved by us.</p>"
    response = admin_client.post(url, form_data(admin_client, url, body=edited))
    assert response.status_code == 200
    html = response.content.decode()
    assert "allows no edits" in html
    assert "CC BY-ND test" in html
    assert "improved by us" in html  # the editor's text is still in the form
    article.refresh_from_db()
    assert article.body == body

    # Saving other fields with the body untouched works.
    response = admin_client.post(url, form_data(admin_client, url, dek="Our own summary."))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.dek == "Our own summary."
    assert article.body == body


# --- Rules --------------------------------------------------------------------------------


def test_pattern_test_box_shows_the_match_and_saves_nothing(admin_client):
    rule = ReprintRule.objects.get(key="aicnbc")
    url = reverse("admin:articles_reprintrule_change", args=[rule.pk])
    notice = "原创文章，作者：李明，如若转载，请注明出处：https://aicnbc.com/1.html"
    data = form_data(admin_client, url, test_notice=notice, _test_patterns="1")
    data["permission"] = "prohibited"  # an unsaved edit must not be saved by testing
    response = admin_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tested; nothing was saved" in html
    assert "author = “李明”" in html
    assert "url = “https://aicnbc.com/1.html”" in html
    assert "Line 1:" in html
    assert "no match" in html
    assert "the importer would choose" in html
    assert ReprintRule.objects.filter(key="aicnbc").count() == 1
    rule.refresh_from_db()
    assert rule.permission == "attribution_required"


def test_saving_a_stricter_rule_makes_a_version_and_lists_affected_articles(
    admin_client, imported_seeds
):
    rule = ReprintRule.objects.get(key="aicnbc")
    article = Article.objects.get(source__domain="aicnbc.com")
    url = reverse("admin:articles_reprintrule_change", args=[rule.pk])
    data = form_data(
        admin_client, url, permission="excerpt_only", change_reason="Partner changed terms"
    )
    response = admin_client.post(url, data, follow=True)
    html = response.content.decode()
    assert "Saved as version 2" in html
    assert "stricter" in html
    assert article.headline in html
    new = ReprintRule.objects.get(key="aicnbc", version=2)
    assert new.change_reason == "Partner changed terms"
    assert decide(Article.objects.get(pk=article.pk)).visibility == "excerpt"
    # The rule page keeps listing them, and the old version is read-only history.
    page = admin_client.get(reverse("admin:articles_reprintrule_change", args=[new.pk]))
    assert article.headline in page.content.decode()
    old_page = admin_client.get(url).content.decode()
    assert 'name="permission"' not in old_page
    response = admin_client.post(url, form_data(admin_client, url))
    assert "past version" in response.content.decode()


def test_unknown_notice_offers_a_rule_that_classifies_the_story(admin_client):
    notice = "Copyleft notice: take it or leave it, says Example Daily 2024."
    article = PartnerArticleFactory(
        rule=None, source=None, status=Status.DRAFT, copyright_notice=notice, original_url=""
    )
    page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = page.content.decode()
    assert "matches no reprint rule" in html
    link = next(
        part.split('"')[0]
        for part in html.split('href="')
        if "reprintrule/add/?" in part.split('"')[0]
    ).replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)
    assert query["name"] == ["New partner: reprint terms"]
    assert "(?P<year>" in query["notice_patterns"][0]

    add_page = admin_client.get(link).content.decode()
    assert "Copyleft" in add_page  # the pattern and the test text are filled in
    data = form_data(admin_client, link, permission="attribution_required", key="")
    data["attribution_template"] = "From Example Daily"
    response = admin_client.post(link, data, follow=True)
    html = response.content.decode()
    assert "is now classified under this rule" in html, html[:3000]
    article.refresh_from_db()
    assert article.rule.key == "new-partner-reprint-terms"  # derived from the name
    assert RightsEvent.objects.filter(action="classified", article=article).exists()
    assert RightsEvent.objects.filter(action="rule_created").exists()


# --- Grants and the audit log -------------------------------------------------------------


def test_audit_log_is_readable_and_completes_expired_grants(admin_client):
    article = PartnerArticleFactory(
        rule=ReprintRuleFactory(permission="permission_required"),
        publish_at=timezone.now() - timezone.timedelta(days=3),
    )
    grant = PermissionGrant.objects.create(
        article=article,
        granted_by="Partner",
        reference="contract 7",
        valid_from=timezone.now() - timezone.timedelta(days=2),
        expires_at=timezone.now() - timezone.timedelta(days=1),
    )
    response = admin_client.get(reverse("admin:articles_rightsevent_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Grant expired" in html
    assert "contract 7" in html
    assert "full → link only" in html
    grant.refresh_from_db()
    assert grant.expiry_logged
    # It is evidence: nobody edits or deletes it.
    event = RightsEvent.objects.get()
    change = admin_client.get(reverse("admin:articles_rightsevent_change", args=[event.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    delete = reverse("admin:articles_rightsevent_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403


def test_grant_list_shows_state_and_revokes(admin_client):
    article = PartnerArticleFactory(rule=ReprintRuleFactory(permission="permission_required"))
    grant = PermissionGrant.objects.create(article=article, granted_by="P", reference="r1")
    url = reverse("admin:articles_permissiongrant_changelist")
    assert "valid" in admin_client.get(url).content.decode()
    admin_client.post(url, {"action": "revoke_selected", "_selected_action": [grant.pk]})
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert decide(Article.objects.get(pk=article.pk)).visibility == "link_only"


def test_admin_shows_why_an_unknown_story_cannot_be_published(admin_client):
    article = PartnerArticleFactory(
        rule=None, source=None, status=Status.DRAFT, copyright_notice="Mystery terms."
    )
    url = reverse("admin:articles_article_change", args=[article.pk])
    now = timezone.localtime()
    data = form_data(
        admin_client,
        url,
        publish_at_0=now.strftime("%Y-%m-%d"),
        publish_at_1=now.strftime("%H:%M:%S"),
        _transition="published",
    )
    data.pop("tags", None)  # an empty multiple select sends nothing
    response = admin_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "the status was not changed: Not published: Partner story whose notice matches no" in (
        response.content.decode()
    )
    article.refresh_from_db()
    assert article.status == Status.DRAFT
