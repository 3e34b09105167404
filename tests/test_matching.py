"""Tests for companies.matching (pure Python, no Django) and the seed registry."""

from __future__ import annotations

import itertools
import json
import random
import string
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run without Django/pytest-django: make the project importable
    sys.path.insert(0, str(ROOT))

# companies/__init__.py is empty, so this imports no Django.
from companies.matching import Entry, Match, Matcher, entries_from_registry  # noqa: E402

REGISTRY = ROOT / "companies" / "data" / "registry.json"
SEED_000 = ROOT / "seeds" / "000_f1f2fb6c6bd8ce2f.txt"
SEED_002 = ROOT / "seeds" / "002_3a02282e3539df46.txt"

KINDS = {"startup", "investor", "big_tech", "media", "research_lab", "education", "other"}
ALIAS_KINDS = {"alias", "brand", "product"}


@pytest.fixture(scope="module")
def registry() -> list[dict]:
    return json.loads(REGISTRY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def matcher(registry) -> Matcher:
    return Matcher(entries_from_registry(registry))


def keys(matcher: Matcher, text: str) -> set:
    return {m.key for m in matcher.find(text)}


# --------------------------------------------------------------------------- registry


def test_registry_shape(registry):
    slugs = [c["slug"] for c in registry]
    assert slugs == sorted(slugs), "sorted by slug"
    assert len(slugs) == len(set(slugs))
    fields = {
        "slug", "name", "legal_name", "kind", "website", "hq_city", "hq_country", "founded",
        "parent", "ticker", "exchange", "description", "aliases",
    }  # fmt: skip
    for company in registry:
        assert fields <= company.keys(), company["slug"]
        assert set(company) - fields <= {"case_sensitive"}, company["slug"]
        assert company["slug"] == company["slug"].lower()
        assert all(part for part in company["slug"].split("-")), company["slug"]
        assert company["kind"] in KINDS
        assert company["parent"] is None or company["parent"] in slugs
        assert company["founded"] is None or isinstance(company["founded"], int)
        assert len(company["hq_country"]) in (0, 2)
        for alias in company["aliases"]:
            assert alias["kind"] in ALIAS_KINDS
            assert isinstance(alias["case_sensitive"], bool)
    # The database keeps company names and alias names unique.
    names = [c["name"] for c in registry]
    aliases = [a["name"] for c in registry for a in c["aliases"]]
    assert len(names) == len(set(names))
    assert len(aliases) == len(set(aliases))


def test_registry_relations(registry):
    by_slug = {c["slug"]: c for c in registry}
    assert by_slug["alibaba-cloud"]["parent"] == "alibaba"
    assert by_slug["baidu-ventures"]["parent"] == "baidu"
    assert by_slug["baidu-ventures"]["kind"] == "investor"
    assert by_slug["microsoft-research"]["parent"] == "microsoft"
    assert by_slug["microsoft-research"]["kind"] == "research_lab"
    assert by_slug["south-china-morning-post"]["parent"] == "alibaba"
    assert by_slug["south-china-morning-post"]["kind"] == "media"
    assert by_slug["wired"].get("case_sensitive") is True
    assert by_slug["apple"].get("case_sensitive") is True
    assert by_slug["artificial-analysis"].get("case_sensitive") is True

    def alias(slug, name):
        return next(a for a in by_slug[slug]["aliases"] if a["name"] == name)

    assert alias("aisphere", "PixVerse")["kind"] == "product"
    assert alias("openai", "ChatGPT")["kind"] == "product"
    assert alias("openai", "Sora")["kind"] == "product"
    assert alias("shengshu", "Vidu")["kind"] == "product"
    assert alias("baidu", "Ernie")["kind"] == "product"
    assert alias("apple", "App Store")["kind"] == "product"
    assert alias("tal-education", "TAL")["case_sensitive"] is True


def test_registry_loads_without_conflicts(matcher, registry):
    assert matcher.conflicts == []
    assert len(matcher) == len(entries_from_registry(registry))


# --------------------------------------------------------------------------- seeds


def test_seed_000(matcher):
    text = SEED_000.read_text(encoding="utf-8")
    found = keys(matcher, text)
    expected = {
        "alibaba-cloud", "alibaba", "shengshu", "baidu-ventures", "tal-education",
        "qiming-venture-partners", "openai", "tripo-ai", "aisphere", "kuaishou", "bytedance",
        "wired", "artificial-analysis", "ai-cnbc",
    }  # fmt: skip
    assert expected <= found
    assert "baidu" not in found  # only ever "Baidu Ventures"
    assert found == expected

    matches = matcher.find(text)
    bare_alibaba = [m for m in matches if m.key == "alibaba"]
    assert len(bare_alibaba) == 3
    assert text.count("Alibaba Cloud") == 3
    assert "Alibaba led a $60 million" in text[bare_alibaba[1].start :]
    assert text[bare_alibaba[2].start :].startswith("Alibaba’s own initiatives")

    surfaces = {(m.key, m.surface) for m in matches}
    assert ("openai", "ChatGPT") in surfaces
    assert ("openai", "OpenAI") in surfaces
    assert ("openai", "Sora") in surfaces
    assert ("aisphere", "PixVerse") in surfaces
    assert ("shengshu", "Vidu") in surfaces
    assert ("shengshu", "ShengShu") in surfaces


def test_seed_002(matcher):
    text = SEED_002.read_text(encoding="utf-8")
    found = keys(matcher, text)
    expected = {
        "aisphere", "openai", "fortune-capital", "bytedance", "tencent-holdings",
        "microsoft-research", "baidu", "south-china-morning-post", "360-security-technology",
        "getty-images", "apple", "tech-times",
    }  # fmt: skip
    assert found == expected
    assert "microsoft" not in found

    matches = matcher.find(text)
    baidu = {m.text for m in matches if m.key == "baidu"}
    assert baidu == {"Baidu", "Ernie"}
    scmp = {m.surface for m in matches if m.key == "south-china-morning-post"}
    assert scmp == {"South China Morning Post", "SCMP"}
    assert {m.surface for m in matches if m.key == "apple"} == {"Apple", "App Store"}
    assert "TECHTIMES.com" in {m.surface for m in matches if m.key == "tech-times"}


def test_pixverse_resolves_to_aisphere_in_both_seeds(matcher):
    for path in (SEED_000, SEED_002):
        text = path.read_text(encoding="utf-8")
        pix = [m for m in matcher.find(text) if m.text == "PixVerse"]
        assert pix
        assert all(m.key == "aisphere" for m in pix)


def test_offsets_point_into_the_text(matcher):
    for path in (SEED_000, SEED_002):
        text = path.read_text(encoding="utf-8")
        matches = matcher.find(text)
        assert [m.start for m in matches] == sorted(m.start for m in matches)
        for previous, current in itertools.pairwise(matches):
            assert previous.end <= current.start
        for m in matches:
            assert text[m.start : m.end] == m.text


def test_seed_counts(matcher):
    text = SEED_000.read_text(encoding="utf-8")
    counts = matcher.count(text)
    assert counts["alibaba-cloud"] == (3, 0)
    assert counts["alibaba"][0] == 3
    assert counts["baidu-ventures"] == (2, text.index("Baidu Ventures"))
    assert counts["shengshu"][1] == text.index("ShengShu")
    assert list(counts) == sorted(counts, key=lambda k: counts[k][1])


# --------------------------------------------------------------------------- matcher rules


def small() -> Matcher:
    return Matcher(
        [
            Entry("Alibaba", "alibaba"),
            Entry("Alibaba Cloud", "alibaba-cloud"),
            Entry("Baidu", "baidu"),
            Entry("Baidu Ventures", "baidu-ventures"),
            Entry("Microsoft", "microsoft"),
            Entry("Microsoft Research", "microsoft-research"),
            Entry("Apple", "apple", case_sensitive=True),
            Entry("Wired", "wired", case_sensitive=True),
            Entry("ShengShu", "shengshu"),
            Entry("South China Morning Post", "scmp"),
            Entry("阿里巴巴", "alibaba"),
            Entry("阿里云", "alibaba-cloud"),
            Entry("百度", "baidu"),
            Entry("OpenAI", "openai"),
        ]
    )


def test_longest_match_wins():
    m = small()
    assert [x.key for x in m.find("Alibaba Cloud and Alibaba")] == ["alibaba-cloud", "alibaba"]
    assert keys(m, "Baidu Ventures invested") == {"baidu-ventures"}
    assert keys(m, "a Microsoft Research paper") == {"microsoft-research"}
    assert keys(m, "Microsoft researchers") == {"microsoft"}  # "researchers" is not "Research"


def test_falls_back_to_shorter_when_longer_fails_boundary():
    m = small()
    found = m.find("Alibaba Cloudy skies")
    assert [(x.key, x.text) for x in found] == [("alibaba", "Alibaba")]


def test_overlaps_leftmost_then_longest():
    m = Matcher([Entry("New York", "ny"), Entry("York Times", "yt"), Entry("Times", "t")])
    assert [x.key for x in m.find("New York Times")] == ["ny", "t"]


def test_word_boundaries():
    m = small()
    assert keys(m, "Alibabas everywhere") == set()
    assert keys(m, "ProAlibaba") == set()
    assert keys(m, "Alibaba_2") == set()
    assert keys(m, "Alibaba2") == set()
    assert keys(m, "an Alibaba-backed startup") == {"alibaba"}
    assert keys(m, "(Alibaba)") == {"alibaba"}
    assert keys(m, "Alibaba.") == {"alibaba"}
    assert keys(m, "Alibaba") == {"alibaba"}
    assert keys(m, "Aliba") == set()
    assert keys(m, "Ålibaba Alibabaé") == set()  # Unicode letters are word characters


def test_case_insensitive_by_default():
    m = small()
    assert keys(m, "ALIBABA CLOUD") == {"alibaba-cloud"}
    assert keys(m, "openai") == {"openai"}
    found = m.find("SHENGSHU")
    assert found[0].surface == "ShengShu"
    assert found[0].text == "SHENGSHU"


def test_case_sensitive_entries():
    m = small()
    assert keys(m, "an apple pie") == set()
    assert keys(m, "APPLE") == set()
    assert keys(m, "Apple shares rose") == {"apple"}
    assert keys(m, "the wired adjective, a wired network") == set()
    assert keys(m, "Kevin Kelly, co-founder of Wired,") == {"wired"}


def test_case_sensitive_beats_case_insensitive_on_the_same_text():
    m = Matcher([Entry("apple", "fruit-co"), Entry("Apple", "apple", case_sensitive=True)])
    assert [x.key for x in m.find("Apple and apple")] == ["apple", "fruit-co"]
    assert len(m) == 2
    assert m.conflicts == []


def test_possessives():
    m = small()
    assert keys(m, "ShengShu’s vision") == {"shengshu"}
    assert keys(m, "ShengShu's vision") == {"shengshu"}
    assert keys(m, "Alibaba Cloud’s investment") == {"alibaba-cloud"}
    found = m.find("ShengShu’s")
    assert (found[0].start, found[0].end, found[0].text) == (0, 8, "ShengShu")
    typographic = Matcher([Entry("McDonald's", "mcd")])
    assert keys(typographic, "at McDonald’s today") == {"mcd"}


def test_whitespace_between_words():
    m = small()
    for gap in ("\u00a0", "\n", "\t", "  ", " \n ", "\u2009", "\r\n"):
        text = f"x Alibaba{gap}Cloud y"
        found = m.find(text)
        assert [x.key for x in found] == ["alibaba-cloud"], repr(gap)
        assert found[0].text == f"Alibaba{gap}Cloud"
        assert text[found[0].start : found[0].end] == found[0].text
    text = "via  South\u00a0China \n Morning   Post  and\n\nAlibaba"
    found = m.find(text)
    assert [x.key for x in found] == ["scmp", "alibaba"]
    for x in found:
        assert text[x.start : x.end] == x.text
    assert found[1].text == "Alibaba"


def test_surfaces_with_odd_whitespace_are_normalised():
    m = Matcher([Entry("  Alibaba \u00a0 Cloud ", "ac")])
    assert keys(m, "Alibaba Cloud") == {"ac"}
    assert m.find("Alibaba Cloud")[0].surface == "  Alibaba \u00a0 Cloud "


def test_conflicts_keep_first():
    first = Entry("Vidu", "shengshu")
    second = Entry("VIDU", "someone-else")
    m = Matcher([first, second, Entry("Vidu", "shengshu")])
    assert [x.key for x in m.find("Vidu")] == ["shengshu"]
    assert m.conflicts == [(first, second)]
    assert len(m) == 1


def test_case_sensitive_conflicts():
    a, b = Entry("TAL", "tal", True), Entry("TAL", "other", True)
    m = Matcher([a, b, Entry("Tal", "tal-2", True)])
    assert m.conflicts == [(a, b)]
    assert [x.key for x in m.find("TAL and Tal and tal")] == ["tal", "tal-2"]


def test_empty_surfaces_ignored():
    m = Matcher([Entry("", "a"), Entry("   ", "b"), Entry("\u00a0\n", "c"), Entry("X Co", "x")])
    assert len(m) == 1
    assert keys(m, "X Co") == {"x"}
    empty = Matcher([])
    assert len(empty) == 0
    assert empty.find("anything") == []
    assert empty.count("anything") == {}
    assert small().find("") == []


def test_cjk_surfaces():
    m = small()
    text = "阿里巴巴和阿里云投资了生数科技，百度也参与了。"
    found = m.find(text)
    assert [x.key for x in found] == ["alibaba", "alibaba-cloud", "baidu"]
    for x in found:
        assert text[x.start : x.end] == x.text
    # Latin names written against CJK text still match.
    assert keys(m, "据OpenAI称") == {"openai"}
    assert keys(m, "阿里巴巴集团") == {"alibaba"}


def test_cjk_registry_aliases(matcher):
    text = "阿里云领投生数科技，百度风投、字节跳动、腾讯和百度都被提及。"
    assert [x.key for x in matcher.find(text)] == [
        "alibaba-cloud",
        "shengshu",
        "baidu-ventures",
        "bytedance",
        "tencent-holdings",
        "baidu",
    ]


def test_count_and_first_positions():
    m = small()
    text = "Baidu and Alibaba. Alibaba Cloud, then baidu, then Alibaba again."
    counts = m.count(text)
    assert counts == {
        "baidu": (2, 0),
        "alibaba": (2, text.index("Alibaba")),
        "alibaba-cloud": (1, text.index("Alibaba Cloud")),
    }
    assert list(counts) == ["baidu", "alibaba", "alibaba-cloud"]


def test_match_is_frozen():
    x = small().find("Baidu")[0]
    assert x == Match(key="baidu", surface="Baidu", text="Baidu", start=0, end=5)
    with pytest.raises(AttributeError):
        x.start = 3  # type: ignore[misc]


def test_offsets_with_case_folding_that_changes_length():
    # "ẞ".casefold() == "ss" and "İ".lower() has two characters: offsets must not drift.
    m = small()
    text = "STRAẞE İİİ ﬁ Alibaba Cloud ß Baidu"
    found = m.find(text)
    assert [x.key for x in found] == ["alibaba-cloud", "baidu"]
    for x in found:
        assert text[x.start : x.end] == x.text
    strasse = Matcher([Entry("Straße", "s")])
    assert keys(strasse, "an der STRAẞE") == {"s"}


def test_large_registry(registry):
    rng = random.Random(1234)
    noise: list[Entry] = []
    seen: set[str] = set()
    while len(noise) < 5000:
        words = rng.randint(1, 3)
        name = " ".join(
            rng.choice(string.ascii_uppercase)
            + "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9)))
            for _ in range(words)
        )
        if name.casefold() not in seen:
            seen.add(name.casefold())
            noise.append(Entry(name, f"noise-{len(noise)}", case_sensitive=rng.random() < 0.1))
    big = Matcher(noise + entries_from_registry(registry))
    small_matcher = Matcher(entries_from_registry(registry))
    assert len(big) == 5000 + len(small_matcher)
    assert big.conflicts == []

    for path in (SEED_000, SEED_002):
        text = path.read_text(encoding="utf-8")
        expected = small_matcher.find(text)
        got = [x for x in big.find(text) if not str(x.key).startswith("noise-")]
        assert got == expected

    picked = rng.sample(noise, 50)
    text = "\n".join(f"({e.surface}), " for e in picked)
    found = big.find(text)
    assert [x.key for x in found] == [e.key for e in picked]
    for x in found:
        assert text[x.start : x.end] == x.text
