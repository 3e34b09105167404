"""Names the registry does not know yet that the text calls companies: candidates for the
suggestions queue. Pure: standard library only."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from companies.extraction.sentences import split_sentences
from companies.matching import Match

# --------------------------------------------------------------------------- suggestions

SUFFIX_CUES = (
    "Ventures",
    "Capital",
    "Holdings",
    "Technology",
    "Technologies",
    "Partners",
    "Cloud",
    "AI",
    "Labs",
    "Robotics",
)
_TOO_GENERIC = {"AI"}  # "Ernie AI" is Baidu's product written loosely, not a new company
_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:startup|start-up|firm|company|maker|lab|investor|backer|unicorn|"
    r"led\s+by|backed\s+by|funded\s+by|investment\s+in|invested\s+in|investing\s+in|"
    r"participation\s+from|stake\s+in)),?\s+$",
)
_CONTEXT_AFTER = re.compile(
    r"^,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}(?:startup|start-up|firm|company|maker|lab|"
    r"investor|unicorn)\b"
)
_NAME = re.compile(
    r"(?<![\w’'-])(?:[A-Z][\w&.’'-]*[\w&]|[A-Z])(?:\s(?:[A-Z][\w&.’'-]*[\w&]|[A-Z]|&|of))*"
    r"(?![\w-])"
)
# Capitalised words that are not names on their own (sentence openers, places, demonyms, jargon).
_NOT_NAMES = set(
    """a an the this that these those its it in on at for from with by of and or but as if when
    while after before during since until although though however meanwhile furthermore moreover
    nevertheless despite earlier later other others some many most several such both each every
    he she they we you i his her their our my
    china chinese us u.s. american europe european asia asian japan japanese korea korean india
    beijing shanghai shenzhen hangzhou silicon valley hong kong taiwan uk britain british
    ai llm llms agi ceo cto cfo coo founder co-founder chairman president new york
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    read also related article photo tags join discussion stay
    generative artificial intelligence""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Candidate:
    name: str
    cue: str
    sentence: str


def _clean_name(name: str) -> str:
    name = re.sub(r"['’]s$", "", name)
    words = name.split(" ")
    while words and (words[0].lower() in _NOT_NAMES or words[0].lower().endswith("-based")):
        words.pop(0)
    while words and words[-1] in {"&", "of"}:
        words.pop()
    return " ".join(words)


def find_suggestions(text: str, matches: Sequence[Match]) -> list[Candidate]:
    """Capitalised names next to a cue word that no registry match covers, one per name, in
    order of first appearance."""
    covered = [(m.start, m.end) for m in matches]
    seen: dict[str, Candidate] = {}
    for start, end in split_sentences(text):
        sentence = text[start:end]
        for m in _NAME.finditer(sentence):
            a, b = m.start() + start, m.end() + start
            inside = [(s, e) for s, e in covered if s < b and a < e]
            if inside:
                # A known name, or a longer one around it: only "Baidu Ventures" around "Baidu"
                # (a subsidiary or fund named after its parent) is worth asking about.
                words = m.group().split(" ")
                if not (
                    words[-1] in SUFFIX_CUES
                    and words[-1] not in _TOO_GENERIC
                    and all(a <= s and e < b - len(words[-1]) for s, e in inside)
                ):
                    continue
            name = _clean_name(m.group())
            if not name or name.lower() in _NOT_NAMES:
                continue
            words = name.split(" ")
            cue = ""
            if len(words) >= 2 and words[-1] in SUFFIX_CUES:
                if all(w.lower() in _NOT_NAMES or w in SUFFIX_CUES for w in words):
                    continue  # "Generative AI", "Cloud AI"
                cue = words[-1]
            else:
                before = _CONTEXT_BEFORE.search(sentence[: m.start()])
                after = _CONTEXT_AFTER.match(sentence[m.end() :])
                if before:
                    cue = " ".join(before.group(0).strip(" ,").split())
                elif after:
                    cue = after.group(0).split()[-1]
            if not cue:
                continue
            if not any(ch.isupper() for ch in name) or (name.isupper() and len(name) <= 3):
                continue  # "AI", "LLM"
            seen.setdefault(name, Candidate(name=name, cue=cue, sentence=sentence.strip()))
    return list(seen.values())
