"""Partner profiles read from the ``Source`` rows, for the pure parser."""

from __future__ import annotations

import re
from functools import lru_cache

from articles.ingest.patterns import PatternError, parse_pattern_lines
from articles.ingest.profiles import Profile, Profiles
from articles.models import Source

_LICENCE_ID = re.compile(r"^(?:CC-BY(?:-NC)?(?:-ND|-SA)?-[1-4]\.[05]|CC0-1\.0)$")


def source_pattern_errors(source: Source) -> dict[str, str]:
    """{field: message} for a profile the parser could not use (``Source.clean`` runs it)."""
    errors = {}
    try:
        parse_pattern_lines(source.line_patterns)
    except PatternError as exc:
        errors["line_patterns"] = str(exc)
    licence = source.default_license.strip()
    if licence and not _LICENCE_ID.match(licence):
        errors["default_license"] = (
            f"“{licence}” is not a Creative Commons licence id; write it like CC-BY-4.0, "
            "CC-BY-ND-4.0, CC-BY-NC-SA-3.0 or CC0-1.0, or leave it empty."
        )
    return errors


def profile_of(source: Source, *, line_patterns: str | None = None) -> Profile:
    """``source`` as a parser profile; ``line_patterns`` instead of its saved ones (the
    admin's try-it box tries patterns before they are saved)."""
    text = source.line_patterns if line_patterns is None else line_patterns
    try:
        patterns = tuple(parse_pattern_lines(text))
    except PatternError:
        patterns = ()  # the form says what is wrong; the sample is read with the defaults
    return Profile(
        key=source.domain,
        name=source.name,
        kind=source.kind,
        names=source.name_list,
        domains=source.domain_list,
        patterns=patterns,
        default_license=source.default_license.strip(),
    )


_FIELDS = ("domain", "name", "kind", "recognised_names", "recognised_domains")
_FIELDS += ("line_patterns", "default_license")


def load_profiles() -> Profiles:
    """Every partner's profile: one small query; the matcher is rebuilt only when a profile
    changed."""
    return _profiles(tuple(Source.objects.order_by("pk").values_list(*_FIELDS)))


def profiles_from(sources: list[Source]) -> Profiles:
    """``load_profiles`` for partners already read."""
    return _profiles(tuple(tuple(getattr(s, name) for name in _FIELDS) for s in sources))


@lru_cache(maxsize=8)
def _profiles(rows: tuple[tuple, ...]) -> Profiles:
    return Profiles(
        profiles=tuple(profile_of(Source(**dict(zip(_FIELDS, r, strict=True)))) for r in rows)
    )
