"""HTTP caching for the public site.

Every anonymous page carries an ``ETag`` and ``Last-Modified`` derived from one site-wide
*content state*, and rendered pages are kept in the cache under their ETag, so a new state is
a clean invalidation. No copy outlives the next moment what readers see changes on its own
(``articles.rights.moments``: a scheduled story, a grant or rule version starting or ending):
the state renews itself then, and the browser's ``max-age``/``Expires``, the shared cache's
timeout and this process's copy all end by then too.

The ETag names everything a page depends on: the content state, ``SITE_URL`` (absolute links
never come from the request's Host) and the full path with its query string. Validators are
checked only for a page that exists: a stored page, or a freshly rendered 200. A missing page
answers 404 whatever ``If-None-Match: *`` or ``If-Modified-Since`` says.

The state has two versions, because changes come in two kinds:

* A change to something readers can already see, and anything that can narrow what they
  see (an edit, unpublishing, a deletion, a reprint rule or a grant), replaces both versions
  as soon as it commits: every cached page is stale at once. Rights are never left waiting.
* An *addition* (a story created with its tags and mentions, inside ``additions()``, as the
  importer does for a new file) only adds to lists. It renews the
  ``listing`` version, which list pages use, at most once every
  ``PUBLIC_CACHE_ADDITIONS_SECONDS``, so an import of thousands of files does not empty the
  cache sixteen times a second. Story pages keep their version; their related-stories box
  catches up when the cached page expires (``PUBLIC_CACHE_SECONDS``).

A hit costs one round trip to the shared cache: each process keeps the state it last read
for ``PUBLIC_CACHE_STATE_MEMO_SECONDS`` (one second) and forgets it at once when the change
is its own. The state lives in Django's cache: use a shared cache (``REDIS_URL``) when
several processes serve the site. ``QuerySet.update()`` sends no signals.
"""

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from articles.models import (
    PermissionGrant,
    ReprintRule,
)
from articles.rights import moments

STATE_KEY = "public:content-state:v3"
ADDED_KEY = "public:content-added:v3"
CHANGED_KEY = "public:content-changed:v3"  # a new token with every committed change
PAGE_KEY = "public:page:v3:{}"


@dataclass(frozen=True)
class ContentState:
    version: str  # changes with anything that alters or narrows what readers see
    listing: str  # also changes with additions, at most once per additions interval
    last_modified: datetime
    next_change: datetime | None  # the next moment visibility changes with no write
    listing_renewed: float  # time.time() of the listing version


class _Memo(threading.local):
    state: ContentState | None = None
    read_at: float = 0.0
    additions: int = 0  # depth of additions() blocks


_memo = _Memo()


def forget_memo() -> None:
    """Drop this process's copy of the state (tests, and after its own changes)."""
    _memo.state = None


def forget_local_pages() -> None:
    """Empty this process's page copies (tests; entries are never stale otherwise)."""
    _local_pages.clear()


def content_state(now: datetime | None = None) -> ContentState:
    """The current content state: renewed when missing, once the next scheduled change came
    due, or when additions have waited long enough."""
    now = now or timezone.now()
    clock = time.time()
    state = _memo.state
    memo_seconds = settings.PUBLIC_CACHE_STATE_MEMO_SECONDS
    if (
        state is not None
        and clock - _memo.read_at < memo_seconds
        and (state.next_change is None or state.next_change > now)
    ):
        return state
    for _ in range(_RENEW_ATTEMPTS):
        found = cache.get_many([STATE_KEY, ADDED_KEY, CHANGED_KEY])
        state, renewed = _renewed_state(found, now, clock)
        if renewed is None:
            break
        cache.set(STATE_KEY, renewed, timeout=None)
        # Another server's change may have committed while this one read the rows (or the
        # state it renews): its drop came before our write and would be undone by it. The
        # change token tells; then forget what we wrote and read again.
        if cache.get(CHANGED_KEY) == found.get(CHANGED_KEY):
            state = renewed
            break
        cache.delete(STATE_KEY)
    else:
        # Changes keep landing mid-renewal: serve this request uncached, trusting nothing.
        return replace(state or renewed, version=uuid.uuid4().hex, next_change=now)
    _memo.state, _memo.read_at = state, clock
    return state


