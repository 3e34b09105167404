"""The line-pattern registry, kind by kind, on invented partner copy (no Django).

Each test feeds a few lines of a format and checks what a reader or an editor would notice:
what leaves the body, what becomes the headline, the author, the credits, the tags."""

import pytest

from articles.ingest.headlines import _CUTS
from articles.ingest.names import join_names, split_affiliated, split_names
from articles.ingest.parsed import HEADLINE_MAX_CHARS
from articles.ingest.parsing import parse_text
from articles.ingest.patterns import PatternError, parse_pattern_lines
from articles.ingest.profiles import Profile, Profiles

WIRES = Profiles(
    profiles=(
        Profile("reuters.com", "Reuters", kind="wire", names=("Thomson Reuters",)),
        Profile("apnews.com", "Associated Press", kind="wire", names=("AP",)),
        Profile("xinhuanet.com", "Xinhua", kind="wire", names=("新华社",)),
        Profile("prnewswire.com", "PR Newswire", kind="press_release", names=("PRNewswire",)),
        Profile("theconversation.com", "The Conversation", default_license="CC-BY-ND-4.0"),
    )
)
LEDE = "The regional grid operator approved three new battery plants on Wednesday, officials said."
MORE = "Construction is expected to start next spring and take about two years."


def parse(*lines, profiles=WIRES, **kwargs):
    return parse_text("\n".join(lines), profiles=profiles, **kwargs)


def kinds(article):
    return {line: kind for kind, line in article.lines}


# --- bylines ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Oskar Lindqvist", "Oskar Lindqvist"),
        ("By Oskar Lindqvist and Mei Tanaka", "Oskar Lindqvist and Mei Tanaka"),
        (
            "BY PRIYA NAIR, LUCAS MOREAU AND ANA DE LA CRUZ",
            "Priya Nair, Lucas Moreau and Ana de la Cruz",
        ),
        ("Written by Jean-Luc van der Berg", "Jean-Luc van der Berg"),
        ("Author: Harriet Q. Okafor", "Harriet Q. Okafor"),
        ("Authors: Ivo Petrov & Sun Li", "Ivo Petrov and Sun Li"),
        ("By Dara O’Neill | Senior Correspondent", "Dara O’Neill"),
        ("By Tomasz Wójcik, Reuters", "Tomasz Wójcik"),
        ("作者：林晓", "林晓"),
        ("文／周一鸣 吴桐", "周一鸣 and 吴桐"),
        ("记者 陈思远", "陈思远"),
    ],
)
def test_bylines_give_the_author_and_leave_the_body(line, author):
    article = parse("Grid operator backs three battery plants", line, LEDE, MORE)
    assert article.writer == author
    assert line not in article.body_text
    assert article.headline == "Grid operator backs three battery plants"


@pytest.mark.parametrize(
    "line", ["By the numbers", "By 2030, the grid will need twice the storage", "By Monday"]
)
def test_a_line_starting_by_that_names_no_one_stays(line):
    article = parse("Grid operator backs three battery plants", line, LEDE, MORE)
    assert article.writer == ""
    assert line in article.body_text


def test_the_agency_in_a_byline_is_an_upstream_credit_not_an_author():
    article = parse("Grid plans", "By KWAME ASANTE Associated Press", LEDE, MORE)
    assert article.writer == "Kwame Asante"
    assert article.upstream_credits == ["Associated Press"]


def test_creative_commons_author_lines_with_affiliations():
    article = parse(
        "Why small languages need their own models",
        "Ingrid Solheim, University of Bergen; Rafael Costa, Instituto Superior Técnico, "
        "and Amara Obi, Lagos Business School",
        LEDE,
        MORE,
        "This article is republished from The Conversation under a Creative Commons license.",
    )
    assert article.writer == "Ingrid Solheim, Rafael Costa and Amara Obi"
    assert "University of Bergen" not in article.body_text
    assert article.headline == "Why small languages need their own models"


