"""The words around a name that say it is a company: "startup X", "X, the Munich-based chip
designer", "rivals such as X and Y", "X raised $…", "investors X and Y". Pure: standard library
only. Each function reads the text next to one name and returns the cue it found, or ""."""

from __future__ import annotations

import re

from companies.extraction.names import L

# --------------------------------------------------------------------------- suffixes

# A name ending in one of these is a company on its own ("Northwind Capital", "Acme Inc.").
SUFFIX_CUES = frozenset(
    """Ventures Capital Holdings Technology Technologies Partners Cloud AI Lab Labs Robotics
    Semiconductor Semiconductors Systems Dynamics Electronics Motors Therapeutics
    Pharmaceuticals Biosciences Industries Networks
    Inc Corp Corporation Co Ltd LLC GmbH AG PLC plc Limited S.A N.V AS ASA AB Oy SpA BV NV
    SAS SE KK Pte Bhd""".split()  # noqa: SIM905
)
# A registered company's legal form: a cue, but not part of the name an editor files it under
# ("Maple Quantum Inc." is suggested as "Maple Quantum").
LEGAL_SUFFIXES = frozenset(
    """Inc Corp Corporation Co Ltd LLC GmbH AG PLC plc Limited S.A N.V AS ASA AB Oy SpA BV NV
    SAS SE KK Pte Bhd""".split()  # noqa: SIM905
)
TOO_GENERIC = frozenset({"AI"})  # "Ernie AI" is Baidu's product written loosely, not a fund

# --------------------------------------------------------------------------- before a name

# Right before the name: "startup AIsphere", "chipmaker Nvidia", "led by Tencent",
# "Nvidia-backed Cohere". Read on the 60 characters before the name.
_BEFORE = re.compile(
    r"(?i:\b(?P<cue>start-?up|unicorn|company|firm|(?:chip|car|auto|drug|model|phone|robot)?"
    r"maker|lab|laboratory|conglomerate|subsidiary|spin-?off|(?<!angel )(?<!individual )"
    r"investor|venture\s+arm|(?:co-)?led\s+by|backed\s+by|funded\s+by|financed\s+by|"
    r"acquired\s+by|investments?\s+in|invested\s+in|investing\s+in|stakes?\s+in|"
    r"participation\s+(?:from|of|by)|backing\s+from|funding\s+from|investment\s+from|"
    r"[a-z0-9]+-backed|[a-z0-9]+-funded|[a-z0-9]+-owned))"
    r",?\s+$"
)

# --------------------------------------------------------------------------- lists

# A cue followed by a list of names: every name in it is a company.
# Searched in the lower-cased sentence (``list_cues``): a case-insensitive alternation is slow.
_LIST_CUE = re.compile(
    r"\b(?=[a-z])(?:(?P<head>rivals|competitors|peers|companies|firms|startups|start-ups|"
    r"players|giants|makers|labs|investors|backers|shareholders|customers|clients|automakers|"
    r"carmakers|chipmakers|suppliers|vendors|manufacturers|lenders|banks|funds)\s*,?\s+(?:such\s+as|including|like|"
    r"among\s+them|include|includes|included)"
    r"|(?P<bare>investors|backers|shareholders)"
    r"|(?P<verb>(?:co-)?led\s+by|backed\s+by|funded\s+by|financed\s+by|"
    r"participation\s+(?:from|of|by)|backing\s+from|investment\s+from|funding\s+from|"
    r"investments?\s+in|invested\s+in|investing\s+in|stakes?\s+in))\s+"
)
_CAPITAL_OR_DIGIT = re.compile(r"[A-Z0-9]")


