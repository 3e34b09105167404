"""Reading the query string: dates, slugs and field lists, each refused with a sentence that
names the parameter and what would have worked."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from django.utils import timezone

from api.problems import ApiProblem

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
FORMATS = ("ninjs", "json")
SLUGGED = ("tag", "company", "source", "author", "slug")
SLUG_PATTERN = r"^[-\w]{1,200}$"
_SLUG = re.compile(SLUG_PATTERN)


def check_known(request, known: tuple[str, ...]) -> None:
    """A misspelt parameter (``tags=`` for ``tag=``) would silently return everything."""
    unknown = sorted(set(request.GET) - set(known))
    if unknown:
        raise ApiProblem(
            400,
            "unknown-parameter",
            f"Unknown parameter{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(repr(u[:40]) for u in unknown)}; this endpoint understands "
            f"{', '.join(known)}.",
            parameter=unknown[0][:40],
        )


def limit(value: int | None) -> int:
    if value is None:
        return DEFAULT_LIMIT
    if not 1 <= value <= MAX_LIMIT:
        raise ApiProblem(
            400,
            "limit-out-of-range",
            f"limit must be between 1 and {MAX_LIMIT}; got {value}.",
            parameter="limit",
        )
    return value


def slug(name: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if not _SLUG.match(value):
        raise ApiProblem(
            400,
            "bad-filter-value",
            f"{name} takes a slug (letters, digits, hyphens and underscores), not “{value[:80]}”.",
            parameter=name,
        )
    return value


def unknown_value(name: str, value: str, what: str, hint: str) -> ApiProblem:
    return ApiProblem(
        400,
        "unknown-filter-value",
        f"No {what} has the slug “{value}” ({name}={value}). {hint}",
        parameter=name,
    )


def moment(name: str, value: str | None, *, end_of_day: bool = False) -> datetime | None:
    """An ISO 8601 date (the whole day, in the site's time zone) or date-time (with an offset,
    or in the site's time zone without one)."""
    if value is None or value == "":
        return None
    text = value.strip()
    parsed = None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            parsed = timezone.make_aware(
                datetime.combine(day, time.max if end_of_day else time.min)
            )
        elif 10 < len(text) <= 40:
            parsed = datetime.fromisoformat(text)
            if parsed.tzinfo is None:
                parsed = timezone.make_aware(parsed)
        if parsed is not None:
            parsed.astimezone(UTC)  # the database stores UTC: it must be representable there
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise ApiProblem(
            400,
            "bad-date",
            f"{name} must be an ISO 8601 date or date-time, e.g. 2026-01-31 or "
            f"2026-01-31T09:00:00Z; got “{value[:80]}”.",
            parameter=name,
        )
    return parsed


# NINJS 1.x names a client may still use, and what NINJS 2.1 calls them.
NINJS_1_NAMES = {
    "headline": "headlines",
    "body_html": "bodies",
    "body_text": "bodies",
    "description_text": "descriptions",
    "description_html": "descriptions",
    "byline": "by",
    "subject": "subjects",
}


def fields(value: str | None, allowed: tuple[str, ...]) -> list[str] | None:
    if value is None or value.strip() == "":
        return None
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in allowed]
    if unknown:
        hints = [
            f"NINJS 2.1 calls {name} {NINJS_1_NAMES[name]}"
            for name in unknown
            if name in NINJS_1_NAMES and NINJS_1_NAMES[name] in allowed
        ]
        raise ApiProblem(
            400,
            "unknown-field",
            f"Unknown field{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(repr(u[:40]) for u in unknown[:5])} in fields="
            + (f" ({'; '.join(hints)})" if hints else "")
            + f"; this format has {', '.join(allowed)}.",
            parameter="fields",
        )
    return names


def output_format(value: str | None) -> str:
    if value is None or value == "":
        return "ninjs"
    if value not in FORMATS:
        raise ApiProblem(
            400,
            "unknown-format",
            f"format must be ninjs (the default) or json, not “{value[:40]}”.",
            parameter="format",
        )
    return value
