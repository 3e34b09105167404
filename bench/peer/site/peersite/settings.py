"""Settings of the peer Wagtail news site, read from the environment like the project's own:

* ``PEER_DATABASE_URL``: ``sqlite:///path`` or ``postgres://user@host:port/name``, with the same
  SQLite pragmas and PostgreSQL connection reuse as the project (newsroom/env.py);
* ``PEER_REDIS_URL``: Django's cache in Redis, which Wagtail uses for its own lookups (the
  site root paths); the page cache, when on, keeps its pages there under its own prefix;
* ``PEER_PAGE_CACHE=1``: turn on wagtail-cache's middleware (Wagtail's recommended page cache);
* ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``PEER_PAGE_SIZE`` (stories per index page).

Production profile: DEBUG off, the middleware of a Wagtail project as ``wagtail start`` lays
it out, X-Forwarded-Proto trusted as behind a load balancer.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "peer-bench-only-not-secret")
DEBUG = False
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
PAGE_CACHE = os.environ.get("PEER_PAGE_CACHE") == "1"
PEER_PAGE_SIZE = int(os.environ.get("PEER_PAGE_SIZE", "20"))

INSTALLED_APPS = [
    "news",
    "wagtailcache",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]
if PAGE_CACHE:
    # wagtail-cache's documented placement: update first, fetch last.
    MIDDLEWARE = [
        "wagtailcache.cache.UpdateCacheMiddleware",
        *MIDDLEWARE,
        "wagtailcache.cache.FetchFromCacheMiddleware",
    ]

ROOT_URLCONF = "peersite.urls"
WSGI_APPLICATION = "peersite.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]


def _database(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": url.removeprefix("sqlite:///"),
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": parts.username or "",
        "PASSWORD": parts.password or "",
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


DATABASES = {
    "default": _database(
        os.environ.get("PEER_DATABASE_URL", f"sqlite:///{BASE_DIR / 'peer.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("PEER_REDIS_URL", "redis://127.0.0.1:6379/13")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "peer",
    },
    "pagecache": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "peer-page",
        "TIMEOUT": 3600,
    },
}
WAGTAIL_CACHE = PAGE_CACHE
WAGTAIL_CACHE_BACKEND = "pagecache"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(BASE_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = os.environ.get("PEER_MEDIA_ROOT", str(BASE_DIR / "media"))

WAGTAIL_SITE_NAME = "Peer newsroom"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