def list_cues(sentence: str, lowered: str):
    """``(label, end)`` of each cue in ``sentence`` that a list of company names follows;
    ``lowered`` is the sentence in lower case, of the same length."""
    for m in _LIST_CUE.finditer(lowered):
        if m.group("bare") and not _CAPITAL_OR_DIGIT.match(sentence, m.end()):
            continue  # "investors Kestrel Partners and …", not "investors in China"
        label = m.group(0) if m.group("head") else (m.group("bare") or m.group("verb"))
        yield " ".join(label.split()), m.end()


# Between the cue and the first name: "led by existing investor X", "backed by the fund X".
FIRST_GAP = re.compile(
    r"^(?:(?:the|its|their|existing|new|fellow|other|venture|investment|firm|firms|fund|funds|"
    r"investors?|backers?|partners?|capital)\s+){0,3}$"
)
# Between two names of a list.
LIST_GAP = re.compile(
    r"^(?:,|,?\s+(?:and|or|&|as\s+well\s+as|plus|along\s+with|alongside))\s+"
    r"(?:(?:the|its|fellow|existing)\s+)?$"
)


# --------------------------------------------------------------------------- after a name

_ORG_HEAD = (
    r"start-?up|unicorn|company|firm|conglomerate|corporation|giant|group|lab|laboratory|"
    r"[a-z]*maker|manufacturer|supplier|provider|operator|vendor|retailer|lender|bank|"
    r"insurer|fund|subsidiary|unit|spin-?off|incubator|accelerator|studio|brokerage|"
    r"carrier|airline|publisher|broadcaster|investor|developer|designer|producer|builder"
)
# Heads that also name people ("a fashion designer", "an angel investor", "a policy maker"): a
# company only with an industry word right before them ("chip designer", "model maker").
_AMBIGUOUS_HEADS = frozenset({"investor", "developer", "designer", "producer", "builder", "maker"})
_INDUSTRY = frozenset(
    """chip chips software game games drone drones robot robotics battery batteries
    semiconductor app model models ai ev car vehicle satellite rocket drug vaccine solar
    processor sensor sensors hardware cloud data video venture sovereign equity
    institutional strategic corporate tech technology smartphone phone""".split()  # noqa: SIM905
)
# Words that never sit inside an apposition's noun phrase, or open a clause right after it.
_CLAUSE_VERBS = frozenset(
    """said says told added announced reported declined did does do has have had is was were
    are will would can could may might should expects expected plans planned agreed
    confirmed wrote noted according itself""".split()  # noqa: SIM905
)
_CLAUSE_WORDS = _CLAUSE_VERBS | frozenset(
    "that which who whose where when while and or but if as than".split()  # noqa: SIM905
)
_POSSESSOR_NOUNS = frozenset(
    "company firm startup start-up group bank fund lab unit maker giant its their".split()  # noqa: SIM905
)
_MAKER_PREFIXES = frozenset(
    "chip car auto drug phone model robot battery game toy truck plane aircraft".split()  # noqa: SIM905
)
_PERSON_NOUNS = frozenset(
    """founder co-founder cofounder executive chief ceo employee employees engineer veteran
    alum alumnus insider analyst owner boss spokesperson spokesman spokeswoman investor
    partner director manager worker staffer adviser advisor consultant""".split()  # noqa: SIM905
)
_APPOSITIVE = re.compile(
    r"^,\s+(?i:a|an|the|another|one)\s+(?P<mods>(?:[\w’'&.-]+\s+){0,4}?)"
    rf"(?P<head>(?i:{_ORG_HEAD}))(?P<after>\b[’']?\S*(?:\s+\S+)?)"
)
# "Corvane Systems, Inc. (NASDAQ: CRVN)": a legal form after a comma, or a stock ticker.
_EXCHANGES = (
    "NASDAQ|Nasdaq|NYSE|TSE|TSX|TSXV|LSE|HKEX|SEHK|SSE|SZSE|ASX|SGX|KRX|KOSDAQ|"
    "Euronext|SIX|OTC|OTCQX|OTCQB|BSE|NSE|TWSE|FWB|XETRA"
)
_LEGAL_OR_TICKER = re.compile(
    r"^(?:,\s*(?:Inc|Ltd|LLC|Corp|Co|PLC|GmbH|AG|Limited)\b"
    rf"|\s*\((?:{_EXCHANGES})\s*:)"
)
_FOUNDED = re.compile(r"^,\s+(?:which\s+was\s+)?founded\s+(?:in\s+(?:\w+\s+)?\d{4}|by\b)")

