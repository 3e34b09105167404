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

_STRIPPED = names.FUNCTION_WORDS | names.MONTHS_AND_DAYS
_STRIPPED_OPENING = _STRIPPED | names.OPENERS | names.DEMONYMS
_CONNECTORS = frozenset({"&", "of", "de", "la", "du", "von", "van", "der"})
_HAN = re.compile(r"[\u4e00-\u9fff]")
_ROUND_NAME = re.compile(r"(?i:pre-)?Series [A-Z]\d?\+?")


@dataclass(frozen=True)
class Candidate:
    name: str
    cue: str
    sentence: str


@dataclass(slots=True)
class _Slot:
    start: int  # offsets in the sentence
    end: int
    name: str  # "" for a name the registry knows
    possessive: bool = False
    suffix: str = ""  # a suffix cue, or the Chinese mark
    lead: int = -1  # where the words before the name that are not part of it begin
    doubtful: bool = False  # the first word opens the sentence

    def __post_init__(self):
        if self.lead < 0:
            self.lead = self.start


class _Context:
    """What the whole text says about its names, read once and only when needed."""

    def __init__(self, text: str):
        self.text = text
        self._people: set[str] | None = None
        self._places: set[str] | None = None
        self._lower: dict[str, bool] = {}

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
        """Whether ``word`` (lower case) appears in lower case in running text."""
        if word not in self._lower:
            pattern = rf"(?<![\w@./:-]){re.escape(word)}(?![\w@/]|\.\w)"
            self._lower[word] = re.search(pattern, self.text) is not None
        return self._lower[word]


def find_suggestions(text: str, matches: Sequence[Match]) -> list[Candidate]:
    """Capitalised names next to a cue word that no registry match covers, one per name, in
    order of first appearance."""
    body = body_only(text)
    context = _Context(text)
    seen: dict[str, Candidate] = {}
    covered = sorted((m.start, m.end) for m in matches)
    for start, end in split_sentences(body):
        sentence = body[start:end]
        lowered = names.lower_same_length(sentence)
        if not cues.may_have_cue(sentence, lowered) and not _HAN.search(sentence):
            continue  # nothing could mark a name here as a company
        known = [(s - start, e - start) for s, e in covered if s < end and start < e]
        slots = _slots(sentence, known)
        if not any(slot.name for slot in slots):
            continue
        for slot, cue in _cued(sentence, lowered, slots):
            if slot.doubtful and _ordinary_opening(slot.name, context):
                slot = _without_first_word(slot)
                if slot is None:
                    continue
            if (
                slot.name not in seen
                and not _same_as_seen(slot.name, seen)
                and _plausible(slot, context)
            ):
                original = text[start:end].strip()
                seen[slot.name] = Candidate(name=slot.name, cue=cue, sentence=original)
    return list(seen.values())


def _same_as_seen(name: str, seen: dict) -> bool:
    """Whether ``name`` is a short or long form of a name already suggested ("Ironleaf" after
    "Ironleaf Robotics"): one company, one suggestion."""
    return any(other.startswith(name + " ") or name.startswith(other + " ") for other in seen)


def _slots(sentence: str, known: list[tuple[int, int]]) -> list[_Slot]:
    """The names in ``sentence``, cleaned, in order; names the registry knows have no name."""
    slots: list[_Slot] = []
    opening = _sentence_start(sentence)
    for run_start, run_end in _runs(sentence):
        for lead, a, b, possessive, doubtful in _pieces(sentence, run_start, run_end, opening):
            inside = [(s, e) for s, e in known if s < b and a < e]
            name = sentence[a:b]
            words = name.split(" ")
            suffix = words[-1] if len(words) >= 2 and words[-1] in cues.SUFFIX_CUES else ""
            if inside and not (
                suffix
                and suffix not in cues.TOO_GENERIC
                and suffix not in cues.LEGAL_SUFFIXES
                and all(a <= s and e < b - len(suffix) for s, e in inside)
            ):
                # A known name, or a longer one around it: only "Baidu Ventures" around "Baidu"
                # (a subsidiary or fund named after its parent) is worth asking about.
                name = ""
            elif suffix in cues.LEGAL_SUFFIXES:
                name = name[: -len(suffix)].rstrip(" ,")
            slots.append(_Slot(a, b, name, possessive, suffix, lead, doubtful))
    for a, b, mark in chinese_names(sentence):
        if not any(s < b and a < e for s, e in known):
            slots.append(_Slot(a, b, sentence[a:b], suffix=mark))
    for s, e in known:  # lower-case or Chinese registry names still take part in lists
        if not any(slot.start < e and s < slot.end for slot in slots):
            slots.append(_Slot(s, e, ""))
    slots.sort(key=lambda slot: slot.start)
    return slots


_JOINED = re.compile(r"\s+(?:and|&|for)\s+$")


def _runs(sentence: str) -> list[tuple[int, int]]:
    """The capitalised runs of ``sentence``; an institution's name keeps its "and" ("Ministry
    of Industry and Information Technology" is one name, not "Information Technology")."""
    runs: list[tuple[int, int]] = []
    lower_first = names.LOWER_FIRST.search(sentence) or names.LOWER_FIRST.match(" " + sentence[:3])
    pattern = names.NAME_RUN if lower_first else names.NAME_RUN_CAPITAL
    for m in pattern.finditer(sentence):
        gap = (runs[-1][1], m.start()) if runs else (0, 0)
        if 0 < gap[1] - gap[0] <= 6 and _JOINED.match(sentence, *gap):
            previous = sentence[runs[-1][0] : runs[-1][1]].lower().split()
            if any(w in names.INSTITUTIONS for w in previous):
                runs[-1] = (runs[-1][0], m.end())
                continue
        runs.append((m.start(), m.end()))
    return runs


