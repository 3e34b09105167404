"""Partner profiles end to end: the shipped profiles and rules, what the importer publishes or
holds and why, the report's new keys, readable slugs, and a profile's validation."""

import pytest
from django.core.exceptions import ValidationError

from articles.ingest.importing import article_import
from articles.models import Article, ReprintRule, Source, Status
from articles.rights.engine import rights_decision

pytestmark = pytest.mark.django_db

LEDE = "The regional grid operator approved three new battery plants on Wednesday, officials said."
MORE = "Construction is expected to start next spring and take about two years."


def imported(*lines, name="story.txt"):
    result = article_import(data="\n".join(lines).encode(), path=name, name=name)
    assert result.status == "created", result.error
    return result


def test_the_shipped_profiles():
    expected = {
        "theconversation.com": ("publisher", "CC-BY-ND-4.0", False),
        "globalvoices.org": ("publisher", "CC-BY-3.0", False),
        "propublica.org": ("publisher", "CC-BY-NC-ND-3.0", False),
        "reuters.com": ("wire", "", False),
        "apnews.com": ("wire", "", False),
        "afp.com": ("wire", "", False),
        "xinhuanet.com": ("wire", "", False),
        "prnewswire.com": ("press_release", "", True),
        "businesswire.com": ("press_release", "", True),
        "globenewswire.com": ("press_release", "", True),
        "aicnbc.com": ("publisher", "", False),
        "techtimes.com": ("publisher", "", False),
    }
    for domain, (kind, licence, hold) in expected.items():
        source = Source.objects.get(domain=domain)
        assert (source.kind, source.default_license, source.hold_for_editor) == (
            kind,
            licence,
            hold,
        )
        assert ReprintRule.objects.current().filter(source=source).exists() or domain in (
            "aicnbc.com",
            "techtimes.com",
        )


def test_wire_copy_is_credited_upstream_and_held():
    result = imported(
        "Grid operator backs battery plants",
        "By Ivo Petrov",
        "OSLO, March 3 (Reuters) - " + LEDE,
        MORE,
        "(Reporting by Ivo Petrov; Editing by Tom Bell)",
    )
    article, report = result.record, result.article
    assert report["source"] == "reuters.com"
    assert report["upstream_credits"] == ["Reuters"]
    assert report["status"] == "draft"
    assert report["license"] is None
    assert report["dateline"] == {"place": "OSLO", "date": "March 3", "agency": "Reuters"}
    assert report["authors"] == ["Ivo Petrov"]
    assert "Reuters: wire copy, all rights reserved" in article.hold_reason
    assert report["body_text"].startswith(LEDE)


def test_a_press_release_waits_for_an_editor_unless_the_newsroom_says_otherwise():
    lines = [
        "Voltwise Raises $12 Million to Build Grid Software for Utilities",
        "DENVER, May 4, 2026 /PRNewswire/ -- Voltwise, a grid software startup, today said it "
        "raised $12 million.",
        MORE,
        "SOURCE Voltwise",
        "View original content:https://www.prnewswire.com/news-releases/voltwise-302000001.html",
    ]
    held = imported(*lines, name="release.txt")
    assert held.article["status"] == "draft"
    assert held.article["press_release"] is True
    assert held.article["upstream_credits"] == ["PR Newswire"]
    assert held.record.hold_reason.startswith("Held for an editor: PR Newswire")
    assert rights_decision(held.record).may_autopublish  # the rule alone would allow it

    Source.objects.filter(domain="prnewswire.com").update(hold_for_editor=False)
    lines[-1] = lines[-1].replace("302000001", "302000002")
    live = imported(*lines, name="release-2.txt")
    assert live.article["status"] == "published"


def test_creative_commons_without_a_version_takes_the_partner_default_or_is_held():
    tc = imported(
        LEDE,
        MORE,
        "This article is republished from The Conversation under a Creative Commons license.",
        "Read the original article: https://theconversation.com/grid-batteries-98765",
        name="tc.txt",
    )
    assert tc.article["status"] == "published"
    assert tc.article["license"] == "CC-BY-ND-4.0"
    assert tc.article["source"] == "theconversation.com"
    assert tc.article["original_url"] == "https://theconversation.com/grid-batteries-98765"

    unknown = imported(
        LEDE,
        MORE,
        "This article is republished from Grid Weekly under a Creative Commons license.",
        "Read the original article: https://gridweekly.example/a/1",
        name="gw.txt",
    )
    assert unknown.article["status"] == "draft"
    assert unknown.article["license"] is None
    assert "licence not stated" in unknown.record.hold_reason