MONEY_OR_ROUND = re.compile(
    r"[$€£¥]\s?\d|\b(?:US\$|HK\$|RMB|USD|EUR)\s?\d|"
    r"\b\d[\d.,]*\s*(?:million|billion|bn|mn|m|yuan|euros?|dollars|pounds|yen)\b|"
    r"\bSeries\s+[A-H]\b|\b(?i:seed|funding|financing|fundrais(?:ing|e)|round)\b"
)
_MONEY_HINTS = (
    "$",
    "€",
    "£",
    "¥",
    "rmb",
    "usd",
    "eur",
    "million",
    "billion",
    "bn",
    "mn",
    "yuan",
    "euro",
    "dollar",
    "pound",
    "yen",
    "series",
    "seed",
    "fund",
    "financ",
    "round",
)


def states_money(sentence: str) -> bool:
    """Whether ``sentence`` states an amount or a funding round (substring tests first: the
    regex is slow to fail on long sentences)."""
    lowered = sentence.lower()
    return any(hint in lowered for hint in _MONEY_HINTS) and bool(MONEY_OR_ROUND.search(sentence))


_RAISED = re.compile(
    r"^(?:,\s+[^,]{1,60},)?\s+(?:(?:has|have|had|also|recently|reportedly|just|quietly|now|"
    r"today|finally|successfully|previously|already|then)\s+){0,2}"
    r"(?:raised|raises|secured|secures|(?:closed|closes)(?=\s+(?:a|an|its|their|the|on)\s)|"
    r"landed|lands|bagged|nabbed|pulled\s+in|picked\s+up|completed|completes|"
    r"announced|announces)\b(?P<rest>.{0,60})"
    r"|^\s+said\s+(?:on\s+\w+\s+)?(?:that\s+)?it\s+(?:had\s+|has\s+)?(?:raised|secured|"
    r"closed)\b(?P<rest2>.{0,60})"
)
_POSSESSIVE_ROUND = re.compile(
    r"^['’]s\s+(?:(?:latest|new|first|second|third|recent|earlier|previous|fresh|\S*\d\S*|"
    r"million|billion|bn|mn|yuan|dollars?)\s+){0,4}(?i:pre-seed|seed|Series\s+[A-H]|funding|"
    r"financing|fundraising|fundraise)\b"
)
# "X led the round", "X and Y participated": the names before the verb are investors. Used
# with ``match(text, pos)``, so it has no "^".
BACKWARD = re.compile(
    r"\s+(?:(?:also|jointly|both)\s+)?(?:(?:co-led|led|spearheaded)\s+(?:the|a|an|its|this)\s+"
    r"(?:\S+\s+){0,4}?(?:round|funding|financing|investment|raise)\b|participated\b|"
    r"invested\b)"
)


_WORD_BEFORE = re.compile(r"(\S+)\s+$")


_BEFORE_LAST_WORDS = frozenset(
    """startup start-up unicorn company firm lab laboratory conglomerate subsidiary spinoff
    spin-off investor arm by in from of""".split()  # noqa: SIM905
)


