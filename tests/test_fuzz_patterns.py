"""Properties of the line-pattern registry, checked with hypothesis on generated copy: names
of any shape come out as written, datelines of any agency leave the lede, provisional
headlines are whole clauses under the limit, licences read the same however they are spelt,
and the strictest of the rules a notice matches governs."""

import os
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.ingest.headlines import _DANGLING_WORDS
from articles.ingest.names import _NOT_PEOPLE
from articles.ingest.parsed import HEADLINE_MAX_CHARS, ParseError
from articles.ingest.parsing import parse_text
from articles.ingest.patterns import parse_pattern_lines
from articles.ingest.profiles import Profile, Profiles
from articles.rights.licences import stated_licence
from articles.rights.notices import RulePatterns, choose_rule

settings.register_profile("fuzz", max_examples=60, deadline=None, derandomize=True)
settings.register_profile("fuzz-long", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fuzz"))

LEDE_TAIL = "Officials said the plan would be reviewed again next year."
first_names = st.from_regex(r"[A-Z][a-z]{2,8}", fullmatch=True).filter(
    lambda name: name.lower() not in _NOT_PEOPLE  # "For", "The": not names anyone has
)
surnames = st.from_regex(r"[A-Z][a-z]{1,6}(-[A-Z][a-z]{2,6})?", fullmatch=True).filter(
    # In capitals "JANE AP" would be Jane of AP, as wire bylines write it.
    lambda name: (
        (name.lower() not in _NOT_PEOPLE or name in ("An", "On", "In"))
        and name.upper() not in ("AP", "AFP")
    )
) | st.from_regex(r"(O'|Mc)[A-Z][a-z]{2,6}", fullmatch=True)
initials = st.from_regex(r"[A-Z]\.", fullmatch=True)
particles = st.sampled_from(["de", "van", "von", "da", "de la", "van der", "bin"])


@st.composite
def person(draw):
    parts = [draw(first_names)]
    if draw(st.booleans()):
        parts.append(draw(initials))
    if draw(st.booleans()):
        parts.append(draw(particles))
    parts.append(draw(surnames))
    return " ".join(parts)


def joined(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


words = st.from_regex(r"[a-z]{2,10}", fullmatch=True)
sentence = st.lists(words, min_size=4, max_size=40).map(lambda ws: " ".join(["The", *ws]) + ".")


@given(st.lists(person(), min_size=1, max_size=4, unique=True), st.booleans())
def test_bylines_of_any_names_give_them_back_in_order(names, capitals):
    byline = "By " + joined(names)
    article = parse_text(
        "\n".join(
            [
                "Grid operator backs battery plants",
                byline.upper() if capitals else byline,
                "The regional operator approved three plants on Wednesday, officials said.",
                LEDE_TAIL,
            ]
        )
    )
    if capitals:
        assert article.writer.lower() == joined(names).lower()
    else:
        assert article.writer == joined(names)
    assert "By " not in article.body_text


AGENCIES = ["Reuters", "AP", "AFP", "Xinhua", "Bloomberg"]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct."]


@given(
    st.from_regex(r"[A-Z]{3,10}( [A-Z]{3,8})?", fullmatch=True),
    st.sampled_from(MONTHS),
    st.integers(min_value=1, max_value=28),
    st.sampled_from(AGENCIES),
    st.sampled_from([" - ", " -- ", " — "]),
    sentence,
)
def test_datelines_of_any_place_and_agency_leave_the_lede(place, month, day, agency, dash, lede):
    text = f"{place}, {month} {day} ({agency}){dash}{lede}\n{LEDE_TAIL}"
    article = parse_text(text)
    assert article.blocks[0].text == lede
    assert article.dateline == {"place": place, "date": f"{month} {day}", "agency": agency}
    assert agency in article.upstream_credits
    assert f"({agency})" not in article.headline
    assert place not in article.headline


@given(st.lists(words, min_size=3, max_size=80), st.sampled_from([", ", "; ", " — ", " and "]))
def test_provisional_headlines_are_whole_clauses_under_the_limit(head, joint):
    lede = " ".join(["Officials", *head[: len(head) // 2]]) + joint + " ".join(head) + "."
    article = parse_text(lede + "\n" + LEDE_TAIL)
    headline = article.headline
    assert 0 < len(headline) <= HEADLINE_MAX_CHARS
    assert lede.startswith(headline)
    if len(lede) > HEADLINE_MAX_CHARS + 1:
        assert headline.split()[-1].lower() not in _DANGLING_WORDS


FAMILIES = ["BY", "BY-SA", "BY-ND", "BY-NC", "BY-NC-SA", "BY-NC-ND"]
LONG = {"SA": "ShareAlike", "ND": "NoDerivatives", "NC": "NonCommercial"}


@given(st.sampled_from(FAMILIES), st.sampled_from(["2.0", "2.5", "3.0", "4.0"]), st.integers(0, 3))
def test_a_licence_reads_the_same_however_it_is_spelt(family, version, style):
    parts = family.split("-")
    spellings = [
        f"Licensed under CC {family} {version}.",
        f"Published under the CC-{family}-{version} licence.",
        "Creative Commons Attribution"
        + "".join("-" + LONG[p] for p in parts[1:])
        + f" {version} International License",
        f"See https://creativecommons.org/licenses/{family.lower()}/{version}/ for terms.",
    ]
    found = stated_licence(spellings[style])
    assert found is not None
    assert found.spdx == f"CC-{family}-{version}"
    assert found.non_commercial == ("NC" in parts)


@given(st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=6))
def test_the_strictest_matching_rule_governs(ranks):
    rules = [
        RulePatterns(key=index, patterns=(r"reprint",), rank=(rank,))
        for index, rank in enumerate(ranks)
    ]
    # Each rule's pattern matches a different sentence, so every one is a candidate.
    notice = " ".join(f"Reprint terms {i}." for i in range(len(ranks)))
    rules = [
        RulePatterns(key=i, patterns=(rf"terms {i}\b",), rank=(rank,))
        for i, rank in enumerate(ranks)
    ]
    found = choose_rule(notice, rules)
    assert ranks[found.key] == max(ranks)
    assert found.key == ranks.index(max(ranks))  # on a tie, the first by priority


EXTRA = [
    "byline@head: ^Filed by (?P<author>.+)$",
    "boilerplate: ^\\[Ad\\]$",
    "sign_off@tail: ^— desk$",
    "notice@tail: Grid Weekly",
    "topics: ^Themes: (?P<tags>.+)$",
    "heading: ^== (?P<heading>.+) ==$",
]
lines = st.one_of(
    sentence,
    st.sampled_from(
        ["Filed by Ivo Petrov", "[Ad]", "— desk", "© Grid Weekly", "Themes: a, b", "== Part two =="]
    ),
    st.text(max_size=60),
)


@given(st.lists(st.sampled_from(EXTRA), max_size=6), st.lists(lines, min_size=1, max_size=15))
def test_any_profile_patterns_on_any_text_give_an_article_or_one_clear_error(extra, text_lines):
    partner = Profile(
        "gridweekly.example", "Grid Weekly", patterns=tuple(parse_pattern_lines("\n".join(extra)))
    )
    text = "\n".join(text_lines)
    profiles = Profiles(profiles=(partner,))
    try:
        first = parse_text(text, profiles=profiles)
    except ParseError as error:
        message = str(error)
        assert message
        assert "\n" not in message
        return
    assert first.blocks
    assert first.headline.strip()
    assert parse_text(text, profiles=profiles) == first
    assert all(re.fullmatch(r"[a-z_]+", kind) for kind, _ in first.lines)
