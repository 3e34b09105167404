"""Turning raw article text scraped from partner websites into a structured article.

Pure logic: standard library only, nothing from Django, so importers, the admin and
the tests can all call it. Every failure is a ParseError whose message is one sentence."""

import hashlib
import re

from articles.ingest.decoding import _check_characters, _is_cjk, decode_bytes, normalise_text
from articles.ingest.headlines import _dek, provisional_headline
from articles.ingest.lines import (
    _FINAL_PUNCTUATION,
    _boilerplate_kind,
    _credit_text,
    _is_dateline_caption,
    _is_notice_like,
    _photo_line,
    _photo_suffix,
    _writer_name,
    clean_debris,
)
from articles.ingest.parsed import (
    _NOTICE_TAIL_LINES,
    HEADING_MAX_CHARS,
    HEADING_MAX_WORDS,
    HEADLINE_LINE_MAX_CHARS,
    HEADLINE_LINE_MAX_WORDS,
    MAX_FILE_BYTES,
    Block,
    ImageCredit,
    ParsedArticle,
    ParseError,
)


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