# Renewals lost to a concurrent change before a request gives up caching.
_RENEW_ATTEMPTS = 3


def _renewed_state(found: dict, now: datetime, clock: float):
    """(state, renewed): the state read from the cache, and the one to write in its place, if
    it is missing, past its next change, or owes list pages their additions."""
    state, added = found.get(STATE_KEY), found.get(ADDED_KEY)
    if state is None or (state.next_change is not None and state.next_change <= now):
        if state is None:
            changed = now.replace(microsecond=0)
        else:
            # A moment passed (a story went live, a grant expired): that is when content last
            # changed, rounded up to the second, so Last-Modified moves past every copy made
            # before it and an If-Modified-Since from one of them is never "not modified".
            changed = max(state.last_modified, _ceil_second(state.next_change))
        return state, ContentState(
            version=uuid.uuid4().hex,
            listing=uuid.uuid4().hex,
            last_modified=changed,
            next_change=next_visibility_change(now),
            listing_renewed=clock,
        )
    if (
        added is not None
        and added >= state.listing_renewed
        and clock - state.listing_renewed >= settings.PUBLIC_CACHE_ADDITIONS_SECONDS
    ):
        return state, replace(
            state,
            listing=uuid.uuid4().hex,
            last_modified=now.replace(microsecond=0),
            listing_renewed=clock,
        )
    return state, None


def _ceil_second(moment: datetime) -> datetime:
    whole = moment.replace(microsecond=0)
    return whole if whole == moment else whole + timedelta(seconds=1)


def next_visibility_change(now: datetime) -> datetime | None:
    """The next moment what readers see changes with no write (``articles.rights.moments``)."""
    return moments.next_visibility_change(now)


def content_changed(**kwargs) -> None:
    """Signal receiver: something readers may see changed; every cached page is stale (after
    an addition: every list page, within the additions interval)."""
    forget_memo()
    if _is_addition(kwargs):
        _mark_added()
        transaction.on_commit(_mark_added)
        return
    # Dropped now and again once committed: inside a transaction a reader may rebuild the
    # state from the rows as they were before the commit.
    cache.delete(STATE_KEY)
    transaction.on_commit(_drop_state)


def _drop_state() -> None:
    forget_memo()
    # The token first: a server renewing the state from rows read before this commit sees
    # it change and throws its copy away (content_state), whichever write lands last.
    cache.set(CHANGED_KEY, uuid.uuid4().hex, timeout=None)
    cache.delete(STATE_KEY)


def _mark_added() -> None:
    forget_memo()
    cache.set(ADDED_KEY, time.time(), timeout=None)


@contextmanager
def additions():
    """Changes made inside only add to what readers see: creating a new story with its tags
    and mentions, as the importer does. List pages pick them up within
    ``PUBLIC_CACHE_ADDITIONS_SECONDS`` instead of the whole cache being dropped per story.
    Deletions, removals, rules and grants inside still invalidate at once."""
    _memo.additions += 1
    try:
        yield
    finally:
        _memo.additions -= 1


# A new rule version or grant may narrow what readers see: never treated as an addition.
_NEVER_ADDITIONS = (ReprintRule, PermissionGrant)


def _is_addition(signal_kwargs: dict) -> bool:
    if not _memo.additions or signal_kwargs.get("sender") in _NEVER_ADDITIONS:
        return False
    if signal_kwargs.get("signal") is post_delete:
        return False
    if signal_kwargs.get("signal") is m2m_changed:
        return signal_kwargs.get("action") in ("pre_add", "post_add")
    return True


def max_age_at(state: ContentState, now: datetime) -> int:
    """Whole seconds a copy may be kept: never past the next visibility change."""
    max_age = settings.PUBLIC_CACHE_SECONDS
    if state.next_change is not None:
        max_age = min(max_age, int((state.next_change - now).total_seconds()))
    return max(max_age, 0)


