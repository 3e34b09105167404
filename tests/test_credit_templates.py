"""A reprint rule's credit and call-to-action templates: checked as placeholders only when a
rule is saved, and rendered so that no template, even one stored before the check, can stop an
import or a page."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from articles.ingest.importing import import_paths
from articles.models import Article, ReprintRule, Status
from articles.models.rights import validate_template

from .admin_forms import form_data
from .factories import PartnerArticleFactory, ReprintRuleFactory, UserFactory

BAD = {
    "Credit {author:x}": "{author:x}",
    "{author:>5}": "{author:>5}",
    "Credit {author!r}": "{author!r}",
    "{author!r:>5}": "{author!r:>5}",
    "{author[0]}": "{author[0]}",
    "{author.x}": "{author.x}",
    "{author.__class__}": "{author.__class__}",
    "{author:{source}}": "{author:{source}}",
    "{nope}": "{nope}",
    "{ author }": "{ author }",
    "By {}": "{}",
    "By {0}": "{0}",
    "By {author": "braces",
    "By author}": "braces",
    "By {author!}": "braces",
}
GOOD = ["", "From {source}: {url}", "{author} / {source} ({license}) {title}", "{{literal}} {url}"]


@pytest.mark.parametrize("template", BAD)
def test_a_template_with_anything_but_plain_known_placeholders_is_refused(template):
    with pytest.raises(ValidationError) as refused:
        validate_template(template)
    assert BAD[template] in " ".join(refused.value.messages)


@pytest.mark.parametrize("template", GOOD)
def test_plain_known_placeholders_pass(template):
    validate_template(template)


def test_every_placeholder_problem_is_named():
    with pytest.raises(ValidationError) as refused:
        validate_template("{author:x} and {url!r} and {nope}")
    message = " ".join(refused.value.messages)
    assert "{author:x}" in message
    assert "{url!r}" in message
    assert "{nope}" in message


@given(st.text(alphabet="{}!:.[]0ax_ author url", max_size=40))
def test_rendering_any_template_never_raises(template):
    from articles.markup.templates import render_template

    text, _problems = render_template(template, {"author": "Ann", "url": "https://x.example/"})
    assert isinstance(text, str)


def test_rendering_a_bad_template_keeps_the_credit_and_reports_the_problem():
    from articles.markup.templates import render_template

    values = {"author": "Ann Lee", "source": "Partner"}
    assert render_template("Credit {author:x}", values) == (
        "Credit Ann Lee",
        ["“{author:x}” has a format spec (:x); write just {author}."],
    )
    text, problems = render_template("By {author", values)
    assert "Ann Lee" in text
    assert problems
    assert render_template("{author} for {source}", values) == ("Ann Lee for Partner", [])


# --- The admin -----------------------------------------------------------------------------


@pytest.fixture
def rights_desk(db):
    client = Client()
    client.force_login(UserFactory(role="Rights manager"))
    return client


@pytest.mark.parametrize("field", ["attribution_template", "excerpt_cta_template"])
def test_editing_a_rule_to_a_bad_template_is_refused_with_a_message(rights_desk, field):
    rule = ReprintRuleFactory()
    PartnerArticleFactory(rule=rule, source=rule.source)
    url = reverse("admin:articles_reprintrule_change", args=[rule.pk])
    data = form_data(rights_desk.get(url), "reprintrule_form")
    data[field] = "Credit {author:x}"
    response = rights_desk.post(url, data)
    assert response.status_code == 200
    assert "“{author:x}” has a format spec" in response.content.decode()
    assert ReprintRule.objects.filter(key=rule.key).count() == 1
    assert getattr(ReprintRule.objects.get(pk=rule.pk), field) != "Credit {author:x}"


def test_creating_a_rule_with_a_bad_template_is_refused_with_a_message(rights_desk):
    url = reverse("admin:articles_reprintrule_add")
    data = form_data(rights_desk.get(url), "reprintrule_form")
    data.update(
        name="Bad credit",
        key="bad-credit",
        notice_patterns=r"Reprinted from (?P<url>\S+)",
        attribution_template="{author:>5}",
    )
    response = rights_desk.post(url, data)
    assert response.status_code == 200
    assert "“{author:&gt;5}” has a format spec" in response.content.decode()
    assert not ReprintRule.objects.filter(key="bad-credit").exists()


# --- A bad template stored before the check ------------------------------------------------

STORY = (
    "Zebracorp opens a lab in Hangzhou\n\n"
    "Zebracorp said on Monday it opened a research lab in Hangzhou.\n\n"
    "© Partner Co. Reprint allowed from https://partner.example/{n}.html"
)


def stored_badly(**templates):
    rule = ReprintRuleFactory(
        permission="attribution_required",
        notice_patterns=r"© (?P<holder>Partner Co)\. Reprint allowed from (?P<url>https?://\S+)",
    )
    # As a rule saved before templates were checked would be: no validation on update().
    ReprintRule.objects.filter(pk=rule.pk).update(**templates)
    return rule


@pytest.mark.django_db
def test_a_bad_stored_template_never_stops_an_import(tmp_path):
    stored_badly(attribution_template="Credit {author:x}", excerpt_cta_template="{url!r:>9}")
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"story-{n}.txt").write_text(STORY.format(n=n), encoding="utf-8")

    summary = import_paths([folder])

    assert summary.counts["created"] == 3
    assert summary.counts["rejected"] == 0
    assert set(Article.objects.values_list("status", flat=True)) == {Status.PUBLISHED}


@pytest.mark.django_db
def test_a_bad_stored_template_never_breaks_a_page(client, tmp_path):
    rule = stored_badly(attribution_template="Credit {author:x} {url[0]}")
    article = PartnerArticleFactory(rule=rule, source=rule.source, original_author="Ann Lee")
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert "Credit Ann Lee" in page.content.decode()
    for url in ("/", "/feeds/", "/sitemap.xml", f"/search/?q={article.headline.split()[0]}"):
        assert client.get(url).status_code == 200, url

    desk = Client()
    desk.force_login(UserFactory(role="Editor"))
    admin_page = desk.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert admin_page.status_code == 200
    assert "credit template" in admin_page.content.decode()


@pytest.mark.django_db
def test_the_rule_page_warns_about_a_bad_stored_template(rights_desk):
    rule = stored_badly(attribution_template="Credit {author:x}")
    page = rights_desk.get(reverse("admin:articles_reprintrule_change", args=[rule.pk]))
    assert page.status_code == 200
    assert "“{author:x}” has a format spec" in page.content.decode()
