"""Names the registry does not know yet that the text calls companies: candidates for the
suggestions queue. Pure: standard library only.

Only the story's running prose is read (``body.body_only``: no headings, bylines, datelines,
credits, notices or press-release boilerplate). A name is suggested when a cue says it is a
company (``cues``) and nothing says it is something else (``names``: a person, a place, an
ordinary word, a title, jargon). Precision comes first: an editor rejects noise once, but noise
every day wears trust out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from companies.extraction import cues, names
from companies.extraction.body import body_only
from companies.extraction.chinese import chinese_names
from companies.extraction.sentences import split_sentences
from companies.matching import Match

# --------------------------------------------------------------------------- suggestions

SUFFIX_CUES = cues.SUFFIX_CUES  # kept for callers that read the suffix list
_NOT_A_NAME = names.ORDINARY | names.MONTHS_AND_DAYS | names.DEMONYMS
_CONNECTORS = frozenset({"&", "of", "de", "la", "du", "von", "van", "der", "y"})
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]+\b")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Candidate:
    name: str
    cue: str
    sentence: str


@dataclass
class _Slot:
    start: int  # offsets in the sentence
    end: int
    name: str  # "" for a name the registry knows
    possessive: bool = False
    suffix: str = ""  # a suffix cue, or the Chinese mark
    lead: int = -1  # where the words before the name that are not part of it begin

    def __post_init__(self):
        if self.lead < 0:
            self.lead = self.start


class _Context:
    """What the whole text says about its names, read once and only when needed."""

    def __init__(self, text: str):
        self.text = text
        self._people: set[str] | None = None
        self._places: set[str] | None = None
        self._lower: set[str] | None = None

    @property
    def people(self) -> set[str]:
        if self._people is None:
            self._people = names.people_in(self.text)
        return self._people

    @property
    def places(self) -> set[str]:
        if self._places is None:
            self._places = names.places_in(self.text)
        return self._places

    def written_lower(self, word: str) -> bool:
        if self._lower is None:
            self._lower = set(_LOWER_WORD.findall(self.text))
        return word.lower() in self._lower


def find_suggestions(text: str, matches: Sequence[Match]) -> list[Candidate]:
    """Capitalised names next to a cue word that no registry match covers, one per name, in
    order of first appearance."""
    body = body_only(text)
    context = _Context(text)
    seen: dict[str, Candidate] = {}
    covered = sorted((m.start, m.end) for m in matches)
    for start, end in split_sentences(body):
        sentence = body[start:end]
        known = [(s - start, e - start) for s, e in covered if s < end and start < e]
        slots = _slots(sentence, known, context)
        if not any(slot.name for slot in slots):
            continue
        for slot, cue in _cued(sentence, slots):
            if slot.name not in seen and _plausible(slot, cue, context):
                original = text[start:end].strip()
                seen[slot.name] = Candidate(name=slot.name, cue=cue, sentence=original)
    return list(seen.values())


def _slots(sentence: str, known: list[tuple[int, int]], context: _Context) -> list[_Slot]:
    """The names in ``sentence``, cleaned, in order; names the registry knows have no name."""
    slots: list[_Slot] = []
    for run in names.NAME_RUN.finditer(sentence):
        for lead, a, b, possessive in _pieces(sentence, run.start(), run.end(), context):
            inside = [(s, e) for s, e in known if s < b and a < e]
            name = sentence[a:b]
            words = name.split(" ")
            suffix = words[-1] if len(words) >= 2 and words[-1] in cues.SUFFIX_CUES else ""
            if inside and not (
                suffix
                and suffix not in cues.TOO_GENERIC
                and all(a <= s and e < b - len(suffix) for s, e in inside)
            ):
                # A known name, or a longer one around it: only "Baidu Ventures" around "Baidu"
                # (a subsidiary or fund named after its parent) is worth asking about.
                name = ""
            slots.append(_Slot(a, b, name, possessive, suffix, lead))
    for a, b, mark in chinese_names(sentence):
        if not any(s < b and a < e for s, e in known):
            slots.append(_Slot(a, b, sentence[a:b], suffix=mark))
    for s, e in known:  # lower-case or Chinese registry names still take part in lists
        if not any(slot.start < e and s < slot.end for slot in slots):
            slots.append(_Slot(s, e, ""))
    slots.sort(key=lambda slot: slot.start)
    return slots


def _pieces(sentence: str, start: int, end: int, context: _Context):
    """Split a capitalised run into names: at a possessive ("Kai-Fu Lee's 01.AI"), after a
    modifier, which takes the words before it ("Hong Kong-listed SenseTime"), without leading
    ordinary words ("Shares of Acme") or trailing connectors ("Bank of"). Yields ``(lead,
    start, end, possessive)``, ``lead`` being where the piece's words begin, stripped ones
    included."""
    group: list[tuple[int, int]] = []
    lead = start
    opening = _sentence_start(sentence)
    for token in re.finditer(r"\S+", sentence[start:end]):
        a, b = token.start() + start, token.end() + start
        word = token.group()
        if names.MODIFIER.search(word):
            group.clear()  # the modifier's own words; the lead stays before them
            continue
        possessive = word[:1].isupper() and bool(names.POSSESSIVE.search(word))
        if not group:
            lower = names.POSSESSIVE.sub("", word).lower().rstrip(".")
            if lower in _NOT_A_NAME or lower in _CONNECTORS:
                continue
            if a == opening and not possessive and context.written_lower(lower):
                continue  # a sentence's first word that the text also writes in lower case
        if possessive:
            b -= len(names.POSSESSIVE.search(word).group())
        group.append((a, b))
        if possessive:
            yield from _close(sentence, group, lead, True)
            lead = token.end() + start + 1
    yield from _close(sentence, group, lead, False)


def _close(sentence: str, group: list[tuple[int, int]], lead: int, possessive: bool):
    while group and sentence[group[-1][0] : group[-1][1]] in _CONNECTORS:
        group.pop()
    if group:
        yield lead, group[0][0], group[-1][1], possessive
    group.clear()


def _sentence_start(sentence: str) -> int:
    i = 0
    while i < len(sentence) and sentence[i] in "\"“‘'([":
        i += 1
    return i


def _cued(sentence: str, slots: list[_Slot]):
    """``(slot, cue)`` for every unknown name a cue marks as a company."""
    cue_of: dict[int, str] = {}
    for i, slot in enumerate(slots):
        if slot.name and slot.suffix:
            cue_of[i] = slot.suffix
    for m in cues.LIST_CUE.finditer(sentence):
        label = cues.list_cue_label(m)
        for i in _forward_list(sentence, m.end(), slots):
            cue_of.setdefault(i, label)
    for i, slot in enumerate(slots):
        if i not in cue_of and slot.name:
            window = max(0, slot.start - 60)
            cue = cues.cue_before(sentence[window : slot.start], window == 0)
            if not cue:
                end = slot.end
                cue = cues.cue_after(sentence[end : end + 140], slot.possessive)
            if cue:
                cue_of[i] = cue
        backward = cues.BACKWARD.match(sentence, slot.end)
        if backward and cues.MONEY_OR_ROUND.search(sentence):
            for j in _backward_list(sentence, i, slots):
                cue_of.setdefault(j, "investor")
    for i in sorted(cue_of):
        if slots[i].name:
            yield slots[i], cue_of[i]


def _forward_list(sentence: str, position: int, slots: list[_Slot]) -> list[int]:
    found: list[int] = []
    for i, slot in enumerate(slots):
        if slot.start < position:
            continue
        gap = sentence[position : max(position, slot.lead)]
        if not (cues.LIST_GAP if found else cues.FIRST_GAP).match(gap):
            break
        found.append(i)
        if slot.possessive:
            break  # "backed by Tencent's fund"
        position = slot.end
    return found


def _backward_list(sentence: str, last: int, slots: list[_Slot]) -> list[int]:
    found = [last]
    for i in range(last - 1, -1, -1):
        gap = sentence[slots[i].end : slots[found[-1]].start]
        if not cues.LIST_GAP.match(gap) or slots[i].possessive:
            break
        found.append(i)
    return found


def _plausible(slot: _Slot, cue: str, context: _Context) -> bool:
    """Whether nothing about ``slot``'s name says it is something other than a company."""
    name = slot.name
    if _HAN.search(name):
        return True  # chinese_names already applied its own tests
    words = name.split(" ")
    lowered = [w.lower().rstrip(".") for w in words]
    if all(w in _NOT_A_NAME or w in names.GENERIC or w in _CONNECTORS for w in lowered):
        return False  # "Generative AI", "Cloud"
    if not any(ch.isupper() for ch in name):
        return False
    letters = [ch for ch in name if ch.isalpha()]
    if name.isupper() and len(letters) <= 3 and not any(ch.isdigit() for ch in name):
        return False  # "AI", "LLM", "NHS"-like abbreviations need more than a cue
    if len(letters) < 2:
        return False
    if names.is_place(name, context.places):
        return False
    if slot.suffix:  # "Jane Street Capital" is a fund, unless the text says it is a person
        return name not in context.people
    return not names.looks_like_person(name, context.people)