_TOKEN = re.compile(r"\S+")
_APOSTROPHE_ENDINGS = ("'s", "’s", "'", "’")


def _pieces(sentence: str, start: int, end: int, opening: int) -> list[tuple]:
    """Split a capitalised run into names: at a possessive ("Kai-Fu Lee's 01.AI"), after a
    modifier, which takes the words before it ("Hong Kong-listed SenseTime"), without leading
    ordinary words ("Shares of Acme") or trailing connectors ("Bank of"). Returns ``(lead,
    start, end, possessive, doubtful)`` tuples: ``lead`` is where the piece's words begin,
    stripped ones included, and ``doubtful`` says its first word opens the sentence (at
    ``opening``)."""
    pieces: list[tuple] = []
    group: list[tuple[int, int]] = []
    lead = start
    at_opening = start == opening  # until a word is kept
    doubtful = False
    words = sentence[start:end].split(" ") if "\xa0" not in sentence[start:end] else None
    tokens = _TOKEN.finditer(sentence, start, end) if words is None else _spans(words, start)
    for token in tokens:
        a, b = token if words is not None else token.span()
        after = b + 1  # where the next word starts
        word = sentence[a:b]
        if "-" in word and names.MODIFIER.search(word):
            group.clear()  # the modifier's own words; the lead stays before them
            continue
        possessive = word.endswith(_APOSTROPHE_ENDINGS) and word[:1].isupper()
        if possessive:
            word = names.POSSESSIVE.sub("", word)
            b = a + len(word)
        if not group:
            lower = word.lower().rstrip(".")
            if lower in (_STRIPPED_OPENING if at_opening else _STRIPPED) or lower in _CONNECTORS:
                continue
            # The sentence's first word may be an ordinary word ("Shares"): decided later, and
            # only for a name a cue picks, since it costs a look through the whole text.
            doubtful, at_opening = at_opening and not possessive, False
        group.append((a, b))
        if possessive:
            _close(sentence, group, pieces, lead, True, doubtful)
            lead, doubtful = after, False
    _close(sentence, group, pieces, lead, False, doubtful)
    return pieces


def _spans(words: list[str], start: int):
    for word in words:
        yield start, start + len(word)
        start += len(word) + 1


def _close(sentence, group: list, pieces: list, lead: int, possessive: bool, doubtful: bool):
    while group and sentence[group[-1][0] : group[-1][1]] in _CONNECTORS:
        group.pop()
    if group:
        pieces.append((lead, group[0][0], group[-1][1], possessive, doubtful))
    group.clear()


def _ordinary_opening(name: str, context: _Context) -> bool:
    """Whether the first word of ``name``, which opens its sentence, is an ordinary word: the
    text writes it in lower case too, or it is a verb before jargon ("Running AI models")."""
    first, *rest = name.lower().split(" ")
    if first.endswith(("ing", "ed")) and rest and all(w in names.GENERIC for w in rest):
        return True
    return context.written_lower(first)


def _without_first_word(slot: _Slot) -> _Slot | None:
    """``slot`` without its first word, an ordinary word that opens the sentence."""
    words = slot.name.split(" ")[1:]
    while words and words[0].lower() in _CONNECTORS:
        words.pop(0)
    if not words or (slot.suffix and len(words) < 2):
        return None  # "Shares", "Shares Capital"
    name = " ".join(words)
    start = slot.start + len(slot.name) - len(name)
    return _Slot(start, slot.end, name, slot.possessive, slot.suffix, slot.lead)


def _sentence_start(sentence: str) -> int:
    i = 0
    while i < len(sentence) and sentence[i] in "\"“‘'([":
        i += 1
    return i


def _cued(sentence: str, lowered: str, slots: list[_Slot]):
    """``(slot, cue)`` for every unknown name a cue marks as a company."""
    cue_of: dict[int, str] = {}
    for i, slot in enumerate(slots):
        if slot.name and slot.suffix:
            cue_of[i] = slot.suffix
    for label, end in cues.list_cues(sentence, lowered):
        for i in _forward_list(sentence, end, slots):
            cue_of.setdefault(i, label)
    money = None  # read when a verb after a name asks for it
    for i, slot in enumerate(slots):
        if i not in cue_of and slot.name:
            window = max(0, slot.start - 60)
            cue = cues.cue_before(sentence[window : slot.start], window == 0)
            if not cue:
                end = slot.end
                cue = cues.cue_after(sentence[end : end + 140], slot.possessive)
            if cue:
                cue_of[i] = cue
        if cues.BACKWARD.match(sentence, slot.end) and (
            money if money is not None else (money := cues.states_money(sentence))
        ):
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
        if slot.possessive or (found[1:] and not gap.startswith(",")) or gap.startswith(", and"):
            break  # "backed by Tencent's fund"; "X and Y, Kestrel said" ends at "and Y"
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


def _plausible(slot: _Slot, context: _Context) -> bool:
    """Whether nothing about ``slot``'s name says it is something other than a company."""
    name = slot.name
    if _HAN.search(name):
        return True  # chinese_names already applied its own tests
    words = name.split(" ")
    lowered = [w.lower().rstrip(".") for w in words]
    if all(w in _STRIPPED_OPENING or w in names.GENERIC or w in _CONNECTORS for w in lowered):
        return False  # "Generative AI", "Cloud"
    if _ROUND_NAME.fullmatch(name):
        return False  # "Series B"
    if any(w in names.INSTITUTIONS for w in lowered):
        return False  # "Ministry of Industry", "Tsinghua University"
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