def test_an_affiliation_line_is_only_a_byline_in_creative_commons_copy():
    article = parse("Grid plans", "Ingrid Solheim, University of Bergen", LEDE, MORE)
    assert article.writer == ""


def test_the_writer_photo_line_and_reporters_in_a_sign_off():
    article = parse(
        LEDE,
        MORE,
        "(Photo : Example Daily Writer Noor Haddad)",
        "(Reporting by Ivan Horvat in Zagreb and Lena Vogel in Berlin; Editing by Tom Bell)",
    )
    assert article.authors == ["Noor Haddad", "Ivan Horvat", "Lena Vogel"]
    assert "Editing by" not in article.body_text
    assert "Tom Bell" not in article.writer


def test_names_alone_under_a_headline():
    article = parse("Grid plans", "Ivo Petrov and Sun Li", LEDE, MORE)
    assert article.writer == "Ivo Petrov and Sun Li"
    assert article.headline == "Grid plans"


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("A, B and C", []),
        (
            "Mary-Kate Olsen, Pedro de la Rosa and Wu Fei",
            ["Mary-Kate Olsen", "Pedro de la Rosa", "Wu Fei"],
        ),
        ("Reuters Staff", []),
        ("J. R. Tolkien", ["J. R. Tolkien"]),
    ],
)
def test_split_names(text, people):
    assert split_names(text)[0] == people


def test_split_affiliated_needs_an_affiliation_for_everyone():
    assert split_affiliated("Ana Lima, University of Porto") == ["Ana Lima"]
    assert split_affiliated("Ana Lima and Rui Sousa") == []
    assert split_affiliated("Big Tech, the regulators") == []


def test_join_names():
    assert join_names([]) == ""
    assert join_names(["王芳"]) == "王芳"
    assert join_names(["A B", "C D"]) == "A B and C D"
    assert join_names(["A B", "C D", "E F", "A B"]) == "A B, C D and E F"


# --- datelines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "place", "agency", "credit"),
    [
        ("OSLO, March 3 (Reuters) - ", "OSLO", "Reuters", "Reuters"),
        ("NAIROBI (AP) — ", "NAIROBI", "AP", "Associated Press"),
        ("Lyon (AFP) - ", "Lyon", "AFP", "AFP"),
        ("HANGZHOU, Sept. 14 (Xinhua) -- ", "HANGZHOU", "Xinhua", "Xinhua"),
        (
            "AUSTIN, Texas, Jan. 5, 2026 /PRNewswire/ -- ",
            "AUSTIN, Texas",
            "PRNewswire",
            "PR Newswire",
        ),
        ("BOSTON--(BUSINESS WIRE)--", "BOSTON", "BUSINESS WIRE", "Business Wire"),
        (
            "TORONTO, Feb. 02, 2026 (GLOBE NEWSWIRE) -- ",
            "TORONTO",
            "GLOBE NEWSWIRE",
            "GlobeNewswire",
        ),
        ("(Bloomberg) -- ", "", "Bloomberg", "Bloomberg"),
    ],
)
def test_datelines_leave_the_lede_and_are_kept_as_data(line, place, agency, credit):
    article = parse(line + LEDE, MORE)
    assert article.blocks[0].text == LEDE
    assert article.dateline.get("place", "") == place
    assert article.dateline["agency"] == agency
    assert credit in article.upstream_credits
    assert article.headline_is_provisional
    assert "(" not in article.headline
    assert "--" not in article.headline


def test_chinese_datelines_give_place_date_and_reporters():
    article = parse(
        "新华社成都3月3日电（记者 罗小红、马俊）成都今年将新建五座储能电站。", "项目预计明年投产。"
    )
    assert article.blocks[0].text == "成都今年将新建五座储能电站。"
    assert article.dateline == {"agency": "新华社", "place": "成都", "date": "3月3日"}
    assert article.writer == "罗小红 and 马俊"
    assert article.upstream_credits == ["Xinhua"]


