"""The Standard Webhooks signature (https://www.standardwebhooks.com/): HMAC-SHA256 over
``{webhook-id}.{webhook-timestamp}.{body}`` with the subscriber's secret, sent as
``webhook-signature: v1,<base64>``. Pure: no Django."""

from __future__ import annotations

import base64
import hashlib
import hmac

SECRET_PREFIX = "whsec_"


def _key(secret: str) -> bytes:
    if secret.startswith(SECRET_PREFIX):
        return base64.b64decode(secret[len(SECRET_PREFIX) :])
    return secret.encode()


def sign(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header value for one message."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(*, secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(
            secret=secret, message_id=message_id, timestamp=timestamp, body=body
        ),
    }


def verify(
    *, secret: str, headers: dict[str, str], body: bytes, now: int, tolerance: int = 300
) -> bool:
    """What a receiver does: the timestamp is recent and one of the signatures matches."""
    lowered = {k.lower(): v for k, v in headers.items()}
    try:
        timestamp = int(lowered["webhook-timestamp"])
        message_id = lowered["webhook-id"]
        offered = lowered["webhook-signature"].split()
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = sign(secret=secret, message_id=message_id, timestamp=timestamp, body=body)
    return any(hmac.compare_digest(expected, candidate) for candidate in offered)
