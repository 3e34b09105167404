"""The project's settings plus Django's per-site cache middleware, for bench_served.py
--site-cache only: an upper bound for what a cached page can do until the public site's own
caching lands. Never used outside the benchmarks."""

from newsroom.settings import *  # noqa: F403
from newsroom.settings import MIDDLEWARE

MIDDLEWARE = [
    "django.middleware.cache.UpdateCacheMiddleware",
    *MIDDLEWARE,
    "django.middleware.cache.FetchFromCacheMiddleware",
]
CACHE_MIDDLEWARE_SECONDS = 300
CACHE_MIDDLEWARE_KEY_PREFIX = "bench-site"
