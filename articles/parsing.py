"""Turning raw article text scraped from partner websites into a structured article.

Pure logic: standard library only, nothing from Django, so importers, the admin and
the tests can all call it. Every failure is a ParseError whose message is one sentence.
"""

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

MAX_FILE_BYTES = 2 * 1024 * 1024  # documented size limit

HEADLINE_MAX_CHARS = 100
DEK_MAX_CHARS = 300
HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 90
HEADLINE_LINE_MAX_WORDS = 14
HEADLINE_LINE_MAX_CHARS = 200

# A clause cut shorter than this reads as a fragment; a word cut keeps more of the lede.
_CLAUSE_CUT_MIN_CHARS = 60
# Notices usually sit in the last few lines, sometimes followed by a stray body-looking line.
_NOTICE_TAIL_LINES = 3


class ParseError(ValueError):
    """Raised for input that cannot become an article; str(e) is one clear human sentence naming
    the reason."""

    def __init__(self, message: str, *, name: str = "") -> None:
        super().__init__(message)
        # The caller prefixes the name itself; kept only so handlers can find it.
        self.name = name


@dataclass(frozen=True)
class Block:
    kind: str  # "p" (paragraph) or "h2" (section heading)
    text: str


@dataclass(frozen=True)
class ImageCredit:
    caption: str  # the caption line above the credit ("" if none), without its "(Photo by …)"
    credit: str  # e.g. "Photo by Andrea Verdelli/Getty Images"


@dataclass
class ParsedArticle:
    raw_text: str  # the decoded text exactly as given, not normalised
    blocks: list[Block]  # the body readers see: boilerplate, notice, tags and photo lines removed
    headline: str  # the headline found, or a provisional one written from the lede
    headline_is_provisional: bool
    dek: str  # the lede's first sentence (at most DEK_MAX_CHARS), "" if none
    tags: list[str]  # from "Tags:" lines, de-duplicated, order kept
    image_credits: list[ImageCredit]
    upstream_credits: list[str]  # "X" from every "(via X)" in the body
    notice: str  # the reprint or copyright notice line(s) as found, "" if none
    writer: str  # "John Lopez" from "(Photo : Tech Times Writer John Lopez)", "" if none
    boilerplate: list[str]  # every line removed from the body as boilerplate, in order
    content_hash: str  # sha256 hex of normalise_text(raw_text)

    @property
    def body_text(self) -> str:
        """The blocks' text joined by blank lines, as readers read it."""
        return "\n\n".join(block.text for block in self.blocks)


# --------------------------------------------------------------------------- decoding

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Form feed survives in old wire copy; vertical tab is Word's manual line break.
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Unicode category Cc minus the allowed ones; a regex is far faster than a loop over 2 MB.
_CONTROL_CHAR = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BINARY = "binary file, not text"
_UNDECODABLE = "not valid text in UTF-8, UTF-16 or GB18030"


def decode_bytes(data: bytes, *, name: str = "input", max_bytes: int = MAX_FILE_BYTES) -> str:
    """Decode raw file bytes or raise ParseError.

    Tries, in order: a BOM, UTF-16 recognised by its NUL pattern, strict UTF-8, then strict
    GB18030 only if the result plausibly is Chinese text; never returns garbled text.
    """
    data = bytes(data)
    if not data:
        raise ParseError("file is empty", name=name)
    if len(data) > max_bytes:
        raise ParseError(
            f"file is {len(data)} bytes, over the limit of {max_bytes} bytes", name=name
        )
    text = _decode(data, name)
    if _has_control_chars(text):
        raise ParseError(_BINARY, name=name)
    return text