@pytest.mark.parametrize(
    "line",
    [
        "Apple (AAPL) - shares rose after the results, which beat forecasts by a wide margin.",
        "Paris is where the company (founded in 2019) - and its rivals - compete for engineers.",
    ],
)
def test_what_only_looks_like_a_dateline_stays(line):
    article = parse(line, MORE)
    assert article.blocks[0].text == line
    assert article.dateline == {}


# --- sign-offs and boilerplate ----------------------------------------------------------------


def test_press_release_tail_leaves_the_body():
    article = parse(
        "Voltwise Raises $12 Million to Build Grid Software for Utilities",
        "DENVER, May 4, 2026 /PRNewswire/ -- Voltwise, a grid software startup, today said it "
        "raised $12 million.",
        MORE,
        "About Voltwise",
        "Voltwise makes forecasting software for electricity networks.",
        "Media contact:",
        "Sam Reyes",
        "press@voltwise.example",
        "SOURCE Voltwise",
        "###",
    )
    body = article.body_text
    for gone in ("About Voltwise", "forecasting software", "Sam Reyes", "press@", "SOURCE", "###"):
        assert gone not in body
    assert article.press_release
    assert article.source_key == "prnewswire.com"
    assert article.headline.startswith("Voltwise Raises")


def test_an_about_heading_inside_a_news_story_stays():
    article = parse(
        "A lab's new model for weather",
        LEDE,
        "About the model",
        "It predicts rainfall ten days out with better accuracy than the old one.",
        MORE,
    )
    assert "About the model" in article.body_text


@pytest.mark.parametrize(
    "line",
    [
        "Our Standards: The Thomson Reuters Trust Principles.",
        "Editor: Zhang Wei",
        "Enditem",
        "责任编辑：刘洋",
        "Kim Osei in Accra contributed to this report.",
    ],
)
def test_sign_offs_leave_the_body(line):
    article = parse(LEDE, MORE, line)
    assert line not in article.body_text
    assert article.body_text.endswith(MORE)


def test_a_trailing_end_marker_leaves_the_sentence_it_ends():
    article = parse(LEDE, MORE + " Enditem")
    assert article.body_text.endswith(MORE)


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Battery prices fall again",
        "RELATED: Grid upgrades in three states",
        "Advertisement",
        "Sign up for our Energy Brief newsletter to get stories like this in your inbox.",
        "Updated: Mar 3, 2026 09:14 EST",
    ],
)
def test_boilerplate_leaves_the_body(line):
    article = parse("Grid plans", line, LEDE, MORE)
    assert line not in article.body_text


# --- image credits ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "credit", "caption"),
    [
        (["Image Credits: Lina Park / Example Tech"], "Lina Park / Example Tech", ""),
        (["Photo: Example Agency/Jo Brandt"], "Example Agency/Jo Brandt", ""),
        (["Credit: courtesy of the city council"], "courtesy of the city council", ""),
        (["(Photo : Example Agency)"], "Example Agency", ""),
        (
            ["Workers install panels in Ohio on Monday. (Photo by Kai Berg/Example Images)"],
            "Photo by Kai Berg/Example Images",
            "Workers install panels in Ohio on Monday.",
        ),
        (
            ["A crane lifts a turbine blade near the coast. (AP Photo/Rosa Lind)"],
            "AP Photo/Rosa Lind",
            "A crane lifts a turbine blade near the coast.",
        ),
        (
            ["Image: An engineer checks a battery rack at the new plant.", "Credit: Omar Said"],
            "Omar Said",
            "An engineer checks a battery rack at the new plant.",
        ),
        (["图片来源：视觉中国"], "视觉中国", ""),
    ],
)
def test_image_credits_leave_the_body(lines, credit, caption):
    article = parse(LEDE, *lines, MORE)
    assert [(c.credit, c.caption) for c in article.image_credits] == [(credit, caption)]
    assert article.body_text == LEDE + "\n\n" + MORE


# --- topics ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("Topics: Energy, Batteries, Grid", ["Energy", "Batteries", "Grid"]),
        ("Filed under: Climate; Policy", ["Climate", "Policy"]),
        ("Keywords: storage solar", ["storage", "solar"]),
        ("标签：储能 电网", ["储能", "电网"]),
        ("标签：储能，电网、新能源", ["储能", "电网", "新能源"]),
    ],
)
def test_topic_lines_become_tags(line, tags):
    article = parse(LEDE, MORE, line)
    assert article.tags == tags
    assert line not in article.body_text


