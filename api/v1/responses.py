"""JSON responses with the public site's HTTP caching: ETag and 304, Cache-Control bounded by
the next visibility change, the rendered body kept in the cache under its ETag. It is the
site's own ``public_page`` (``articles.site.caching``), applied to an API view."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpResponse

from articles.site.caching import public_page


def json_response(data, *, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        status=status,
        content_type="application/json",
    )


def cached(request, build: Callable[[], object], *, listing: bool = True) -> HttpResponse:
    """``build()``'s data as JSON, served like a public page. ``listing=False`` for one item:
    stories added elsewhere do not make it stale."""
    # Never the short route: the API's middleware (keys, rate limits, access log) runs on
    # every request.
    view = public_page(lambda _request: json_response(build()), listing=listing, fast=False)
    return view(request)
