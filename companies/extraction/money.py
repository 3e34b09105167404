"""Amounts of money in a sentence, with their currency and multiplier. Pure: standard library
only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

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