@pytest.mark.parametrize(
    ("notice", "status", "licence", "rule"),
    [
        ("Licensed under CC BY 3.0.", "published", "CC-BY-3.0", "cc-by-3"),
        ("Licensed under CC BY-SA 4.0.", "published", "CC-BY-SA-4.0", "cc-by-sa-4"),
        (
            "Available under Attribution-NoDerivatives 4.0 International.",
            "published",
            "CC-BY-ND-4.0",
            "cc-by-nd-4",
        ),
        ("Licensed under CC BY-NC 4.0.", "draft", "CC-BY-NC-4.0", "cc-noncommercial"),
        ("© 2026 Grid Weekly. All rights reserved.", "draft", None, "all-rights-reserved"),
        ("© 2026 Grid Weekly.", "draft", None, None),
    ],
)
def test_the_rights_engine_decides_by_the_licence_the_notice_states(notice, status, licence, rule):
    result = imported(LEDE, MORE, notice, "Read the original: https://gridweekly.example/a/2")
    assert result.article["status"] == status
    assert result.article["license"] == licence
    assert (result.record.rule.key if result.record.rule_id else None) == rule
    if status == "draft":
        assert result.record.hold_reason.startswith("Held")
    if licence and "-NC" in licence:
        assert "non-commercial" in result.record.hold_reason


def test_no_original_url_holds_a_link_back_licence():
    result = imported(LEDE, MORE, "Licensed under CC BY 4.0.")
    assert result.article["status"] == "draft"
    assert "no original URL" in result.record.hold_reason


def test_the_report_only_gains_keys(imported_seeds):
    from articles.ingest.report import article_summary

    report = article_summary(Article.objects.get(import_name="002_3a02282e3539df46.txt"))
    old_keys = {
        "slug", "headline", "headline_is_provisional", "source", "original_url",
        "original_author", "permission", "rule", "copyright_notice", "tags", "companies",
        "image_credits", "image_captions", "upstream_credits", "body_text", "status",
        "hold_reason", "url",
    }  # fmt: skip
    assert old_keys <= set(report)
    assert {"license", "dateline", "authors", "press_release"} <= set(report)
    assert report["authors"] == ["John Lopez"]


def test_chinese_headlines_get_readable_unique_slugs():
    text = "阿里巴巴投资世界模型\n阿里云领投生数科技二十亿元融资。\n业内人士认为，世界模型是前沿。"
    first = imported(text, name="zh-1.txt")
    second = imported(text, "来源：测试", name="zh-2.txt")
    assert first.record.slug == "a-li-ba-ba-tou-zi-shi-jie-mo-xing"
    assert second.record.slug == "a-li-ba-ba-tou-zi-shi-jie-mo-xing-2"


def test_a_profile_with_an_unusable_pattern_or_licence_is_refused():
    source = Source(name="Grid Weekly", slug="grid-weekly", domain="gridweekly.example")
    source.line_patterns = "byline@head: ^Filed by (?P<author>.+)$\nnotice: ^(unclosed"
    source.default_license = "CC-BY-FOO"
    with pytest.raises(ValidationError) as excinfo:
        source.full_clean()
    errors = excinfo.value.message_dict
    assert errors["line_patterns"][0].startswith("Line 2: not a valid regular expression")
    assert "CC-BY-FOO" in errors["default_license"][0]


def test_nothing_is_published_against_its_notice():
    """Every published story's rule lets readers see it in full, across every class."""
    texts = [
        [LEDE, MORE],
        [LEDE, MORE, "Republished with permission."],
        [LEDE, MORE, "Creative Commons"],
        [LEDE, MORE, "This story first appeared in Grid Weekly."],
        ["OSLO (AP) — " + LEDE, MORE],
        [LEDE, MORE, "CC BY-NC-SA 4.0 https://gridweekly.example/a/3"],
    ]
    for number, lines in enumerate(texts):
        article = imported(*lines, name=f"n{number}.txt").record
        if article.status == Status.PUBLISHED:
            assert rights_decision(article).may_autopublish
        else:
            assert article.hold_reason
    assert not Article.objects.filter(status=Status.PUBLISHED).exists()
