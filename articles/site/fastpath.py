"""The cached page's short route: an anonymous reader's GET of a page this process has
already served at the current content state is answered before the rest of the middleware
runs — no session, user, CSRF, rights or URL work, and no round trip to the shared cache.

``PublicFastPathMiddleware`` sits right after ``SecurityMiddleware`` (which still redirects
to HTTPS and adds its headers on the way out). It keeps, per process, the *finished* copy of
each page that ``public_page`` served: the bytes, a gzip copy made once, and every header the
inner middleware added (CSP, Permissions-Policy, X-Frame-Options…), so none of them is
computed again per request. A copy is used only while it names the current content state
(``caching.content_state``: the same state, memo and bounds as the full route) and before its
expiry, which never passes the next visibility change; otherwise the request takes the full
route, which renews the copy. Requests with a session cookie, conditional requests (304s),
HEAD and anything ``public_page`` did not mark (the API, errors, redirects, pages that set a
cookie or vary on one) always take the full route.
"""

from __future__ import annotations

import gzip
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import http_date

from articles.site import caching

# Recomputed per request (or per second) here; everything else is kept as served.
_NOT_STORED = {"etag", "last-modified", "expires", "cache-control", "content-length", "vary"}
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Smaller bodies gain nothing from compression (and a few bytes of header cost more).
_GZIP_MIN_BYTES = 200


@dataclass(frozen=True)
class FastPage:
    """One page as this process last served it, at one content state."""

    token: str  # the content state's version (and listing version) the copy was made at
    listing: bool
    etag: str
    expires: float  # epoch seconds; never past the next visibility change
    headers: tuple[tuple[str, str], ...]
    content: bytes
    gzipped: bytes | None


class _Pages:
    """The newest finished copies, by full path (path and query string), oldest out first."""

    def __init__(self):
        self._entries: OrderedDict[str, FastPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, path: str) -> FastPage | None:
        with self._lock:
            page = self._entries.get(path)
            if page is not None:
                self._entries.move_to_end(path)
            return page

    def put(self, path: str, page: FastPage) -> None:
        with self._lock:
            self._entries[path] = page
            self._entries.move_to_end(path)
            while len(self._entries) > settings.PUBLIC_CACHE_LOCAL_PAGES:
                self._entries.popitem(last=False)

    def discard(self, path: str) -> None:
        with self._lock:
            self._entries.pop(path, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_pages = _Pages()


def forget_fast_pages() -> None:
    """Empty this process's finished copies (tests)."""
    _pages.clear()


class _Validators(threading.local):
    """The per-second headers of the current state: computed once a second, not per hit."""

    key: tuple | None = None
    headers: tuple[tuple[str, str], ...] = ()


_validators = _Validators()


def _state_headers(state: caching.ContentState, now: datetime) -> tuple[tuple[str, str], ...]:
    second = int(now.timestamp())
    key = (state.version, state.listing, second)
    if _validators.key != key:
        max_age = caching.max_age_at(state, now)
        _validators.headers = (
            ("Last-Modified", http_date(state.last_modified.timestamp())),
            ("Expires", http_date(second + max_age)),
            ("Cache-Control", f"public, max-age={max_age}"),
        )
        _validators.key = key
    return _validators.headers


def serve(request) -> HttpResponse | None:
    """The finished copy of this page at the current state, or None for the full route."""
    page = _pages.get(request.get_full_path())
    if page is None:
        return None
    # CommonMiddleware would refuse a Host that ALLOWED_HOSTS doesn't name; so does this.
    request.get_host()
    now = timezone.now()
    state = caching.content_state(now)
    if (
        page.token != caching.state_token(state, listing=page.listing)
        or page.expires <= now.timestamp()
    ):
        return None
    body, etag = page.content, page.etag
    gzipped = page.gzipped is not None and _ACCEPTS_GZIP.search(
        request.META.get("HTTP_ACCEPT_ENCODING", "")
    )
    if gzipped:
        body, etag = page.gzipped, f"W/{page.etag}"
    response = HttpResponse(body, headers=dict(page.headers))
    for name, value in _state_headers(state, now):
        response.headers[name] = value
    response.headers["ETag"] = etag
    response.headers["Vary"] = "Accept-Encoding"
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Length"] = str(len(body))
    return response


def learn(request, response) -> None:
    """Keep the finished copy of a page ``public_page`` marked as safe to reuse."""
    mark = getattr(response, "public_fast_path", None)
    if (
        mark is None
        or request.method != "GET"
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or response.has_header("Content-Encoding")
        or (response.has_header("Vary") and response["Vary"].lower() != "accept-encoding")
    ):
        return
    token, listing, etag, expires = mark
    content = response.content
    headers = tuple((k, v) for k, v in response.headers.items() if k.lower() not in _NOT_STORED)
    gzipped = gzip.compress(content, mtime=0) if len(content) >= _GZIP_MIN_BYTES else None
    if gzipped is not None and len(gzipped) >= len(content):
        gzipped = None
    _pages.put(
        request.get_full_path(),
        FastPage(token, listing, etag, expires, headers, content, gzipped),
    )


class PublicFastPathMiddleware:
    """Serves anonymous GETs of pages this process already holds (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method != "GET"
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "HTTP_IF_NONE_MATCH" in request.META
            or "HTTP_IF_MODIFIED_SINCE" in request.META
        ):
            return self.get_response(request)
        response = serve(request)
        if response is not None:
            return response
        response = self.get_response(request)
        learn(request, response)
        return response
