"""Opaque pagination cursors: a position in a list (and which way to go), URL-safe base64 of
a small JSON object. Anything else is refused with a sentence saying so."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from api.problems import ApiProblem

NEXT, PREV = "n", "p"
_BAD = (
    "“{value}” is not a cursor this API issued. Use the next or prev cursor of a page you "
    "were given, unchanged."
)


@dataclass(frozen=True)
class Cursor:
    direction: str  # NEXT: the items after ``key``; PREV: the items before it
    key: tuple  # the position: (publish time, id) for stories, (name, id) for companies


def encode(direction: str, key: tuple) -> str:
    values = [v.isoformat() if isinstance(v, datetime) else v for v in key]
    raw = json.dumps([direction, *values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(value: str, *, kinds: tuple[type, ...]) -> Cursor:
    """The cursor in ``value``, whose key must hold values of ``kinds`` (datetime, int, str)."""
    bad = ApiProblem(400, "bad-cursor", _BAD.format(value=value[:80]), parameter="cursor")
    if not value or len(value) > 400 or not value.isascii():
        raise bad
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise bad from None
    if not isinstance(data, list) or len(data) != len(kinds) + 1 or data[0] not in (NEXT, PREV):
        raise bad
    key = []
    for kind, item in zip(kinds, data[1:], strict=True):
        if kind is datetime:
            try:
                moment = datetime.fromisoformat(item) if isinstance(item, str) else None
            except ValueError:
                moment = None
            if moment is None or moment.tzinfo is None:
                raise bad
            key.append(moment)
        elif kind is int:
            if type(item) is not int or not 0 < item < 2**63:
                raise bad
            key.append(item)
        elif not isinstance(item, kind) or (isinstance(item, str) and "\x00" in item):
            raise bad
        else:
            key.append(item)
    return Cursor(direction=data[0], key=tuple(key))