# --- notices ------------------------------------------------------------------------------------


def test_the_url_in_a_notice_is_the_original_url_but_never_the_licence_url():
    article = parse(
        LEDE,
        MORE,
        "This article was first published on Grid Weekly at https://gridweekly.example/a/123. "
        "It is licensed under CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/).",
    )
    assert article.original_url == "https://gridweekly.example/a/123"
    assert article.licence == "CC-BY-SA-4.0"


def test_read_the_original_line():
    article = parse(
        LEDE,
        MORE,
        "This article is republished from The Conversation under a Creative Commons license.",
        "Read the original article: https://theconversation.com/grid-batteries-98765",
    )
    assert article.original_url == "https://theconversation.com/grid-batteries-98765"
    assert article.source_key == "theconversation.com"
    assert article.licence == "CC-BY-ND-4.0"  # the partner's default for an unversioned notice


def test_an_unversioned_creative_commons_notice_from_an_unknown_partner_is_not_stated():
    article = parse(LEDE, MORE, "Republished from Grid Weekly under a Creative Commons licence.")
    assert article.licence == ""
    assert article.licence_problem == "not_stated"


def test_a_notice_quoted_in_the_story_does_not_count():
    article = parse(
        LEDE,
        "“All rights reserved,” the operator's lawyer wrote, “means what it says.”",
        MORE,
        "Licensed under CC BY 4.0. Read the original: https://gridweekly.example/b/7",
    )
    assert "All rights reserved" in article.body_text
    assert article.notice.startswith("Licensed under CC BY 4.0")
    assert article.licence == "CC-BY-4.0"


def test_a_closing_sentence_about_some_licence_is_not_a_notice():
    last = "The model is available under an open-source licence that permits commercial use."
    article = parse(LEDE, MORE, last)
    assert article.body_text.endswith(last)
    assert article.notice == ""


def test_two_notices_that_disagree_keep_both_and_the_stricter_licence():
    article = parse(
        LEDE,
        MORE,
        "This story is licensed under CC BY 4.0.",
        "Also available under CC BY-NC-ND 4.0 for members.",
    )
    assert article.licence == "CC-BY-NC-ND-4.0"


# --- headings and headlines -----------------------------------------------------------------


def test_a_section_heading_is_never_the_headline():
    article = parse("Why it matters", LEDE, MORE)
    assert article.headline_is_provisional
    assert article.headline != "Why it matters"
    assert article.blocks[0].kind == "h2"


@pytest.mark.parametrize(
    "lede",
    [
        "The regional grid operator, which serves four million households across three states, "
        "approved three new battery plants on Wednesday after a two-year review of the costs.",
        "Officials in the capital approved a plan to build the country's largest battery storage "
        "plant near the old coal port, saying it would be running before the end of next year.",
    ],
)
def test_provisional_headlines_are_whole_clauses_under_the_limit(lede):
    article = parse(lede, MORE)
    headline = article.headline
    assert len(headline) <= HEADLINE_MAX_CHARS
    following = lede[len(headline) :]
    assert lede.startswith(headline)
    marks = [mark for group in _CUTS for mark in group]
    assert following.startswith(tuple(marks)), f"cut inside a phrase: {headline!r}"
    assert len(headline) >= 60


def test_a_provisional_headline_is_never_a_byline_dateline_or_credit():
    article = parse(
        "By Oskar Lindqvist",
        "Image Credits: Lina Park",
        "OSLO, March 3 (Reuters) - " + LEDE,
        MORE,
    )
    assert article.headline_is_provisional
    assert LEDE.startswith(article.headline)
    for junk in ("Oskar", "Lina Park", "OSLO", "Reuters"):
        assert junk not in article.headline


