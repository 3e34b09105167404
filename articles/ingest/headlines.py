"""Sentences, provisional headlines and standfirsts cut from a lede at a clause boundary.
Pure: standard library only."""

from articles.ingest.parsed import _CLAUSE_CUT_MIN_CHARS, DEK_MAX_CHARS, HEADLINE_MAX_CHARS

# --------------------------------------------------------------------------- headline and dek

# Words before which no sentence ends, although a full stop follows them.
# A split string keeps these word lists readable (one per line would be 80 lines).
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr inc ltd co corp vs etc e.g i.e no gov sen rep gen col lt "  # noqa: SIM905
    "sgt capt mt jan feb mar apr jun jul aug sep sept oct nov dec approx dept est fig".split()
)
_CLOSING_MARKS = "\"'”’)]」』）"
_CJK_SENTENCE_ENDS = "。！？"
# Where a headline may end when the first sentence is too long, best first: at a clause's
# punctuation, before a conjunction or subordinate clause, before a prepositional phrase. A
# word cut is the last resort; it is what leaves "…secured a substantial $14 million".
_CUTS = (
    (", ", "，", "; ", "；", " — ", " – ", " -- ", ": ", "：", " ("),
    tuple(
        f" {word} "
        for word in (  # noqa: SIM905
            "and but while as after before because since which who whose that when where "
            "amid despite following including according saying adding to in a bid to "
            "even though although if unless until"
        ).split()
    ),
    tuple(
        f" {word} "
        for word in (  # noqa: SIM905
            "in on at for with by from into over under against across through via near during "
            "around toward towards within between among beyond"
        ).split()
    ),
)
# A weaker boundary far along beats a better one that leaves a stub ("Officials approved a
# plan"); failing that, any boundary that leaves a few words.
_CUT_MIN_CHARS = (_CLAUSE_CUT_MIN_CHARS, 55, 40)
_LAST_RESORT_MIN_CHARS = 30
_DANGLING_WORDS = frozenset(
    "a an the of to in on for and or but with at by from as into its their his her our "  # noqa: SIM905
    "is are was were be has have had that which who".split()
)
_TRAILING_JUNK = " ,;:.!?…—–-·、，；：。！？"
_PAIRS = (("(", ")"), ("[", "]"), ("“", "”"), ("‘", "’"), ('"', '"'))


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph, skipping full stops after common abbreviations."""
    index = 0
    while index < len(text):
        ch = text[index]
        if ch in _CJK_SENTENCE_ENDS:
            return text[: _after_closing_marks(text, index + 1)].strip()
        if ch in ".!?…":
            end = _after_closing_marks(text, index + 1)
            if end >= len(text):
                return text.strip()
            ends_here = text[end] == " " and _starts_sentence(text, end + 1)
            if ends_here and not _abbreviated(text, index):
                return text[:end].strip()
        index += 1
    return text.strip()


def _after_closing_marks(text: str, index: int) -> int:
    """The index just past any closing quotes or brackets starting at ``index``."""
    while index < len(text) and text[index] in _CLOSING_MARKS:
        index += 1
    return index


def _starts_sentence(text: str, index: int) -> bool:
    """True if a new sentence can start at ``index`` (capital, digit, quote or bracket)."""
    if index >= len(text):
        return True
    ch = text[index]
    return ch.isupper() or ch.isdigit() or ch in "\"'“‘(["


def _abbreviated(text: str, dot: int) -> bool:
    """True if the full stop at ``dot`` closes an abbreviation or an initial ("U.S.", "J.")."""
    if text[dot] != ".":
        return False
    word = text[text.rfind(" ", 0, dot) + 1 : dot].lstrip("\"'“‘([")
    if word.endswith("."):
        return False  # the last dot of an ellipsis ("grew... Then")
    if "." in word or word.lower() in _ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isupper()


def provisional_headline(lede: str) -> str:
    """A headline written from the lede's first sentence, cut at a clause or word boundary to at
    most HEADLINE_MAX_CHARS characters."""
    sentence = _without_via(first_sentence(lede))
    headline = _tidy_end(sentence)
    if len(headline) > HEADLINE_MAX_CHARS:
        headline = _tidy_end(_clause_cut(headline) or _word_cut(headline, HEADLINE_MAX_CHARS))
        headline = _drop_dangling(headline)
    headline = _balance(headline)
    # Only a lede of bare punctuation leaves nothing; its own start is better than no headline.
    return headline or lede[:HEADLINE_MAX_CHARS].strip()


def _without_via(sentence: str) -> str:
    """The sentence without its "(via X)" source credits, which do not belong in a headline."""
    lowered = sentence.lower()
    start = lowered.find("(via ")
    while start != -1:
        end = lowered.find(")", start)
        if end == -1:
            break
        sentence = sentence[:start].rstrip(" ") + sentence[end + 1 :]
        lowered = sentence.lower()
        start = lowered.find("(via ", start)
    return sentence


def _clause_cut(text: str) -> str:
    """The text up to the best boundary that fits (see ``_CUTS``), or "" if every one would
    leave a fragment."""
    for minimums in (_CUT_MIN_CHARS, (_LAST_RESORT_MIN_CHARS,) * len(_CUTS)):
        for marks, minimum in zip(_CUTS, minimums, strict=True):
            best = max(text.rfind(mark, 0, HEADLINE_MAX_CHARS + 1) for mark in marks)
            if best >= minimum:
                return text[:best]
    return ""


def _drop_dangling(text: str) -> str:
    """Without small words left hanging at the end ("… and the")."""
    words = text.split(" ")
    while len(words) > 1 and words[-1].lower().strip(_TRAILING_JUNK) in _DANGLING_WORDS:
        words.pop()
    return _tidy_end(" ".join(words))


def _word_cut(text: str, limit: int) -> str:
    """The text cut at the last space within ``limit``, without dangling small words."""
    space = text.rfind(" ", 0, limit + 1)
    if space <= 0:
        return text[:limit]  # Chinese or one huge token: nothing better than a hard cut
    words = text[:space].split(" ")
    while len(words) > 1 and words[-1].lower().strip(_TRAILING_JUNK) in _DANGLING_WORDS:
        words.pop()
    return " ".join(words)


def _tidy_end(text: str) -> str:
    """Strip trailing punctuation, ellipses and dashes, also just inside a closing quote."""
    text = text.strip().rstrip(_TRAILING_JUNK)
    if len(text) >= 2 and text[-1] in "\"'”’" and text[-2] in ".,;:!?…":
        text = text[:-2].rstrip(_TRAILING_JUNK) + text[-1]
    return text


def _balance(text: str) -> str:
    """Cut before a bracket or quote left open by a cut, or drop it if little would remain."""
    for opener, closer in _PAIRS:
        unbalanced = text.count(opener) > text.count(closer)
        if opener == closer:
            unbalanced = text.count(opener) % 2 == 1
        if unbalanced:
            at = text.rfind(opener)
            head = _tidy_end(text[:at])
            text = head if len(head) >= 20 else text[:at] + text[at + 1 :]
    return _tidy_end(text)


def _dek(lede: str) -> str:
    """The lede's first sentence, cut at a word boundary with an ellipsis if overlong."""
    sentence = first_sentence(lede)
    if len(sentence) <= DEK_MAX_CHARS:
        return sentence
    return _tidy_end(_word_cut(sentence, DEK_MAX_CHARS - 1)) + "…"
