"""Partner profiles as the parser sees them: the names and domains a partner is recognised by,
its own line patterns and its default licence, and recognising a partner in a text.

The profiles live on ``Source`` rows; ``profiles_db`` turns them into these plain values. Pure:
standard library only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from articles.ingest.pattern_defaults import DEFAULT_PATTERNS
from articles.ingest.pattern_markers import AGENCIES
from articles.ingest.patterns import LinePattern, PatternSet, pattern_set

PUBLISHER, WIRE, PRESS_RELEASE = "publisher", "wire", "press_release"
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Profile:
    key: str  # the Source's domain, which the report calls its "source"
    name: str
    kind: str = PUBLISHER
    names: tuple[str, ...] = ()  # other names it goes by in notices and credits
    domains: tuple[str, ...] = ()
    patterns: tuple[LinePattern, ...] = ()
    default_license: str = ""  # SPDX id, for a notice that names no licence version

    @property
    def credited_upstream(self) -> bool:
        """Wires and press-release services are credited as upstream sources."""
        return self.kind in (WIRE, PRESS_RELEASE)

    @property
    def all_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for n in (self.name, *self.names) if n.strip()))

    @property
    def all_domains(self) -> tuple[str, ...]:
        found = (self.key, *self.domains)
        return tuple(dict.fromkeys(d.lower().removeprefix("www.") for d in found if "." in d))


def _name_regex(name: str) -> str:
    name = name.strip()
    escaped = re.escape(name).replace(r"\ ", r"\s+")
    # Whole words only ("AP" is not in "APAC"), except in Chinese, which has no spaces.
    if not _HAN.search(name) and re.match(r"\w", name) and re.search(r"\w$", name):
        escaped = rf"(?<![\w.]){escaped}(?!\w)"
    # Short or all-capital names ("AP", "AFP") only as written; others in any case.
    case_sensitive = len(name) <= 4 or name.isupper()
    return escaped if case_sensitive else f"(?i:{escaped})"


@dataclass(frozen=True)
class Profiles:
    """Every partner profile, with the matcher that recognises them in a text."""

    profiles: tuple[Profile, ...] = ()
    defaults: tuple[LinePattern, ...] = field(default=DEFAULT_PATTERNS)

    @cached_property
    def _finder(self) -> re.Pattern | None:
        """One expression for every profile's names and domains, a group per profile, so a
        text is searched once whatever the number of partners."""
        parts = []
        for index, profile in enumerate(self.profiles):
            names = [_name_regex(n) for n in profile.all_names]
            names += [rf"(?i:(?<![\w-]){re.escape(d)}(?![\w-]))" for d in profile.all_domains]
            if names:
                parts.append(f"(?P<p{index}>{'|'.join(names)})")
        return re.compile("|".join(parts)) if parts else None

    def by_key(self, key: str) -> Profile | None:
        return next((p for p in self.profiles if p.key == key), None)

    def find(self, text: str) -> Profile | None:
        """The profile named earliest in ``text`` (by one of its names or domains; the first
        profile on a tie)."""
        found = self._finder.search(text) if self._finder is not None else None
        return self.profiles[int(found.lastgroup[1:])] if found else None

    def pattern_set(self, profile: Profile | None = None) -> PatternSet:
        """The patterns to classify lines with: the profile's own, then the defaults."""
        extra = profile.patterns if profile else ()
        sets = self.__dict__.setdefault("_sets", {})
        key = id(extra) if extra else 0  # hashing every pattern per file costs more than parsing
        if key not in sets:
            sets[key] = (extra, pattern_set(extra, self.defaults))
        return sets[key][1]

    def credit_name(self, text: str) -> str:
        """How to credit an agency named ``text`` ("(Reuters)", "/PRNewswire/", "GLOBE
        NEWSWIRE"): its profile's name, the usual name of a known agency, or as written."""
        text = " ".join(text.split()).strip(" -/()")
        if not text:
            return ""
        profile = self.find(text)
        if profile is not None:
            return profile.name
        known = AGENCIES.get(text.lower()) or AGENCIES.get(text.lower().removeprefix("the "))
        if known:
            return known
        if text.isupper() and len(text) > 5:
            return text.title()
        return text

    def is_agency(self, text: str) -> bool:
        """Whether ``text`` names a news agency or press-release service we know of."""
        text = " ".join(text.split()).strip(" -/()")
        profile = self.find(text)
        if profile is not None:
            return True
        return text.lower() in AGENCIES or text.lower().removeprefix("the ") in AGENCIES


NO_PROFILES = Profiles()