def _decode(data: bytes, name: str) -> str:
    """The decoded text, or ParseError; control characters are checked by the caller."""
    if data.startswith(_UTF8_BOM):
        return _strict(data, "utf-8-sig", "file starts with a UTF-8 mark but is not UTF-8", name)
    if data.startswith(_UTF16_BOMS):
        return _strict(data, "utf-16", "file starts with a UTF-16 mark but is not UTF-16", name)
    encoding = _utf16_without_bom(data)
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass  # the NUL pattern lied; treat it as binary below
    if b"\x00" in data:
        raise ParseError(_BINARY, name=name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _control_byte_ratio(data) > 0.02:
        raise ParseError(_BINARY, name=name)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ParseError(_UNDECODABLE, name=name) from None
    if not _plausible_chinese(text):
        # Latin-1 and cp1252 bytes often decode as GB18030 too, into nonsense characters.
        raise ParseError(_UNDECODABLE, name=name)
    return text


def _strict(data: bytes, encoding: str, message: str, name: str) -> str:
    """Decode with ``encoding`` or raise ParseError with ``message``."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ParseError(message, name=name) from None


def _utf16_without_bom(data: bytes) -> str:
    """ "utf-16-le"/"utf-16-be" if the NUL bytes clearly sit in one half of each pair, else ""."""
    if len(data) < 4 or len(data) % 2:
        return ""
    pairs = len(data) // 2
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    # Mostly-Latin UTF-16 has a NUL high byte in most pairs and almost never a NUL low byte.
    if odd_nuls >= 0.3 * pairs and even_nuls <= 0.02 * pairs:
        return "utf-16-le"
    if even_nuls >= 0.3 * pairs and odd_nuls <= 0.02 * pairs:
        return "utf-16-be"
    return ""


def _control_byte_ratio(data: bytes) -> float:
    """Share of bytes that are ASCII control codes text never contains."""
    controls = sum(data.count(byte) for byte in range(32) if chr(byte) not in _ALLOWED_CONTROLS)
    return (controls + data.count(0x7F)) / len(data)


def _has_control_chars(text: str) -> bool:
    """True if ``text`` holds a control character other than tab, newlines and form feeds."""
    return _CONTROL_CHAR.search(text) is not None


def _plausible_chinese(text: str) -> bool:
    """True if GB18030-decoded text looks like Chinese rather than misread Latin bytes."""
    non_ascii = cjk = common = 0
    # Counting distinct characters first keeps a 2 MB file fast: prose reuses few thousand.
    for ch, count in Counter(text).items():
        if ch < "\x80":
            if (ch < " " and ch not in "\t\n\r") or ch == "\x7f":
                return False
            continue
        if unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs"):
            return False
        non_ascii += count
        cjk += count * _is_cjk(ch)
        common += count * _in_gb2312(ch)
    # Misread Latin bytes land on rare GBK characters (a high byte then an ASCII trail byte);
    # real Chinese prose is almost entirely in the common GB2312 set.
    return non_ascii > 0 and cjk >= 0.8 * non_ascii and common >= 0.9 * non_ascii


_CJK_RANGES = (
    (0x00B7, 0x00B7),  # middle dot, used in Chinese names
    (0x2010, 0x2027),  # dashes, curly quotes, ellipsis as used in Chinese prose
    (0x2E80, 0x2FDF),
    (0x3000, 0x33FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)


def _is_cjk(ch: str) -> bool:
    """True for CJK ideographs, CJK and fullwidth punctuation and their usual companions."""
    code = ord(ch)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _in_gb2312(ch: str) -> bool:
    """True if ``ch`` is in the common GB2312 set (both GB18030 bytes at or above 0xA1)."""
    try:
        encoded = ch.encode("gb18030")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and encoded[0] >= 0xA1 and encoded[1] >= 0xA1


# --------------------------------------------------------------------------- normalising

_LINE_BREAKS = {ord(ch): "\n" for ch in "\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"}
_SPACES = {
    ord(ch): " "
    for ch in "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u202f\u205f\u3000"
}
# Invisible characters scrapers carry over from HTML; the soft hyphen is &shy;.
_INVISIBLE = {ord(ch): None for ch in "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"}
_TRANSLATION = {**_LINE_BREAKS, **_SPACES, **_INVISIBLE}
_SPACE_RUN = re.compile(" {2,}")


def normalise_text(text: str) -> str:
    """NFC, CRLF/CR to LF, Unicode spaces to plain spaces, invisible characters removed, space
    runs collapsed, lines stripped, surrounding blank lines removed. Curly quotes are kept."""
    text = text.replace("\r\n", "\n").translate(_TRANSLATION)
    text = unicodedata.normalize("NFC", text)
    lines = (_SPACE_RUN.sub(" ", line).strip(" ") for line in text.split("\n"))
    return "\n".join(lines).strip("\n")


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


def parse_text(text: str) -> ParsedArticle:
    """Parse decoded raw text; raises ParseError if nothing article-like remains (empty or
    whitespace only, or no body paragraph)."""
    _check_characters(text)
    normalised = normalise_text(text)
    if not normalised:
        raise ParseError("text is empty or contains only whitespace")
    lines = [line for line in normalised.split("\n") if line]
    parts = _Parts()
    kinds = _classify(lines, parts)
    units = _body_units(lines, kinds, parts)
    if not units:
        raise ParseError("no article text remains once boilerplate, notices and photo lines go")
    headline, units = _split_headline(units)
    blocks = _blocks(units)
    lede = next((block.text for block in blocks if block.kind == "p"), blocks[0].text)
    return ParsedArticle(
        raw_text=text,
        blocks=blocks,
        headline=headline or provisional_headline(lede),
        headline_is_provisional=not headline,
        dek=_dek(lede),
        tags=_dedupe(parts.tags),
        image_credits=parts.image_credits,
        upstream_credits=_dedupe(_upstream_credits(blocks)),
        notice="\n".join(parts.notice),
        writer=parts.writer,
        boilerplate=parts.boilerplate,
        content_hash=hashlib.sha256(normalised.encode("utf-8")).hexdigest(),
    )


def parse_bytes(
    data: bytes, *, name: str = "input", max_bytes: int = MAX_FILE_BYTES
) -> ParsedArticle:
    """decode_bytes + parse_text."""
    text = decode_bytes(data, name=name, max_bytes=max_bytes)
    try:
        return parse_text(text)
    except ParseError as error:
        raise ParseError(str(error), name=name) from None


def _check_characters(text: str) -> None:
    """Refuse strings no file could have produced: lone surrogates or binary control codes."""
    if not isinstance(text, str):
        raise ParseError("input is not text")
    if _SURROGATE.search(text):
        raise ParseError("text contains invalid Unicode (unpaired surrogates)")
    if _has_control_chars(text):
        raise ParseError("text contains control characters, so it looks like binary data")


class _Parts:
    """What classification takes out of the body, gathered while walking the lines."""

    def __init__(self) -> None:
        self.tags: list[str] = []
        self.image_credits: list[ImageCredit] = []
        self.notice: list[str] = []
        self.writer = ""
        self.boilerplate: list[str] = []


def _classify(lines: list[str], parts: _Parts) -> list[str]:
    """One kind per line: "body", "boilerplate", "notice", "credit" or "caption"."""
    kinds = [_first_kind(line, parts) for line in lines]
    _mark_notices(lines, kinds)
    for index, kind in enumerate(kinds):
        if kind == "credit" and index and kinds[index - 1] == "body":
            above = lines[index - 1]
            if _is_dateline_caption(above) or _photo_suffix(above):
                kinds[index - 1] = "caption"
    return kinds


def _first_kind(line: str, parts: _Parts) -> str:
    """The kind a line has on its own; also records writer and tags as it finds them."""
    inner = _photo_line(line)
    if inner is not None:
        name = _writer_name(inner)
        if not name:
            return "credit"
        parts.writer = parts.writer or clean_debris(name)
        return "boilerplate"
    kind = _boilerplate_kind(line)
    if kind == "tags":
        parts.tags.extend(split_tags(line[line.index(":") + 1 :]))
    return "boilerplate" if kind else "body"


def _mark_notices(lines: list[str], kinds: list[str]) -> None:
    """Mark notice lines: only after the final body paragraph or among the last lines, so a
    sentence that merely mentions copyright stays in the article."""
    tail_start = max(0, len(lines) - _NOTICE_TAIL_LINES)
    in_tail = True
    for index in range(len(lines) - 1, -1, -1):
        if kinds[index] != "body":
            continue
        if _is_notice_like(lines[index]) and (in_tail or index >= tail_start):
            kinds[index] = "notice"
        else:
            in_tail = False
            if index < tail_start:
                return


def _body_units(lines: list[str], kinds: list[str], parts: _Parts) -> list[str]:
    """The cleaned body lines, filing every other line into ``parts`` in order."""
    units: list[str] = []
    for line, kind in zip(lines, kinds, strict=True):
        if kind == "boilerplate":
            parts.boilerplate.append(line)
        elif kind == "notice":
            parts.notice.append(line)
        elif kind == "caption":
            suffix = _photo_suffix(line)
            caption = suffix[0] if suffix else line
            # The credit line below supplies the credit; remember the caption until then.
            parts.image_credits.append(ImageCredit(caption=clean_debris(caption), credit=""))
        elif kind == "credit":
            _add_credit(parts, _credit_text(_photo_line(line) or ""))
        else:
            _add_body_line(units, parts, line)
    return units


def _add_credit(parts: _Parts, credit: str) -> None:
    """Complete the pending caption's credit, or record a credit with no caption."""
    credits = parts.image_credits
    if credits and not credits[-1].credit:
        credits[-1] = ImageCredit(caption=credits[-1].caption, credit=clean_debris(credit))
    else:
        credits.append(ImageCredit(caption="", credit=clean_debris(credit)))


def _add_body_line(units: list[str], parts: _Parts, line: str) -> None:
    """Keep a body line, unless it is a caption without a credit line or pure debris."""
    suffix = _photo_suffix(line)
    if suffix and suffix[0]:
        caption, credit = suffix
        parts.image_credits.append(ImageCredit(clean_debris(caption), clean_debris(credit)))
        return
    cleaned = clean_debris(line)
    if any(ch.isalnum() for ch in cleaned):
        units.append(cleaned)
    else:
        parts.boilerplate.append(line)


def _word_count(line: str) -> int:
    """Words separated by spaces; a line of Chinese counts as one word."""
    return line.count(" ") + 1


def _is_heading_like(line: str, max_words: int, max_chars: int) -> bool:
    """Short, at least one letter, and no sentence-final punctuation."""
    return (
        len(line) <= max_chars
        and _word_count(line) <= max_words
        and not line.endswith(_FINAL_PUNCTUATION)
        and any(ch.isalpha() for ch in line)
    )


def _split_headline(units: list[str]) -> tuple[str, list[str]]:
    """A real headline if the first line looks like one and a paragraph follows it."""
    first = units[0]
    looks_like = _is_heading_like(first, HEADLINE_LINE_MAX_WORDS, HEADLINE_LINE_MAX_CHARS)
    # One word is more likely a dateline ("BEIJING") than a headline, unless it is Chinese.
    enough = _word_count(first) > 1 or any(_is_cjk(ch) for ch in first)
    if looks_like and enough and not first.startswith("("):
        rest = units[1:]
        if any(not _is_heading_like(unit, HEADING_MAX_WORDS, HEADING_MAX_CHARS) for unit in rest):
            return first, rest
    return "", units


def _blocks(units: list[str]) -> list[Block]:
    """Paragraphs, with short lines standing between two paragraphs made section headings."""
    short = [_is_heading_like(unit, HEADING_MAX_WORDS, HEADING_MAX_CHARS) for unit in units]
    blocks = []
    for index, unit in enumerate(units):
        between = 0 < index < len(units) - 1 and not short[index - 1] and not short[index + 1]
        starts_well = unit[0].isupper() or unit[0].isdigit()
        kind = "h2" if short[index] and between and starts_well else "p"
        blocks.append(Block(kind=kind, text=unit))
    return blocks


def _upstream_credits(blocks: list[Block]) -> list[str]:
    """Sources named in "(via X)" anywhere in the body."""
    found = []
    for block in blocks:
        lowered = block.text.lower()
        start = lowered.find("(via ")
        while start != -1:
            end = lowered.find(")", start)
            if end == -1:
                break
            source = block.text[start + len("(via ") : end].strip(" :")
            if source and "(" not in source and len(source) <= 100:
                found.append(source)
            start = lowered.find("(via ", end)
    return found


def _dedupe(values: list[str]) -> list[str]:
    """Drop repeats (ignoring case), keeping the first spelling and the order."""
    seen: set[str] = set()
    kept = []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return kept


# --------------------------------------------------------------------------- tags

_TAG_SEPARATORS = re.compile(r"[,;，；、|]")


def split_tags(value: str) -> list[str]:
    """Split a "Tags:" value on commas or semicolons (ASCII or Chinese) if it has any, else on
    spaces; repeats and empty items go."""
    value = normalise_text(value).replace("\n", " ")
    pieces = _TAG_SEPARATORS.split(value) if _TAG_SEPARATORS.search(value) else value.split(" ")
    tags = [piece.strip(" .#\"'“”‘’") for piece in pieces]
    return _dedupe([tag for tag in tags if tag])


# --------------------------------------------------------------------------- headline and dek

# Words before which no sentence ends, although a full stop follows them.
# A split string keeps these word lists readable (one per line would be 80 lines).
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr inc ltd co corp vs etc e.g i.e no gov sen rep gen col lt "  # noqa: SIM905
    "sgt capt mt jan feb mar apr jun jul aug sep sept oct nov dec approx dept est fig".split()
)
_CLOSING_MARKS = "\"'”’)]」』）"
_CJK_SENTENCE_ENDS = "。！？"
_CLAUSE_BOUNDARIES = (", ", "，", "; ", "；", " — ", " – ", " that ", " which ")
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
    """The text up to the last clause boundary that fits, or "" if that leaves a fragment."""
    best = max(text.rfind(mark, 0, HEADLINE_MAX_CHARS + 1) for mark in _CLAUSE_BOUNDARIES)
    return text[:best] if best >= _CLAUSE_CUT_MIN_CHARS else ""


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