def cue_before(window: str, opens_sentence: bool) -> str:
    """The cue right before a name; ``window`` is the text before it, ``opens_sentence`` says
    whether the window starts at the beginning of the sentence."""
    last = window.rstrip().rstrip(",").rsplit(None, 1)[-1:]
    if not last:
        return ""
    word = last[0].lower()
    if not (word in _BEFORE_LAST_WORDS or word.endswith(("maker", "-backed", "-funded", "-owned"))):
        return ""  # the regex below is the slow part: most names follow no cue
    m = _BEFORE.search(window)
    if not m:
        return ""
    cue = " ".join(m.group("cue").lower().split())
    if cue == "maker":  # "Kimi maker Moonshot AI", "chip maker X"; not "policy maker X"
        word = _WORD_BEFORE.search(window, 0, m.start("cue"))
        product = word and (
            word.group(1).lower() in _INDUSTRY
            or (
                word.group(1)[:1].isupper()
                and not (opens_sentence and word.start() == 0 and word.group(1)[1:].islower())
            )
        )
        if not product:
            return ""
    if cue.endswith(("-backed", "-funded", "-owned")):
        return "-" + cue.rsplit("-", 1)[1]
    return cue


def cue_after(after: str, possessive: bool) -> str:
    """The cue in the text right after a name (``after`` starts just after it; with
    ``possessive`` it starts at the "'s")."""
    if possessive:
        return "funding" if _POSSESSIVE_ROUND.match(after) else ""
    if _LEGAL_OR_TICKER.match(after):
        return "listed" if "(" in after[:3] else after.lstrip(", ").split(".")[0].split()[0]
    if after.startswith(","):
        m = _APPOSITIVE.match(after)
        if m and _is_organisation(m):
            return m.group("head").lower()
        if _FOUNDED.match(after):
            return "founded"
    m = _RAISED.match(after)
    if m and MONEY_OR_ROUND.search(m.group("rest") or m.group("rest2") or ""):
        return "raised"
    return ""


def _is_organisation(m: re.Match) -> bool:
    mods = [w.lower() for w in m.group("mods").split()]
    if any(w in _CLAUSE_WORDS for w in mods):
        return False  # "the CV-40, an inference chip that the company says ..."
    if any(re.sub(r"['’]s?$", "", w) in _POSSESSOR_NOUNS for w in mods if w[-1:] in "s'’"):
        return False  # "X, the company's founder"; not "X, the world's biggest chipmaker"
    following = m.group("after").lower()
    if following.startswith(("'", "’")):
        return False
    next_word = following.split()[0].strip(",.;:") if following.split() else ""
    head = m.group("head").lower()
    if next_word in _CLAUSE_VERBS:
        return False  # "in Penang, the company said": a new clause, not an apposition
    if next_word in _PERSON_NOUNS or (next_word == "of" and head in {"group", "giant"}):
        return False  # "X, a startup founder", "X, a giant of the industry"
    if head.endswith("maker") and head != "maker":
        return head[: -len("maker")] in _MAKER_PREFIXES  # "chipmaker", not "lawmaker"
    if head in _AMBIGUOUS_HEADS:
        if next_word in {"at", "for", "with", "who", "and"}:
            return False  # "a chip designer at Arm" is a person
        return bool(mods and mods[-1] in _INDUSTRY) or (head == "maker" and next_word == "of")
    return True


# --------------------------------------------------------------------------- any cue at all


