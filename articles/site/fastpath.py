"""The cached page's short route: an anonymous reader's GET of a page this process has
already served at the current content state is answered before the rest of the middleware
runs — no session, user, CSRF, rights or URL work, and no round trip to the shared cache.

``PublicFastPathMiddleware`` comes first. It keeps, per process, the *finished* copy of each
page that ``public_page`` served: the bytes, a gzip copy made once, and every header the
middleware added (HSTS and the other security headers, CSP, Permissions-Policy…), encoded
once, so none of them is computed again per request. Plain-HTTP requests are left to
``SecurityMiddleware`` to redirect when ``SECURE_SSL_REDIRECT`` is on, and copies are kept
per scheme. A copy is used only while it names the current content state
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
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.http import HttpResponse
from django.http.response import ResponseHeaders
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
    expires: float  # epoch seconds; never past the next visibility change
    headers: dict  # ResponseHeaders' store, checked and encoded once: {lower: (name, value)}
    content: bytes
    gzipped: bytes | None
    gzipped_headers: dict | None


_pages = caching.LocalPages()  # by (scheme, full path)
# Host headers this process has already seen ALLOWED_HOSTS accept (a handful in practice;
# bounded, and only accepted ones get in).
_accepted_hosts: set[tuple] = set()
_MAX_ACCEPTED_HOSTS = 64


def forget_fast_pages() -> None:
    """Empty this process's finished copies (tests)."""
    _pages.clear()
    _accepted_hosts.clear()


class FinishedResponse(HttpResponse):
    """An ``HttpResponse`` whose headers were checked and encoded when the copy was made
    (``ResponseHeaders`` would check and encode every one again, per request)."""

    def __init__(self, content: bytes, headers: dict):
        super().__init__(content)
        self.headers._store = headers


class _Validators(threading.local):
    """The per-second headers of the current state: computed once a second, not per hit."""

    key: tuple | None = None
    headers: dict = {}  # noqa: RUF012  (replaced, never mutated)


_validators = _Validators()


def _state_headers(state: caching.ContentState, now: datetime) -> dict:
    second = int(now.timestamp())
    key = (state.version, state.listing, second)
    if _validators.key != key:
        max_age = caching.max_age_at(state, now)
        _validators.headers = _store(
            {
                "Last-Modified": http_date(state.last_modified.timestamp()),
                "Expires": http_date(second + max_age),
                "Cache-Control": f"public, max-age={max_age}",
            }
        )
        _validators.key = key
    return _validators.headers


def _store(headers: dict) -> dict:
    """``headers`` as ``ResponseHeaders`` keeps them, checked and encoded by it."""
    return dict(ResponseHeaders(headers)._store)


def _host_accepted(request) -> None:
    """CommonMiddleware would refuse a Host that ALLOWED_HOSTS doesn't name; so does this
    (``get_host()`` raises), remembering the ones it accepted."""
    meta = request.META
    seen = (
        meta.get("HTTP_X_FORWARDED_HOST") if settings.USE_X_FORWARDED_HOST else None,
        meta.get("HTTP_HOST"),
        meta.get("SERVER_NAME"),
        meta.get("SERVER_PORT"),
    )
    if seen not in _accepted_hosts:
        request.get_host()
        if len(_accepted_hosts) < _MAX_ACCEPTED_HOSTS:
            _accepted_hosts.add(seen)


def serve(request) -> HttpResponse | None:
    """The finished copy of this page at the current state, or None for the full route."""
    secure = request.is_secure()
    if settings.SECURE_SSL_REDIRECT and not secure:
        return None  # SecurityMiddleware redirects it
    page = _pages.get((secure, request.get_full_path()))
    if page is None:
        return None
    _host_accepted(request)
    now = timezone.now()
    state = caching.content_state(now)
    current = caching.state_token(state, listing=page.listing)
    if page.token != current or page.expires <= now.timestamp():
        return None
    if page.gzipped is not None and _ACCEPTS_GZIP.search(
        request.META.get("HTTP_ACCEPT_ENCODING", "")
    ):
        body, headers = page.gzipped, page.gzipped_headers
    else:
        body, headers = page.content, page.headers
    return FinishedResponse(body, {**headers, **_state_headers(state, now)})


def learn(request, response) -> None:
    """Keep the finished copy of a page ``public_page`` marked as safe to reuse."""
    mark = getattr(response, "public_fast_path", None)
    if (
        mark is None
        or settings.PUBLIC_CACHE_LOCAL_PAGES <= 0  # nothing would be kept: skip the gzip
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
    kept = {k: v for k, v in response.headers.items() if k.lower() not in _NOT_STORED}
    headers = _store(
        {**kept, "ETag": etag, "Vary": "Accept-Encoding", "Content-Length": str(len(content))}
    )
    gzipped = gzip.compress(content, mtime=0) if len(content) >= _GZIP_MIN_BYTES else None
    gzipped_headers = None
    if gzipped is not None and len(gzipped) < len(content):
        gzipped_headers = _store(
            {
                **kept,
                "ETag": f"W/{etag}",  # another representation of the same page
                "Vary": "Accept-Encoding",
                "Content-Encoding": "gzip",
                "Content-Length": str(len(gzipped)),
            }
        )
    else:
        gzipped = None
    _pages.put(
        (request.is_secure(), request.get_full_path()),
        FastPage(token, listing, expires, headers, content, gzipped, gzipped_headers),
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
