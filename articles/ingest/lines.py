"""What one line of partner text is: boilerplate, a notice, a photo credit or caption, and
the debris scrapers leave in it. Pure: standard library only."""

import re

from articles.ingest.decoding import _SPACE_RUN

_EMPTY_BRACKETS = re.compile(r"\( *\)|\[ *\]")
# Only when the punctuation ends a word, so ".NET" or "$ .5" keep their space.
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.;:!?%)\]])(?=[\s,.;:!?)\]\"'”’]|$)")
_SPACE_BEFORE_CJK_PUNCT = re.compile(r" +([，。；：！？、）」』])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[]) +")
_CLOSERS = {")": "(", "]": "["}
_BRACKET = re.compile(r"[()\[\]]")


def clean_debris(line: str) -> str:
    """Tidy scraper debris in one normalised line: doubled or stray brackets, empty brackets
    and spaces before punctuation."""
    line = _EMPTY_BRACKETS.sub("", _SPACE_RUN.sub(" ", line))
    line = _drop_stray_brackets(line)
    line = _SPACE_BEFORE_PUNCT.sub(r"\1", line)
    line = _SPACE_BEFORE_CJK_PUNCT.sub(r"\1", line)
    line = _SPACE_AFTER_OPEN.sub(r"\1", line)
    return _SPACE_RUN.sub(" ", line).strip(" ")


def _drop_stray_brackets(line: str) -> str:
    """Drop unbalanced closers that are doubled or at either end, and openers never closed at
    either end; a lone ")" mid-line ("1) first") is left alone."""
    body = line.strip(" ")
    if not _BRACKET.search(body):
        return body  # most lines have none: skip the per-character walk
    kept: list[str] = []
    open_at: dict[str, list[int]] = {"(": [], "[": []}
    last = len(body) - 1
    for index, ch in enumerate(body):
        if ch in open_at:
            open_at[ch].append(len(kept))
        elif ch in _CLOSERS:
            stack = open_at[_CLOSERS[ch]]
            if stack:
                stack.pop()
            elif index in (0, last) or (kept and kept[-1] == ch):
                continue
        kept.append(ch)
    edges = {0, len(kept) - 1}
    unclosed = {pos for stack in open_at.values() for pos in stack if pos in edges}
    return "".join(ch for pos, ch in enumerate(kept) if pos not in unclosed)


# --------------------------------------------------------------------------- line kinds

_BOILERPLATE_PREFIXES = (
    "read also:",
    "read more:",
    "related article:",
    "related articles:",
    "also read:",
    "stay posted here at",
    "join the discussion",
)
_TAGS_PREFIX = "tags:"
_NOTICE_PHRASES = (
    "all rights reserved",
    "do not reproduce",
    "if you wish to reprint",
    "please indicate the source",
    "original article, author:",
    "creative commons",
    "republished from",
    "原创文章",
    "如若转载",
    "请注明出处",
    "未经授权禁止转载",
    "版权所有",
    "未经许可不得转载",
    "转载请注明",
)
_NOTICE_STARTS = ("©", "ⓒ", "Ⓒ", "(c)", "copyright")
_PHOTO_SUFFIX_STARTS = (
    "photo by",
    "photo:",
    "photo credit",
    "photograph by",
    "image by",
    "image:",
    "credit:",
)


def _key(line: str) -> str:
    """A lower-case form for prefix tests that ignores spaces before colons ("Tags :")."""
    return line.lower().replace(" :", ":")


def _boilerplate_kind(line: str) -> str:
    """ "tags", "boilerplate" or "" for one normalised line."""
    key = _key(line)
    if key.startswith(_TAGS_PREFIX):
        return "tags"
    return "boilerplate" if key.startswith(_BOILERPLATE_PREFIXES) else ""


def _is_notice_like(line: str) -> bool:
    """True if the line reads like a copyright or reprint notice, wherever it stands."""
    key = _key(line)
    return key.startswith(_NOTICE_STARTS) or any(phrase in key for phrase in _NOTICE_PHRASES)


def _photo_line(line: str) -> str | None:
    """The inside of a line that is entirely "(Photo : …)" (closers possibly doubled)."""
    if not _key(line).startswith("(photo:") or not line.endswith(")"):
        return None
    inner = line[line.index(":") + 1 :].rstrip(")").strip()
    return inner or None


def _writer_name(inner: str) -> str:
    """The name in "Tech Times Writer John Lopez", or "" if it is not a writer line."""
    lowered = inner.lower()
    at = lowered.find("writer ")
    if at == -1 or (at > 0 and lowered[at - 1] != " "):
        return ""
    return inner[at + len("writer ") :].strip()


def _photo_suffix(line: str) -> tuple[str, str] | None:
    """(text before, credit) if the line ends with a "(Photo by …)"-style parenthesis."""
    stripped = line.rstrip(" )")
    if len(stripped) == len(line):
        return None
    depth = 0
    for index in range(len(stripped) - 1, -1, -1):
        ch = stripped[index]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                inner = stripped[index + 1 :].strip()
                if not _key(inner).startswith(_PHOTO_SUFFIX_STARTS):
                    return None
                return stripped[:index].strip(), _credit_text(inner)
            depth -= 1
    return None


def _credit_text(inner: str) -> str:
    """ "Photo : Reuters" → "Reuters"; "Photo by X" stays as it is."""
    if _key(inner).startswith("photo:"):
        return inner[inner.index(":") + 1 :].strip()
    return inner


def _is_dateline_caption(line: str) -> bool:
    """True for captions that open like "SHANGHAI, CHINA - JUNE 18:"."""
    colon = line.find(":", 0, 80)
    head = line[:colon] if colon > 0 else ""
    letters = [ch for ch in head if ch.isalpha()]
    has_date = " - " in head or any(ch.isdigit() for ch in head)
    return len(letters) >= 3 and head == head.upper() and has_date


# --------------------------------------------------------------------------- parsing

_FINAL_PUNCTUATION = tuple('.!?:;,…"”。！？：；，')
