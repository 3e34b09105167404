"""The suggestion extractor's cheap test for a cue (``cues.may_have_cue``): a sentence it
skips must be one no cue could mark a name in, so suggestions are exactly what they were."""

import random
from pathlib import Path

import pytest

from companies.extraction import cues, names
from companies.extraction.suggestions import _HAN, _cued, _slots, find_suggestions
from companies.matching import Match

PARTNERS = Path(__file__).parent / "fixtures" / "partners"

# One sentence per kind of cue: each must get past the test.
CUED = [
    "Maple Quantum PLC said sales rose.",
    "Shares of Northwind Capital fell.",
    "The round was backed by Tencent and others.",
    "The startup Aisphere hired two people.",
    "Kestrel, a Munich-based chip designer, hired two people.",
    "Corvane Systems, Inc. reported results.",
    "Corvane (NASDAQ: CRVN) reported results.",
    "Ironleaf raised $5 million last week.",
    "Ironleaf said it had raised $5 million.",
    "Ironleaf’s Series A was oversubscribed.",
    "Rivals such as Zenbit and Teramind cut prices.",
    "The company's investors Kestrel Partners and Boreal were there.",
    "Boreal and Kestrel led the $20 million round.",
    "Boreal participated in the $20 million round.",
    "Chipmaker Nvidia-backed Cohere grew.",
    "It bought a stake in xAI last year.",
    "Zenbit, which was founded in 2019 by two engineers, grew.",
    "Alibaba-owned Lazada grew.",
]

WORDS = (  # noqa: SIM905
    "the a an of in by from and or as such like including led backed funded investors rivals "
    "startup start-up company firm lab maker chipmaker policy investment stake stakes said "
    "raised closed secured announced participated invested founded which was $5 million "
    "Series A seed round funding of the, Inc Ltd Co plc Capital Labs AI Ventures Systems "
    "(NASDAQ: ) 's ’s Acme Zenbit Kestrel Boreal Ironleaf xAI eBay 01.AI Hong Kong-listed "
    "New First Shares United States, ; — a startup, an investor the fund"
).split(" ")


def _sentences():
    for path in sorted(PARTNERS.rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            yield from (s.strip() for s in text.replace("\n", " ").split(". ") if s.strip())
    rng = random.Random(17)
    for _ in range(4000):
        yield " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 22))) + "."
    yield from CUED


@pytest.mark.parametrize("sentence", CUED)
def test_every_kind_of_cue_gets_past_the_test(sentence):
    assert cues.may_have_cue(sentence, names.lower_same_length(sentence))
    assert list(_cued(sentence, names.lower_same_length(sentence), _slots(sentence, [])))


def test_a_letter_read_as_another_case_insensitively_always_gets_past():
    long_s, dotted_i, kelvin = "\u017f", "\u0130", "\u212a"
    for sentence in (f"The {long_s}tartup Aisphere.", f"A{dotted_i} {kelvin}elvin"):
        assert cues.may_have_cue(sentence, names.lower_same_length(sentence))


def test_a_sentence_the_test_skips_has_no_cued_name():
    skipped = 0
    for sentence in _sentences():
        lowered = names.lower_same_length(sentence)
        if not cues.may_have_cue(sentence, lowered) and not _HAN.search(sentence):
            skipped += 1
            assert not list(_cued(sentence, lowered, _slots(sentence, []))), sentence
    assert skipped > 500  # it does skip sentences, even in this cue-heavy vocabulary


def test_suggestions_are_the_same_with_and_without_the_test(monkeypatch):
    texts = [
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(PARTNERS.rglob("*"))
        if path.is_file()
    ]
    rng = random.Random(5)
    texts.extend(
        "\n\n".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 30))) + "."
            for _ in range(rng.randint(1, 5))
        )
        for _ in range(300)
    )
    # A registry match in every text that names Zenbit: known names take part in lists.
    matches = []
    for text in texts:
        at = text.find("Zenbit")
        matches.append([Match(1, "Zenbit", "Zenbit", at, at + 6)] if at >= 0 else [])
    found = [find_suggestions(t, m) for t, m in zip(texts, matches, strict=True)]
    monkeypatch.setattr(cues, "may_have_cue", lambda sentence, lowered: True)
    assert found == [find_suggestions(t, m) for t, m in zip(texts, matches, strict=True)]
