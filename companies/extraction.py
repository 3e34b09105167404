"""Funding rounds and unknown-company suggestions, read from article text.

Pure Python, like ``matching``: the functions take the text and the registry matches
(:class:`companies.matching.Match`, keyed by company) and return plain dataclasses. The services
in ``companies.services`` store the results for editors to review.

Both are deliberately conservative heuristics: a funding round is only proposed when a sentence
states an amount, says who received it, and uses a funding word; a suggestion is only made for a
capitalised name next to a cue word. Editors confirm either before readers see anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .matching import Match

__all__ = ["Candidate", "RoundFound", "find_rounds", "find_suggestions", "split_sentences"]


# --------------------------------------------------------------------------- sentences

_ABBREVIATIONS = {"inc", "corp", "co", "ltd", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs"}
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n\s*\n|\n")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the sentences in ``text``, ignoring common abbreviations."""
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        word = re.search(r"(\w+)\.\W*$", text[start : boundary.start() + 1])
        if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
            continue  # "Inc. said", "U.S. firms"
        if text[start : boundary.start() + 1].strip():
            spans.append(_trim(text, start, boundary.start() + 1))
        start = boundary.end()
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --------------------------------------------------------------------------- money

_MULTIPLIERS = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "mln": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
}
_SYMBOL_CURRENCY = {
    "US$": "USD",
    "$": "USD",
    "USD": "USD",
    "€": "EUR",
    "EUR": "EUR",
    "£": "GBP",
    "GBP": "GBP",
    "¥": "CNY",  # yen when the sentence says so, see _currency_for
    "RMB": "CNY",
    "CNY": "CNY",
    "JPY": "JPY",
    "HK$": "HKD",
}
_WORD_CURRENCY = {
    "yuan": "CNY",
    "renminbi": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "dollars": "USD",
    "us dollars": "USD",
    "usd": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "yen": "JPY",
    "jpy": "JPY",
    "pounds": "GBP",
    "gbp": "GBP",
}
_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_MULT = r"(?:\s*(?P<mult>million|billion|thousand|mln|mn|bn|[mbk])\b)?"
_QUALIFIER = (
    r"(?:(?P<qual>over|more than|at least|nearly|almost|about|around|roughly|some|up to)\s+)?"
)
_MONEY = re.compile(
    _QUALIFIER
    + r"(?:"
    + r"(?P<sym>US\$|HK\$|\$|€|£|¥|(?:RMB|CNY|USD|EUR|GBP|JPY)(?=\s?\d))\s?"
    + _NUMBER
    + _MULT
    + r"|"
    + _NUMBER.replace("num", "num2")
    + _MULT.replace("mult", "mult2")
    + r"\s*(?P<word>US dollars|dollars|yuan|renminbi|RMB|CNY|USD|euros?|EUR|yen|JPY|pounds|GBP)\b"
    + r")",
    re.IGNORECASE,
)
_NOT_RAISED = re.compile(
    r"(?:valuation of|valued at|valuing (?:it|the company) at|revenues? of|worth|sales of|"
    r"profit of|loss of|market cap(?:italisation|italization)? of)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Money:
    amount: Decimal
    currency: str
    minimum: bool
    start: int
    end: int


_DIGIT = re.compile(r"\d")


def _find_money(sentence: str) -> list[_Money]:
    found = []
    if not _DIGIT.search(sentence):
        return found  # every amount has a digit; _MONEY is slow to fail on long sentences
    for m in _MONEY.finditer(sentence):
        number = m.group("num") or m.group("num2")
        mult = (m.group("mult") or m.group("mult2") or "").lower()
        if m.group("sym"):
            currency = _SYMBOL_CURRENCY[m.group("sym").upper()]
            if currency == "CNY" and m.group("sym") == "¥" and re.search(r"\byen\b", sentence):
                currency = "JPY"
        else:
            currency = _WORD_CURRENCY[m.group("word").lower()]
        amount = Decimal(number.replace(",", "")) * _MULTIPLIERS.get(mult, 1)
        qual = (m.group("qual") or "").lower()
        found.append(
            _Money(
                amount=amount,
                currency=currency,
                minimum=qual in ("over", "more than", "at least"),
                start=m.start(),
                end=m.end(),
            )
        )
    return found


# --------------------------------------------------------------------------- rounds

_ROUND_NAME = re.compile(
    r"\b(?:(?P<series>(?:pre-)?Series\s+[A-H](?:\d|\+|\s+plus\b|\s*-?\s*extension\b)?)"
    r"|(?P<early>pre-seed|seed|angel)[\s-]+(?:round|funding|financing|investment|stage)"
    r"|(?P<other>bridge|growth|strategic|pre-IPO)\s+(?:round|funding|financing))",
    re.IGNORECASE,
)
_FUNDING_WORD = re.compile(
    r"\b(?:invest(?:ment|ments|ed|ing|s)?|fund(?:ing|raising|raise|ed)|rais(?:e|ed|es|ing)|"
    r"secur(?:e|ed|es|ing)|clos(?:e|ed|es|ing)\s+(?:a|an|its|the)\b|round|backed|backing|"
    r"led|spearheaded|financing|capital injection)\b",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(
    r"\b(?:the|this|that|its|latest)\s+(?:funding\s+round|round|investment|deal|financing|"
    r"fundraising|raise)\b|^\s*(?:Led|Co-led)\s+by\b",
    re.IGNORECASE,
)
_MONTHS = {
    month: number
    for number, month in enumerate(
        "january february march april may june july august september october november december".split(),  # noqa: E501, SIM905
        start=1,
    )
}
_DATE = re.compile(
    r"\b(?:in|on)\s+(?P<month>" + "|".join(_MONTHS) + r")(?:\s+(?P<day>\d{1,2}))?,?\s+"
    r"(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)

# Investor lists: a cue followed by company names ("led by X and Y") ...
_FORWARD_LEAD = re.compile(r"\b(?:co-)?(?:led|spearheaded|headed)\s+by\b", re.IGNORECASE)
_FORWARD_PARTICIPANT = re.compile(
    r"\b(?:participation\s+(?:from|of|by)|backed\s+by|backing\s+from|support\s+from|"
    r"investors?\s+(?:including|such\s+as|like)|including|alongside|along\s+with|"
    r"together\s+with|joined\s+by|from|with)\b",
    re.IGNORECASE,
)
# "from" and "with" name investors only right after the money or the round ("$50 million, with
# X and Y"; "600 million yuan from X"), not in "compete with OpenAI".
_LOOSE_CUES = {"from", "with"}
_MONEY_OR_ROUND_BEFORE = re.compile(
    r"(?:round|funding|financing|investment|million|billion|thousand|bn|mn|yuan|euros?|dollars|"
    r"yen|\d)\W*(?:[a-z]+\W+){0,2}$",
    re.IGNORECASE,
)
# ... or company names followed by a verb ("X and Y led", "X, alongside Y, participated").
_BACKWARD_LEAD = re.compile(r"\b(?:co-)?(?:led|spearheaded|headed)\b(?!\s+by)", re.IGNORECASE)
_BACKWARD_PARTICIPANT = re.compile(
    r"\b(?:participated|invested|joined|chipped\s+in)\b(?!\s+by)", re.IGNORECASE
)
# Who received the money: "investment in X" ...
_FORWARD_TARGET = re.compile(
    r"\b(?:investment|investments|invested|investing|stake|funding|round|financing|bet|backing)"
    r"\s+(?:in|into|for|on|of)\b",
    re.IGNORECASE,
)
# ... or "X raised/secured/closed".
_BACKWARD_TARGET = re.compile(
    r"\b(?:rais(?:ed|es|ing)|secur(?:ed|es|ing)|clos(?:ed|es|ing)|land(?:ed|s)|receiv(?:ed|es)|"
    r"complet(?:ed|es)|bagged|nabbed|announced|pulled\s+in|picked\s+up)\b",
    re.IGNORECASE,
)

_LEAD_GAP = re.compile(r"^\s*(?:(?:[a-z][\w-]*|\d[\w-]*)\s+){0,4}$")  # "venture firm "
_LIST_GAP = re.compile(
    r"^\s*(?:,|,?\s*and|,?\s*as\s+well\s+as|&|,?\s*plus|,?\s*alongside|,?\s*along\s+with|"
    r",?\s*together\s+with|,?\s*with)\s+"
    r"(?:(?:the|its|fellow|investors?|firms?|funds?|venture|existing|backers?)\s+){0,2}$"
)
_VERB_GAP = re.compile(
    r"^[\s,]*(?:(?:has|have|had|also|jointly|recently|reportedly|just|both|all|now|"
    r"today|finally|successfully)\s+)*$"
)
_TARGET_GAP = 80  # characters between a receiver's name and "raised", skipping investors


@dataclass
class RoundFound:
    company: object  # a Match key
    amount: Decimal | None
    currency: str
    amount_usd: Decimal | None
    amount_is_minimum: bool
    round_name: str
    leads: list = field(default_factory=list)
    participants: list = field(default_factory=list)
    announced_on: date | None = None
    sentence: str = ""

    def add_investors(self, *, leads: Sequence = (), participants: Sequence = ()) -> None:
        for key in leads:
            if key != self.company and key not in self.leads:
                self.leads.append(key)
                if key in self.participants:
                    self.participants.remove(key)
        for key in participants:
            if key != self.company and key not in self.leads and key not in self.participants:
                self.participants.append(key)


def _round_name(sentence: str) -> str:
    m = _ROUND_NAME.search(sentence)
    if not m:
        return ""
    if m.group("series"):
        name = re.sub(r"\s+", " ", m.group("series"))
        name = re.sub(r"\s*-?\s*extension$", " extension", name, flags=re.IGNORECASE)
        name = re.sub(r"\s+plus$", "+", name, flags=re.IGNORECASE)
        name = re.sub(r"(?i)series", "Series", name)
        return name[0].upper() + name[1:]
    word = (m.group("early") or m.group("other")).lower()
    return {"pre-ipo": "Pre-IPO"}.get(word, word.capitalize())


def _date(sentence: str) -> date | None:
    m = _DATE.search(sentence)
    if not m:
        return None
    try:
        return date(
            int(m.group("year")), _MONTHS[m.group("month").lower()], int(m.group("day") or 1)
        )
    except ValueError:
        return None


def _forward_list(sentence: str, end: int, matches: Sequence[Match]) -> list[Match]:
    """Company names listed right after position ``end``."""
    found: list[Match] = []
    position = end
    for m in matches:
        if m.start < position:
            continue
        gap = sentence[position : m.start]
        if not (_LIST_GAP if found else _LEAD_GAP).match(gap):
            break
        found.append(m)
        position = m.end
    return found


def _backward_list(sentence: str, start: int, matches: Sequence[Match]) -> list[Match]:
    """Company names listed right before position ``start`` (the subject of a verb)."""
    found: list[Match] = []
    position = start
    for m in reversed(matches):
        if m.end > position:
            continue
        gap = sentence[m.end : position]
        ok = (
            (_LIST_GAP.match(gap) or re.match(r"^\s*,\s*$", gap)) if found else _VERB_GAP.match(gap)
        )
        if not ok:
            break
        found.append(m)
        position = m.start
    found.reverse()
    return found


def _investors(sentence: str, matches: Sequence[Match]) -> tuple[list, list]:
    leads: list = []
    participants: list = []
    for cue in _FORWARD_LEAD.finditer(sentence):
        leads += [m.key for m in _forward_list(sentence, cue.end(), matches)]
    for cue in _BACKWARD_LEAD.finditer(sentence):
        leads += [m.key for m in _backward_list(sentence, cue.start(), matches)]
    for cue in _FORWARD_PARTICIPANT.finditer(sentence):
        if cue.group().lower() in _LOOSE_CUES and not _MONEY_OR_ROUND_BEFORE.search(
            sentence[max(0, cue.start() - 40) : cue.start()]
        ):
            continue
        participants += [m.key for m in _forward_list(sentence, cue.end(), matches)]
    for cue in _BACKWARD_PARTICIPANT.finditer(sentence):
        participants += [m.key for m in _backward_list(sentence, cue.start(), matches)]
    return leads, participants


def _target(sentence: str, matches: Sequence[Match], investors: set, kinds: Mapping) -> object:
    """The company that received the money, or None if the sentence does not say."""
    for cue in _FORWARD_TARGET.finditer(sentence):
        for m in _forward_list(sentence, cue.end(), matches)[:1]:
            if m.key not in investors:
                return m.key
    for cue in _BACKWARD_TARGET.finditer(sentence):
        before = [m for m in matches if m.end <= cue.start() and m.key not in investors]
        if before and cue.start() - before[-1].end <= _TARGET_GAP:
            return before[-1].key
    for m in matches:  # "ShengShu's earlier Series A funding"
        if m.key not in investors and re.match(
            r"['’]s\s+(?:\w+\s+){0,3}(?:Series|seed|funding|round|financing|fundrais)",
            sentence[m.end :],
            re.IGNORECASE,
        ):
            return m.key
    # Last resort: the one startup named before the money ("Acme's $5m round").
    money_at = min((mo.start for mo in _find_money(sentence)), default=len(sentence))
    startups = {
        m.key
        for m in matches
        if m.key not in investors and kinds.get(m.key) == "startup" and m.end <= money_at
    }
    return startups.pop() if len(startups) == 1 else None


def find_rounds(
    text: str, matches: Sequence[Match], kinds: Mapping | None = None
) -> list[RoundFound]:
    """Funding rounds stated in ``text``. ``matches`` are the registry matches in the text
    (``Matcher.find``); ``kinds`` maps a match key to the company's kind, used as a last resort
    to tell the receiver from the investors."""
    kinds = kinds or {}
    rounds: list[RoundFound] = []
    last: RoundFound | None = None
    since_last = 0
    for start, end in split_sentences(text):
        sentence = text[start:end]
        local = [
            Match(m.key, m.surface, m.text, m.start - start, m.end - start)
            for m in matches
            if start <= m.start and m.end <= end
        ]
        since_last += 1
        money = [mo for mo in _find_money(sentence) if not _NOT_RAISED.search(sentence[: mo.start])]
        # The investor lists are only read where a round is stated or continued below.
        if money and _FUNDING_WORD.search(sentence):
            leads, participants = _investors(sentence, local)
            target = _target(sentence, local, set(leads) | set(participants), kinds)
            if target is None:
                continue
            main = money[0]
            usd = main.amount if main.currency == "USD" else None
            for other in money[1:]:
                between = sentence[main.end : other.start]
                if other.currency == "USD" and re.fullmatch(
                    r"\s*\(\s*(?:about|around|roughly|approximately|some|or|~)?\s*", between
                ):
                    usd = other.amount
            found = RoundFound(
                company=target,
                amount=main.amount,
                currency=main.currency,
                amount_usd=usd,
                amount_is_minimum=main.minimum,
                round_name=_round_name(sentence),
                announced_on=_date(sentence),
                sentence=sentence,
            )
            found.add_investors(leads=leads, participants=participants)
            rounds.append(found)
            last, since_last = found, 0
        elif last is not None and since_last <= 3 and _ANAPHOR.search(sentence):
            # "The funding round, which also saw participation from X and Y, ..."
            leads, participants = _investors(sentence, local)
            last.add_investors(leads=leads, participants=participants)
    return rounds


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
            if not any(ch.isupper() for ch in name) or name.isupper() and len(name) <= 3:
                continue  # "AI", "LLM"
            seen.setdefault(name, Candidate(name=name, cue=cue, sentence=sentence.strip()))
    return list(seen.values())
