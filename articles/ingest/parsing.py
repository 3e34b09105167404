"""Turning raw article text scraped from partner websites into a structured article.

Every line gets a kind from the pattern registry (``classify``); the body is what is left, the
headline its first line if that reads as one, and the notice, credits, authors, tags, dateline
and partner are gathered from the other lines.

Pure logic: standard library only, nothing from Django, so importers, the admin and
the tests can all call it. Every failure is a ParseError whose message is one sentence."""

import hashlib
import re

from articles.ingest.classify import (
    BODY,
    Verdict,
    classify,
    could_be_headline,
    is_heading_like,
)
from articles.ingest.decoding import _check_characters, _is_cjk, decode_bytes, normalise_text
from articles.ingest.headlines import _dek, provisional_headline
from articles.ingest.lines import _is_dateline_caption, clean_debris
from articles.ingest.names import join_names
from articles.ingest.notice_fields import holder, original_url
from articles.ingest.parsed import (
    HEADING_MAX_CHARS,
    HEADING_MAX_WORDS,
    MAX_FILE_BYTES,
    Block,
    ImageCredit,
    ParsedArticle,
    ParseError,
)
from articles.ingest.pattern_markers import PRESS_WIRES
from articles.ingest.profiles import NO_PROFILES, Profile, Profiles
from articles.rights.licences import stated_licence

# Lines that leave the body but are listed as boilerplate, so an editor sees what went.
_LISTED = ("byline", "sign_off", "boilerplate", "topics")


def parse_text(
    text: str, *, profiles: Profiles = NO_PROFILES, profile: Profile | None = None
) -> ParsedArticle:
    """Parse decoded raw text; raises ParseError if nothing article-like remains (empty or
    whitespace only, or no body paragraph). ``profiles`` are the partners it may come from;
    ``profile`` says which one it does come from (the admin's "try it" box)."""
    _check_characters(text)
    normalised = normalise_text(text)
    if not normalised:
        raise ParseError("text is empty or contains only whitespace")
    lines = [line for line in normalised.split("\n") if line]
    verdicts = classify(lines, profiles.pattern_set(profile), profiles)
    found = profile or _recognise(lines, verdicts, profiles)
    if found is not None and found.patterns and profile is None:
        verdicts = classify(lines, profiles.pattern_set(found), profiles)
    parts = _Parts()
    units = _gather(lines, verdicts, parts)
    if not units:
        raise ParseError("no article text remains once boilerplate, notices and photo lines go")
    headline, units = _split_headline(units)
    blocks = _blocks(units)
    lede = next((block.text for block in blocks if block.kind == "p"), blocks[0].text)
    notice = "\n".join(parts.notice)
    licence = stated_licence(notice, default=found.default_license if found else "")
    credits = _upstream_credits(blocks) + parts.credits
    if found is not None and found.credited_upstream:
        credits.append(found.name)
    return ParsedArticle(
        raw_text=text,
        blocks=blocks,
        headline=headline or provisional_headline(lede),
        headline_is_provisional=not headline,
        dek=_dek(lede),
        tags=_dedupe(parts.tags),
        image_credits=parts.image_credits,
        upstream_credits=_dedupe([c for c in credits if c]),
        notice=notice,
        writer=join_names(parts.authors),
        boilerplate=parts.boilerplate,
        content_hash=hashlib.sha256(normalised.encode("utf-8")).hexdigest(),
        authors=list(dict.fromkeys(parts.authors)),
        dateline=parts.dateline,
        source_key=found.key if found else "",
        licence=licence.spdx if licence else "",
        licence_problem="not_stated" if licence is not None and not licence.spdx else "",
        original_url=original_url(parts.notice, prefer=found.all_domains if found else ()),
        holder=holder(notice),
        press_release=_is_press_release(verdicts, found),
        sign_offs=parts.sign_offs,
        lines=_line_kinds(lines, verdicts, headline),
    )


