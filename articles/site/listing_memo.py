"""Values that change only with the *listing* content version (``caching.state_token``),
computed once per version in each process: the names list pages offer as ways in (the
filter's tags and partners, the front page's topics and companies in the news).

That version is renewed by every committed change readers can see and at every moment
visibility changes on its own (a story going live, a grant or rule version starting or
ending), so a value kept here is never older than a cached page would be. Only names and
counts belong here, never what a reprint rule governs (story text, headlines): those are
read through ``published()`` on every request."""

import threading
from collections.abc import Callable
from typing import Any

from articles.site.caching import content_state, state_token


class ListingMemo:
    def __init__(self) -> None:
        self._token = ""
        self._values: dict[str, Any] = {}
        self._lock = threading.Lock()  # gthread workers share a process

    def get(self, name: str, build: Callable[[], Any]) -> Any:
        """The value of ``build()`` at the current listing version, built at most once."""
        # The token is read before the rows, so a value is never filed under a version newer
        # than what it was built from.
        token = state_token(content_state(), listing=True)
        with self._lock:
            if token != self._token:
                self._token, self._values = token, {}
            if name in self._values:
                return self._values[name]
        value = build()
        with self._lock:
            if token == self._token:
                self._values[name] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._token, self._values = "", {}


listing_memo = ListingMemo()