def test_a_question_headline_and_a_title_cased_two_sentence_headline():
    assert parse("Will batteries save the grid?", LEDE, MORE).headline == (
        "Will batteries save the grid?"
    )
    two = "The Grid Got Batteries. Then the Prices Fell."
    assert parse(two, "By Ivo Petrov", LEDE, MORE).headline == two


def test_a_doubled_headline_is_dropped():
    article = parse("Grid plans approved", "Grid plans approved", LEDE, MORE)
    assert article.headline == "Grid plans approved"
    assert "Grid plans approved" not in article.body_text


# --- a partner's own patterns -------------------------------------------------------------------


def test_a_profile_s_own_patterns_teach_a_new_format():
    own = parse_pattern_lines(
        "byline@head: ^Filed by (?P<author>.+)$\nboilerplate: ^\\[Paywall ends here\\]$"
    )
    partner = Profile("gridweekly.example", "Grid Weekly", patterns=tuple(own))
    text = ["Grid plans", "Filed by Ivo Petrov", LEDE, "[Paywall ends here]", MORE]
    plain = parse(*text)
    assert plain.writer == ""
    assert "[Paywall ends here]" in plain.body_text
    taught = parse(*text, profiles=Profiles(profiles=(partner,)), profile=partner)
    assert taught.writer == "Ivo Petrov"
    assert "[Paywall ends here]" not in taught.body_text


def test_a_profile_recognised_in_the_notice_applies_its_patterns():
    own = parse_pattern_lines("sign_off@tail: ^— GW desk$")
    partner = Profile("gridweekly.example", "Grid Weekly", patterns=tuple(own))
    article = parse(
        LEDE, MORE, "— GW desk", "© 2026 Grid Weekly", profiles=Profiles(profiles=(partner,))
    )
    assert article.source_key == "gridweekly.example"
    assert "GW desk" not in article.body_text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("byline ^By (?P<author>.+)$", "Line 1 should read"),
        ("caption: ^x$", "“caption” is not a kind"),
        ("byline@top: ^x$", "“@top” is not a position"),
        ("byline?rainy: ^x$", "“?rainy” is not a condition"),
        ("notice: ^(unclosed", "not a valid regular expression"),
        ("byline: ^By (?P<writer>.+)$", "writer are not understood"),
        ("\n\nboilerplate: .*", "Line 3: it matches an empty line"),
    ],
)
def test_unusable_pattern_lines_are_refused_with_the_line_named(text, message):
    with pytest.raises(PatternError, match=message.replace("(", r"\(").replace("?", r"\?")):
        parse_pattern_lines(text)


def test_every_line_gets_a_kind_for_the_try_it_box():
    article = parse("Grid plans", "By Ivo Petrov", "OSLO, March 3 (Reuters) - " + LEDE, MORE)
    assert [kind for kind, _ in article.lines] == ["headline", "byline", "dateline", "body"]
    assert kinds(article)["By Ivo Petrov"] == "byline"


def test_a_wire_between_slashes_and_a_closing_email_leave_the_body():
    """Shapes the corpus does not hold: ACCESSWIRE's "PLACE / WIRE / DATE /" dateline, and a
    Yonhap-style sign-off that is only the writer's e-mail address."""
    from articles.ingest.parsing import parse_text

    release = parse_text(
        "Orbital Mesh raises $25 million\n\n"
        "AUSTIN, TX / ACCESSWIRE / November 24, 2026 / Orbital Mesh Inc. today announced it "
        "has closed a $25 million Series A round.\n\nThe company will launch 40 satellites."
    )
    assert release.body_text.startswith("Orbital Mesh Inc. today announced")
    assert "ACCESSWIRE" in release.upstream_credits
    wire = parse_text(
        "Samsung to build a chip line\n\nSEOUL, Nov. 30 (Yonhap) -- Samsung said Monday it "
        "will invest 12 trillion won in a new line.\n\nAnalysts welcomed it.\n\nsyk@yna.co.kr"
    )
    assert "syk@yna.co.kr" not in wire.body_text
    assert wire.body_text.endswith("Analysts welcomed it.")