def parse_bytes(
    data: bytes,
    *,
    name: str = "input",
    max_bytes: int = MAX_FILE_BYTES,
    profiles: Profiles = NO_PROFILES,
) -> ParsedArticle:
    """decode_bytes + parse_text."""
    text = decode_bytes(data, name=name, max_bytes=max_bytes)
    try:
        return parse_text(text, profiles=profiles)
    except ParseError as error:
        raise ParseError(str(error), name=name) from None


def _recognise(lines: list[str], verdicts: list[Verdict], profiles: Profiles) -> Profile | None:
    """The partner a text comes from: named in its notice (the last naming one wins), then
    the domain of a URL there, then the agency its dateline, byline or sign-off credits."""
    if not profiles.profiles:
        return None
    notices = [line for line, v in zip(lines, verdicts, strict=True) if v.kind == "notice"]
    for line in reversed(notices):
        found = profiles.find(line)
        if found is not None:
            return found
    for verdict in verdicts:
        for credit in verdict.credits:
            found = profiles.find(credit)
            if found is not None:
                return found
    others = (
        line
        for line, v in zip(lines, verdicts, strict=True)
        if v.kind in ("sign_off", "byline", "dateline")
    )
    return next((p for p in map(profiles.find, others) if p is not None), None)


def _is_press_release(verdicts: list[Verdict], found: Profile | None) -> bool:
    if found is not None and found.kind == "press_release":
        return True
    return any(v.kind == "dateline" and set(v.credits) & PRESS_WIRES for v in verdicts)


class _Parts:
    """What classification takes out of the body, gathered while walking the lines."""

    def __init__(self) -> None:
        self.tags: list[str] = []
        self.image_credits: list[ImageCredit] = []
        self.notice: list[str] = []
        self.authors: list[str] = []
        self.credits: list[str] = []
        self.boilerplate: list[str] = []
        self.sign_offs: list[str] = []
        self.dateline: dict[str, str] = {}
        self.caption_at = -2  # the line of the last caption recorded


# A unit of the body: its text, and "h2" for a line the registry calls a heading, "lede" for
# what follows a dateline (never a headline), "" otherwise.
_Unit = tuple[str, str]


def _gather(lines: list[str], verdicts: list[Verdict], parts: _Parts) -> list[_Unit]:
    """The cleaned body, filing every other line into ``parts`` in order."""
    units: list[_Unit] = []
    for index, (line, verdict) in enumerate(zip(lines, verdicts, strict=True)):
        kind = verdict.kind
        parts.authors.extend(verdict.authors)
        parts.credits.extend(verdict.credits)
        if kind == "dateline":
            if not parts.dateline:
                parts.dateline = {
                    k: verdict.groups[k] for k in ("place", "date", "agency") if k in verdict.groups
                }
            if verdict.rest:
                _add_body_line(units, parts, verdict.rest, "lede")
        elif kind == "notice":
            parts.notice.append(line)
        elif kind == "image_credit" and _is_labelled_caption(verdict, verdicts, index):
            # "Image: A robot folds laundry." above "Credit: X": the first is the caption.
            caption = clean_debris(verdict.groups.get("credit", ""))
            parts.image_credits.append(ImageCredit(caption=caption, credit=""))
            parts.caption_at = index
        elif kind == "image_credit":
            _add_credit(parts, verdict, index)
        elif kind == "heading":
            heading = clean_debris(verdict.groups.get("heading", line))
            if heading:
                units.append((heading, "h2"))
        elif kind in _LISTED:
            if verdict.rest:  # "… the plan said. Enditem": the sentence stays
                _add_body_line(units, parts, verdict.rest, "")
                line = line[len(verdict.rest) :].strip()
            parts.boilerplate.append(line)
            if kind == "topics":
                parts.tags.extend(split_tags(verdict.groups.get("tags", "")))
            elif kind == "sign_off":
                parts.sign_offs.append(line)
        elif index + 1 < len(lines) and _is_caption(line, verdicts[index + 1]):
            # A dateline caption ("BEIJING, CHINA - MAY 2: …") waits for its credit line.
            parts.image_credits.append(ImageCredit(caption=clean_debris(line), credit=""))
            parts.caption_at = index
        else:
            _add_body_line(units, parts, line, "")
    return units


