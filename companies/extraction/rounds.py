"""Funding rounds read from text: the amount, who got it, who led and who took part, the
round's name and date. Pure: it takes the company matcher's matches and imports no Django."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from companies.extraction.money import _NOT_RAISED, _find_money
from companies.extraction.sentences import split_sentences
from companies.matching import Match

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