class LocalPages:
    """The most recently served pages of this process, by key, the oldest out first, at most
    ``PUBLIC_CACHE_LOCAL_PAGES``. Here a key names one page at one content version (it is the
    ETag), so an entry is never stale while it lasts; each also carries the moment it
    expires, so it cannot outlive the next visibility change even if the state were not
    renewed. Hot pages then cost no round trip to the shared cache at all. (The short route,
    ``fastpath``, keeps its finished copies in another.)"""

    def __init__(self):
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()  # gthread workers share a process

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key, entry) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > settings.PUBLIC_CACHE_LOCAL_PAGES:
                self._entries.popitem(last=False)

    def discard(self, key) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_local_pages = LocalPages()
_PER_REQUEST_HEADERS = {"etag", "last-modified", "cache-control", "expires", "vary"}


def _storable_headers(response) -> dict:
    return {k: v for k, v in response.headers.items() if k.lower() not in _PER_REQUEST_HEADERS}


def _signed_in(request) -> bool:
    # Without a session cookie nobody is signed in: skip loading the user (a quarter of
    # the cost of serving a cached page).
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.is_authenticated


def state_token(state: ContentState, *, listing: bool) -> str:
    """What of the state a page depends on: list pages also change with additions."""
    return f"{state.version}:{state.listing}" if listing else state.version


def page_etag(request, state: ContentState, *, listing: bool) -> str:
    """The ETag (and cache key) of one page at one content state: everything the page's
    bytes depend on. Absolute URLs come from ``SITE_URL``, so the Host header is not among
    them (and must not be: anyone can send any Host)."""
    token = state_token(state, listing=listing)
    digest = hashlib.sha256(f"{token}|{settings.SITE_URL}|{request.get_full_path()}".encode())
    return f'"{digest.hexdigest()[:32]}"'


def _stored_page(key: str, now: datetime):
    """(headers, content) of the page kept under ``key``, unless it has expired."""
    stored = _local_pages.get(key)
    if stored is None:
        stored = cache.get(key)
        if stored is not None:
            _local_pages.put(key, stored)
    if stored is None:
        return None
    headers, content, expires = stored
    if expires <= now.timestamp():
        _local_pages.discard(key)
        return None
    return headers, content


def public_page(view=None, *, listing: bool = True, fast: bool = True):
    """Conditional GET (304), response caching and Cache-Control for an anonymous page.

    ``listing=False`` for a page that shows one story: additions elsewhere do not make it
    stale (see the module's docstring). ``fast=False`` keeps the page off the short route
    (``articles.site.fastpath``), for responses whose middleware must run on every request
    (the API's keys, rate limits and access log)."""
    if view is None:
        return lambda view: public_page(view, listing=listing, fast=fast)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or _signed_in(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        now = timezone.now()
        state = content_state(now)
        etag = page_etag(request, state, listing=listing)
        last_modified = state.last_modified.timestamp()
        max_age = max_age_at(state, now)
        expires = now.timestamp() + max_age

        def finish(response):
            # Ours replace any the view set (feeds set their own Last-Modified), so the
            # validators a client sends back are always the ones checked above.
            response.headers["ETag"] = etag
            response.headers["Last-Modified"] = http_date(last_modified)
            response.headers["Expires"] = http_date(expires)
            patch_cache_control(response, public=True, max_age=max_age)
            return response

        def answer(page):
            # Only a page that exists gets here, so only it can answer 304 (If-None-Match: *
            # included); a missing one answered 404 below, never "not modified".
            not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if not_modified is not None:
                return finish(not_modified)
            if fast and max_age and settings.PUBLIC_PAGE_CACHE:
                token = state_token(state, listing=listing)
                page.public_fast_path = (token, listing, etag, expires)
            return finish(page)

        key = PAGE_KEY.format(etag.strip('"'))
        stored = _stored_page(key, now) if settings.PUBLIC_PAGE_CACHE else None
        if stored is not None:
            headers, content = stored
            return answer(HttpResponse(content, headers=headers))
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code != 200 or response.streaming:
            return response  # errors and redirects: no validators, never cached
        # The page's bytes and the view's own headers; validators and Cache-Control are
        # added per request by finish().
        if max_age and settings.PUBLIC_PAGE_CACHE:
            stored = (_storable_headers(response), response.content, expires)
            cache.set(key, stored, timeout=max_age)
            _local_pages.put(key, stored)
        return answer(response)

    return wrapper