def _is_labelled_caption(verdict: Verdict, verdicts: list[Verdict], index: int) -> bool:
    below = verdicts[index + 1] if index + 1 < len(verdicts) else None
    if below is None or below.kind != "image_credit" or "caption" in verdict.groups:
        return False
    text = verdict.groups.get("credit", "")
    return text.endswith((".", "!", "?", "。")) and text.count(" ") >= 4


def _is_caption(line: str, below: Verdict) -> bool:
    return (
        below.kind == "image_credit"
        and "caption" not in below.groups
        and (_is_dateline_caption(line))
    )


def _add_credit(parts: _Parts, verdict: Verdict, index: int) -> None:
    """Record a photo credit; a credit line right below a caption completes that caption."""
    credit = clean_debris(verdict.groups.get("credit", ""))
    caption = clean_debris(verdict.groups.get("caption", ""))
    credits = parts.image_credits
    if not caption and credits and parts.caption_at == index - 1:
        credits[-1] = ImageCredit(caption=credits[-1].caption, credit=credit or credits[-1].credit)
    elif credit or caption:
        credits.append(ImageCredit(caption=caption, credit=credit))
    if caption:
        parts.caption_at = index


def _add_body_line(units: list[_Unit], parts: _Parts, line: str, role: str) -> None:
    """Keep a body line, unless it is pure debris or a scraper's doubled line (headline or
    paragraph)."""
    cleaned = clean_debris(line)
    if any(ch.isalnum() for ch in cleaned) and not (units and units[-1][0] == cleaned):
        units.append((cleaned, role))
    else:
        parts.boilerplate.append(line)


def _line_kinds(lines: list[str], verdicts: list[Verdict], headline: str) -> list[tuple[str, str]]:
    """(kind, line) for every line, the headline's line called "headline"."""
    out = []
    named = not headline
    for line, verdict in zip(lines, verdicts, strict=True):
        kind = verdict.kind
        if kind == BODY and not named:
            named = True  # the headline is the first body line, when there is one
            if clean_debris(line) == headline:
                kind = "headline"
        out.append((kind, line))
    return out


def _word_count(line: str) -> int:
    """Words separated by spaces; a line of Chinese counts as one word."""
    return line.count(" ") + 1


def _split_headline(units: list[_Unit]) -> tuple[str, list[_Unit]]:
    """A real headline if the first line looks like one and a paragraph follows it; never a
    section heading or the words after a dateline."""
    first, role = units[0]
    if role:
        return "", units
    looks_like = could_be_headline(first)
    # One word is more likely a dateline ("BEIJING") than a headline, unless it is Chinese.
    enough = _word_count(first) > 1 or any(_is_cjk(ch) for ch in first)
    if looks_like and enough and not first.startswith("("):
        rest = units[1:]
        if any(not _heading_like(text, HEADING_MAX_WORDS, HEADING_MAX_CHARS) for text, _ in rest):
            return first, rest
    return "", units


def _heading_like(line: str, max_words: int, max_chars: int) -> bool:
    return is_heading_like(line, max_words, max_chars)


def _blocks(units: list[_Unit]) -> list[Block]:
    """Paragraphs, with short lines standing between two paragraphs made section headings."""
    short = [_heading_like(text, HEADING_MAX_WORDS, HEADING_MAX_CHARS) for text, _ in units]
    blocks = []
    for index, (text, role) in enumerate(units):
        between = 0 < index < len(units) - 1 and not short[index - 1] and not short[index + 1]
        starts_well = text[0].isupper() or text[0].isdigit()
        heading = role == "h2" or (short[index] and between and starts_well and role != "lede")
        blocks.append(Block(kind="h2" if heading else "p", text=text))
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
