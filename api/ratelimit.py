"""Fixed-window rate limits counted in Django's cache: with ``REDIS_URL`` every app server
counts in the same place (``incr`` is atomic there), so a limit holds across servers."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from newsroom.client_address import forwarded_client_address

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    limit: int
    remaining: int
    reset: int  # seconds until the window ends

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
        }


def hit(scope: str, limit: int, now: float | None = None) -> Allowance:
    """Count one request for ``scope`` and say whether it is within ``limit`` a minute."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    key = f"api:rate:{scope}:{window}"
    reset = WINDOW_SECONDS - int(now % WINDOW_SECONDS)
    try:
        count = 1 if cache.add(key, 1, timeout=WINDOW_SECONDS + 10) else cache.incr(key)
    except ValueError:
        # The counter expired between add() and incr(), or the cache keeps nothing (dummy).
        count = 1
    return Allowance(
        allowed=count <= limit, limit=limit, remaining=max(limit - count, 0), reset=reset
    )


def client_address(request) -> str:
    """The reader's address: behind ``API_PROXY_COUNT`` proxies, the one the outermost of
    them saw (X-Forwarded-For is appended to by each proxy, so earlier entries are forgeable)."""
    return forwarded_client_address(request, settings.API_PROXY_COUNT)