def _trie(words) -> str:
    """An alternation of literal ``words`` as a trie ("Co(?:rp(?:oration)?)?"), which the
    regex engine tries a character at a time instead of a word at a time."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")" if len(branches) > 1 or "" in node else branches[0]
        return body + "?" if "" in node else body

    return emit(tree)


# Most sentences have no cue anywhere, and finding their names costs more than all the cue
# tests: ``may_have_cue`` is a necessary test, looser than every cue above, so a sentence
# it says no to is skipped. Each part stands for the cues it names, searched in the whole
# sentence; anchors, word boundaries and look-behinds are left out, since a cue reads a
# slice of the sentence whose edges they could match where the whole sentence has none.
# A new cue must loosen it too (tests/test_suggestion_cue_check.py).
_ANY_SUFFIX = re.compile(  # a suffix cue ends a name of two words or more
    rf" (?=[A-Zp])(?:{_trie(SUFFIX_CUES)})(?![{L}])"  # p: "plc"
)
_ANY_BEFORE = re.compile(  # _BEFORE, in the lower-cased sentence; a name follows (below)
    r"(?:start-?up|unicorn|company|firm|maker|lab|laboratory|conglomerate|subsidiary|"
    r"spin-?off|investor|venture\s+arm|led\s+by|backed\s+by|funded\s+by|financed\s+by|"
    r"acquired\s+by|investments?\s+in|invested\s+in|investing\s+in|stakes?\s+in|"
    r"participation\s+(?:from|of|by)|backing\s+from|funding\s+from|investment\s+from|"
    r"-backed|-funded|-owned),?\s+"
)
_NAME_START = re.compile(r"[A-Z0-9]|[a-z]{1,2}[A-Z]")  # where a name the run finds begins
_ANY_AFTER = re.compile(
    r",\s+(?i:a|an|the|another|one)\s"  # _APPOSITIVE
    r"|,\s+(?:which\s+was\s+)?founded\s"  # _FOUNDED
    r"|,\s*(?:Inc|Ltd|LLC|Corp|Co|PLC|GmbH|AG|Limited)"  # _LEGAL_OR_TICKER
    rf"|\((?:{_EXCHANGES})\s*:"
)
_ANY_VERB = re.compile(  # _RAISED and BACKWARD: a verb after the name
    r"\s(?:{}|pulled\s+in|picked\s+up)".format(
        _trie(
            """raised raises secured secures closed closes landed lands bagged nabbed completed
            completes announced announces co-led led spearheaded participated invested""".split()  # noqa: SIM905
        )
    )
)
_ROUND_WORDS = ("seed", "series", "fund", "financ")  # _POSSESSIVE_ROUND, lower-cased
# Substrings of every cue _ANY_BEFORE finds: most sentences have none, and the regex is slow.
_BEFORE_STEMS = """start unicorn compan firm maker lab conglomerate subsidiary spin invest venture
    led backed funded financed acquired stake participation backing funding owned""".split()  # noqa: SIM905
# The words _LIST_CUE begins with; each is a whole run of letters where it matches ("co-led"
# gives "co" and "led", "start-ups" "start" and "ups").
_LIST_WORDS = frozenset(
    """rivals competitors peers companies firms startups start players giants makers labs
    investors backers shareholders customers clients automakers carmakers chipmakers suppliers
    vendors manufacturers lenders banks funds led backed funded financed participation backing
    investment investments invested investing funding stake stakes""".split()  # noqa: SIM905
)
_LETTERS = re.compile(r"[a-z]+")
# Characters that a case-insensitive pattern takes for an ASCII letter (the long s, the Kelvin
# sign for k, dotted and dotless i): with one of them the lower-cased tests could miss a cue.
_CASELESS_ODD = re.compile("[\u017f\u0130\u0131\u212a]")


def may_have_cue(sentence: str, lowered: str) -> bool:
    """False only if no cue (a suffix, a cue before or after a name, a list, a backward list)
    can mark a name in ``sentence``; ``lowered`` is it in lower case, of the same length.
    Chinese names have cues of their own: the caller tests for them."""
    if (
        _CASELESS_ODD.search(sentence)
        or _ANY_SUFFIX.search(sentence)
        or _ANY_AFTER.search(sentence)
        or _ANY_VERB.search(sentence)
    ):
        return True
    if not _LIST_WORDS.isdisjoint(_LETTERS.findall(lowered)) and _LIST_CUE.search(lowered):
        return True
    if any(stem in lowered for stem in _BEFORE_STEMS):
        for m in _ANY_BEFORE.finditer(lowered):
            if _NAME_START.match(sentence, m.end()):
                return True
    return ("'s" in sentence or "’s" in sentence) and any(w in lowered for w in _ROUND_WORDS)
