"""The registry of line patterns: every kind of line the parser recognises is a pattern with a
kind, where in the text it may stand, and the named groups it fills. The defaults are data
(``pattern_defaults``); a partner's profile adds its own in the same form, one per line:

    kind[@where][?condition][+next]: regular expression

for example ``byline@head: ^Story by (?P<author>.+)$``. Pure: standard library only."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

KINDS = (
    "byline",  # who wrote it: authors from the group "author"
    "dateline",  # "SHANGHAI, June 9 (Reuters) -": place, date and agency; the rest is the lede
    "sign_off",  # "Reporting by …; Editing by …", "SOURCE X", "Our Standards: …"
    "boilerplate",  # "Read also: …", "About X" at the end of a press release, contacts
    "image_credit",  # "Image Credits: …", "(Photo : …)", a caption's "(Photo by …)"
    "topics",  # "Tags: …", "Topics: …", "标签：…": the group "tags"
    "notice",  # the reprint or copyright notice, and "Read the original article: URL"
    "heading",  # a section heading: kept in the body as a heading, never the headline
)
WHERE = {
    "any": "anywhere",
    "head": "before the first paragraph (after the headline)",
    "tail": "after the last paragraph, or among the last three lines",
    "edge": "before the first or after the last paragraph",
    "lede": "at the start of the first paragraph (datelines)",
    "section": "starts a closing section: this line and every plain line after it",
}
CONDITIONS = {
    "": "always",
    "cc": "only in a text that carries a Creative Commons notice",
    "press_release": "only in a press release (a wire dateline, SOURCE or ### line)",
    "names_next": "only if the next line starts with the name the pattern captured",
    "not_first": "never on the text's first line",
    "before_meta": "only if the next line is a timestamp, credit or byline",
}
GROUPS = (
    "author",  # a byline's people, then perhaps a role or an agency ("Jane Doe, Reuters")
    "names",  # nothing but people's names ("Rohan Iyer and Meera Krishnan")
    "affiliated",  # people, each with an affiliation ("A, Univ. of X; B, Institute Y")
    "place",
    "date",
    "agency",
    "tags",
    "credit",
    "caption",
    "url",
    "holder",
    "upstream",
    "name",
    "heading",
    "keep",  # the part of the line that stays in the story ("… the plan said. Enditem")
)
# Lines longer than this are never of the kind (a paragraph is not a byline); datelines are
# prefixes of the lede and have no limit. It also keeps classifying long paragraphs cheap.
MAX_CHARS = {
    "byline": 240,
    "sign_off": 400,  # (a "keep" group lifts the limit: the line is a paragraph with a tail)
    "boilerplate": 500,
    "image_credit": 500,
    "topics": 400,
    "notice": 600,  # a paragraph longer than this is the story, whatever it mentions
    "heading": 140,
}


class PatternError(ValueError):
    """A pattern line editors wrote that cannot be used; the message names the line."""


@dataclass(frozen=True)
class LinePattern:
    kind: str
    regex: str
    where: str = "any"
    when: str = ""
    also_next: bool = False  # the line after it goes too ("News provided by" / the company)
    label: str = ""  # what it recognises, in words, for the admin
    # A speed hint: the pattern is tried only on lines that contain one of these (lower case).
    # Unanchored patterns scan the whole of every paragraph; most paragraphs hold none.
    needles: tuple[str, ...] = ()

    @property
    def compiled(self) -> re.Pattern | None:
        return _compile(self.regex)

    @property
    def text(self) -> str:
        """The pattern in the one-line form editors write."""
        head = self.kind
        if self.where != "any":
            head += "@" + self.where
        if self.when:
            head += "?" + self.when
        if self.also_next:
            head += "+next"
        return f"{head}: {self.regex}"


@lru_cache(maxsize=2048)
def _compile(regex: str) -> re.Pattern | None:
    try:
        return re.compile(regex)
    except re.error:
        return (
            None  # validated when saved; a broken one never matches rather than stopping an import
        )


_LINE = re.compile(
    r"^(?P<kind>[a-z_]+)(?:@(?P<where>[a-z]+))?(?:\?(?P<when>[a-z_]+))?(?P<next>\+next)?\s*:\s*"
    r"(?P<regex>\S.*)$"
)


def parse_pattern_lines(text: str) -> list[LinePattern]:
    """The patterns in ``text`` (one per line, blank lines and ``#`` comments skipped); raises
    PatternError naming the first line that is not a usable pattern."""
    patterns = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        found = _LINE.match(line)
        if not found:
            raise PatternError(
                f"Line {number} should read “kind: regular expression”, for example "
                "“byline@head: ^Story by (?P<author>.+)$”."
            )
        pattern = LinePattern(
            kind=found["kind"],
            regex=found["regex"],
            where=found["where"] or "any",
            when=found["when"] or "",
            also_next=bool(found["next"]),
            label=f"profile line {number}",
        )
        problem = pattern_problem(pattern)
        if problem:
            raise PatternError(f"Line {number}: {problem}")
        patterns.append(pattern)
    return patterns


def pattern_problem(pattern: LinePattern) -> str:
    """Why ``pattern`` cannot be used, in one sentence, or ""."""
    if pattern.kind not in KINDS:
        return f"“{pattern.kind}” is not a kind; use one of {', '.join(KINDS)}."
    if pattern.where not in WHERE:
        return f"“@{pattern.where}” is not a position; use one of {', '.join(WHERE)}."
    if pattern.when not in CONDITIONS:
        names = ", ".join(c for c in CONDITIONS if c)
        return f"“?{pattern.when}” is not a condition; use one of {names}."
    try:
        compiled = re.compile(pattern.regex)
    except re.error as exc:
        return f"not a valid regular expression: {exc}."
    unknown = sorted(set(compiled.groupindex) - set(GROUPS))
    if unknown:
        return (
            f"the group name(s) {', '.join(unknown)} are not understood; use {', '.join(GROUPS)}."
        )
    if compiled.match(""):
        return "it matches an empty line, so it would match everything."
    return ""


@dataclass(frozen=True)
class PatternSet:
    """Patterns in the order they are tried: a profile's own before the defaults."""

    patterns: tuple[LinePattern, ...]

    def __post_init__(self) -> None:
        # Everything a line's test needs, worked out once, and for each band of line lengths
        # only the patterns a line that long can be: this runs on every line imported.
        prepared = []
        for pattern in self.patterns:
            compiled = pattern.compiled
            if compiled is None:
                continue
            limit = MAX_CHARS.get(pattern.kind)
            if "keep" in compiled.groupindex:
                limit = None  # a paragraph with a tail ("… the plan said. Enditem")
            needles = pattern.needles and re.compile("|".join(map(re.escape, pattern.needles)))
            prepared.append((pattern, compiled.search, limit, needles and needles.search))
        bands = sorted({limit for _, _, limit, _ in prepared if limit is not None})
        groups = [
            [
                (p, search, has_needle)
                for p, search, limit, has_needle in prepared
                if limit is None or limit >= band
            ]
            for band in bands
        ]
        groups.append([(p, s, n) for p, s, limit, n in prepared if limit is None])
        object.__setattr__(self, "_bands", tuple(bands))
        object.__setattr__(self, "_by_band", tuple(tuple(g) for g in groups))

    def outside_tail(self) -> PatternSet:
        """The same without the patterns that only count in the tail (made once)."""
        return self._subset("_outside_tail", lambda p: p.where != "tail")

    def anywhere(self) -> PatternSet:
        """Only the patterns that count anywhere, and closing sections' first lines."""
        return self._subset("_anywhere", lambda p: p.where in ("any", "section"))

    def _subset(self, name: str, keep) -> PatternSet:
        cached = self.__dict__.get(name)
        if cached is None:
            cached = PatternSet(patterns=tuple(p for p in self.patterns if keep(p)))
            object.__setattr__(self, name, cached)
        return cached

    def candidates(self, line: str) -> list[tuple[LinePattern, re.Match]]:
        """Every pattern that matches ``line``, in order."""
        lowered = ""
        found = []
        for pattern, search, has_needle in self._by_band[bisect_left(self._bands, len(line))]:
            if has_needle:
                lowered = lowered or line.lower()
                if has_needle(lowered) is None:
                    continue
            match = search(line)
            if match is not None:
                found.append((pattern, match))
        return found


@lru_cache(maxsize=64)
def pattern_set(extra: tuple[LinePattern, ...], defaults: tuple[LinePattern, ...]) -> PatternSet:
    return PatternSet(patterns=extra + defaults)
