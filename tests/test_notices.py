"""Recognising partners' notices: the seeds, and the variants real copy brings."""

import pytest

from articles.rights.engine import match_rule
from articles.rights.notices import match_notice, normalise_notice, suggest_pattern, try_patterns

pytestmark = pytest.mark.django_db

AICNBC_SEED = (
    "Original article, Author: Tobias. If you wish to reprint this article, please indicate "
    "the source:https://aicnbc.com/20540.html"
)
TECHTIMES_SEED = "ⓒ 2024 TECHTIMES.com All rights reserved. Do not reproduce without permission."


def rule_key(notice):
    rule, _ = match_rule(notice)
    return rule.key if rule else None


def groups(notice):
    _, found = match_rule(notice)
    return found.groups if found else None


def test_seed_notices_match_their_partners_rules():
    assert rule_key(AICNBC_SEED) == "aicnbc"
    assert groups(AICNBC_SEED) == {"author": "Tobias", "url": "https://aicnbc.com/20540.html"}
    assert rule_key(TECHTIMES_SEED) == "techtimes"
    assert groups(TECHTIMES_SEED) == {"year": "2024", "holder": "TECHTIMES.com"}


@pytest.mark.parametrize(
    ("notice", "author", "url"),
    [
        (
            "Original article, Author: Mary Jane Watson. If you wish to reprint this article, "
            "please indicate the source:https://www.aicnbc.com/99999.html",
            "Mary Jane Watson",
            "https://www.aicnbc.com/99999.html",
        ),
        (
            "Original  article ,   Author :  Li\u00a0Wei .\n If you wish to reprint this article "
            "please indicate the source: https://aicnbc.com/1.html",
            "Li Wei",
            "https://aicnbc.com/1.html",
        ),
        (
            "original article, author: tobias. if you wish to reprint this article, please "
            "indicate the source：https://aicnbc.com/20540.html",
            "tobias",
            "https://aicnbc.com/20540.html",
        ),
        (
            "原创文章，作者：李明，如若转载，请注明出处：https://aicnbc.com/30001.html",
            "李明",
            "https://aicnbc.com/30001.html",
        ),
        (
            "原创文章 , 作者: 王 小明 , 如若转载 , 请注明出处: https://aicnbc.com/30002.html",
            "王 小明",
            "https://aicnbc.com/30002.html",
        ),
    ],
)
def test_aicnbc_variants_other_authors_urls_whitespace_and_chinese(notice, author, url):
    assert rule_key(notice) == "aicnbc"
    assert groups(notice) == {"author": author, "url": url}


@pytest.mark.parametrize(
    ("notice", "year"),
    [
        ("ⓒ 2019 TECHTIMES.com All rights reserved. Do not reproduce without permission.", "2019"),
        ("© 2025 TECHTIMES.com All rights reserved.", "2025"),
        ("(c)   2023\n techtimes.com   All rights reserved", "2023"),
        ("Copyright 2022 TECHTIMES.com All rights reserved.", "2022"),
        ("TECHTIMES.com All rights reserved. Do not reproduce without permission.", None),
    ],
)
def test_techtimes_variants(notice, year):
    assert rule_key(notice) == "techtimes"
    found = groups(notice)
    assert found["holder"].lower() == "techtimes.com"
    assert found.get("year") == year


@pytest.mark.parametrize(
    "notice",
    [
        "未经授权禁止转载",
        "本文版权归作者所有，未经授权，禁止转载。",
        "版权所有，未经许可不得转载",
        "版权所有 ,  未经许可  不得转载",
        "© 2024 Example Daily. All rights reserved.",
        "Do not reproduce without permission.",
    ],
)
def test_reserved_rights_notices_in_english_and_chinese_need_permission(notice):
    rule, _ = match_rule(notice)
    assert rule.key == "all-rights-reserved"
    assert rule.permission == "permission_required"


@pytest.mark.parametrize(
    ("notice", "key", "holder"),
    [
        (
            # No licence named: The Conversation's own rule (CC BY-ND 4.0), not a guess.
            "This article is republished from The Conversation under a Creative Commons "
            "license. Read the original article.",
            "the-conversation",
            "The Conversation",
        ),
        (
            # The notice says BY, the partner's rule says BY-ND: the stricter applies.
            "This article is republished from The Conversation under a Creative Commons "
            "Attribution 4.0 International license.",
            "the-conversation",
            "The Conversation",
        ),
        (
            # Global Voices' rule is BY 3.0; the notice states BY-ND 4.0, which is stricter.
            "This article is republished from Global Voices under a Creative Commons "
            "Attribution-NoDerivatives 4.0 International licence.",
            "cc-by-nd-4",
            "Global Voices",
        ),
        ("Licensed CC BY-ND 4.0 by CalMatters.", "cc-by-nd-4", None),
        ("Published under CC BY 4.0.", "cc-by-4", None),
        ("Published under CC BY 3.0.", "cc-by-3", None),
        ("Licensed under Attribution-ShareAlike 4.0 International.", "cc-by-sa-4", None),
        ("Used under CC BY-NC-SA 4.0.", "cc-noncommercial", None),
    ],
)
def test_creative_commons_notices(notice, key, holder):
    assert rule_key(notice) == key
    assert groups(notice).get("holder") == holder


@pytest.mark.parametrize(
    "notice",
    [
        "",
        "   ",
        "Copyleft notice: take it or leave it, says Example Daily.",
        "Tags: China AI",
        # A Creative Commons licence without its version, from no known partner: not stated.
        "This article is republished from Example Post under a Creative Commons license.",
    ],
)
def test_unknown_notices_match_nothing(notice):
    assert rule_key(notice) is None


def test_normalise_collapses_every_kind_of_whitespace():
    assert normalise_notice(" a\u00a0 b\n\tc\u3000d ") == "a b c d"


@pytest.mark.parametrize(
    ("notice", "variant", "captured"),
    [
        (
            AICNBC_SEED,
            AICNBC_SEED.replace("Tobias", "Ann Lee").replace("20540", "1"),
            {"author": "Ann Lee", "url": "https://aicnbc.com/1.html"},
        ),
        (TECHTIMES_SEED, TECHTIMES_SEED.replace("2024", "2030"), {"year": "2030"}),
        (
            "原创文章，作者：张三，如若转载，请注明出处：https://x.example/1.html",
            "原创文章，作者：李四，如若转载，请注明出处：https://x.example/2.html",
            {"author": "李四", "url": "https://x.example/2.html"},
        ),
        (
            "Copyleft notice: take it or leave it, says Example Daily.",
            "Copyleft   notice: take it or leave it,\nsays Example Daily.",
            {},
        ),
    ],
)
def test_suggested_pattern_matches_the_notice_and_its_variants(notice, variant, captured):
    pattern = suggest_pattern(notice)
    [on_seed] = try_patterns(pattern, notice)
    assert on_seed.matched
    [result] = try_patterns(pattern, variant)
    assert result.matched
    assert result.groups == captured


def test_try_patterns_reports_each_line():
    results = try_patterns("Author: (?P<author>\\w+)\n\n(unclosed\nnever", "Author: Kim")
    assert [r.line for r in results] == [1, 3, 4]
    assert results[0].groups == {"author": "Kim"}
    assert results[1].error
    assert not results[2].matched
    assert not results[2].error


def test_matcher_tries_rules_in_the_order_given():
    from articles.rights.notices import RulePatterns

    rules = [RulePatterns("narrow", ("All rights reserved by X",)), RulePatterns("broad", ("All",))]
    assert match_notice("All rights reserved by X", rules).key == "narrow"
    assert match_notice("All of it", rules).key == "broad"
