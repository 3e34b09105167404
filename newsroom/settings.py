"""One settings module, configured from the environment.

DJANGO_ENV selects the profile: ``development`` (default, what ``make run`` uses),
``production`` (refuses unsafe configuration) or ``test``.
"""

import os
from pathlib import Path

from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import (
    cache_config,
    database_config,
    development_secret_key,
    env_bool,
    env_list,
    tasks_backend,
)
from newsroom.safety import refuse_unsafe_production
from newsroom.site_url import site_url_setting

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))

ENV = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENV == "production"


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION:
    # A weak key (shorter than 50, few distinct characters, a repeated pattern) or a '*' host.
    refuse_unsafe_production(secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS)
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production.")
elif not SECRET_KEY:
    SECRET_KEY = development_secret_key(VAR_DIR)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "django_filters",
    "reversion",
    "django_prose_editor",
    "articles",
    "companies",
    "search",
    # The public content API (django-ninja) and its webhooks.
    "ninja",
    "corsheaders",
    "api",
    # Background work: Django's tasks API through the django-tasks backport (Django 6 has it
    # as django.tasks); the database backend needs no broker.
    "django_tasks",
    "django_tasks_db",
    # --- production & security (issue 7) ---
    "csp",
    "axes",
]

MIDDLEWARE = [
    # Cached public pages for anonymous readers, before any session, user or rights work;
    # it leaves plain HTTP to SecurityMiddleware's redirect (articles/site/fastpath.py).
    "articles.site.fastpath.PublicFastPathMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "newsroom.security.AdminCSPMiddleware",
    "newsroom.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware, as django-cors-headers asks; it acts on /api/ only.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # API keys, rate limits, the access log and problem+json for /api/ (nothing elsewhere).
    "api.gateway.ApiGatewayMiddleware",
    "articles.rights.middleware.RightsSnapshotMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "newsroom" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite by default, in the git-ignored var/ folder; PostgreSQL (psycopg 3) via DATABASE_URL.
DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
if DATABASE_URL.startswith("sqlite"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": database_config(DATABASE_URL)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# Background tasks. ``TASKS_BACKEND``: ``database`` (default: ``manage.py db_worker`` runs
# them, no broker), ``immediate`` (run inside the caller, for tests and one-off scripts), or a
# dotted backend path (e.g. ``django_tasks_rq.RQBackend`` in production, with RQ on Redis).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": tasks_backend(TASKS_BACKEND),
        "QUEUES": ["default", "feeds", "webhooks"],
    }
}

# Django's own Redis backend when REDIS_URL is set (shared by every app server), else a
# per-process local-memory cache. CACHE_URL overrides both: redis://…, locmem:// or dummy://
# (no caching at all, e.g. to measure uncached pages). Nothing talks to Redis directly.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_URL = os.environ.get("CACHE_URL", "") or REDIS_URL
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "newsroom")
CACHES = {"default": cache_config(CACHE_URL, prefix=CACHE_KEY_PREFIX)}
if CACHE_URL.startswith("redis"):
    # Sessions (editors only) read from Redis, written through to the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The project's own static files (site.css) live outside any app.
STATICFILES_DIRS = [BASE_DIR / "newsroom" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production WhiteNoise serves straight from the apps' static folders, so
# `make run` needs no collectstatic and works with DEBUG off.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

TAGGIT_CASE_INSENSITIVE = True


SITE_NAME = os.environ.get("SITE_NAME", "Newsroom")
# The origin of every absolute URL we give out (newsroom.site_url), never the request's Host.
SITE_URL = site_url_setting(os.environ.get("SITE_URL", ""), production=PRODUCTION)
SITE_DESCRIPTION = os.environ.get(
    "SITE_DESCRIPTION", "Technology news: our own reporting and stories from partner newsrooms."
)

# Public pages: how long browsers may keep a page (capped by the next scheduled publication);
# the server-side copy is invalidated by any edit. See articles/caching.py.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "60"))
# How long a newly imported story may wait before list pages show it (the whole page cache is
# not dropped per imported story), and how long a process trusts the cache state it last
# read (one round trip per cached page instead of two). See articles/caching.py.
PUBLIC_CACHE_ADDITIONS_SECONDS = float(os.environ.get("PUBLIC_CACHE_ADDITIONS_SECONDS", "15"))
# Pages each process keeps in memory in front of the shared cache (most recently served).
# None with CACHE_URL=dummy://, which means no page caching at all.
PUBLIC_CACHE_LOCAL_PAGES = int(
    os.environ.get("PUBLIC_CACHE_LOCAL_PAGES", "0" if CACHE_URL.startswith("dummy") else "1000")
)
# Off: pages are rendered for every request (validators and 304s stay), e.g. to measure them.
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", True)
PUBLIC_CACHE_STATE_MEMO_SECONDS = float(os.environ.get("PUBLIC_CACHE_STATE_MEMO_SECONDS", "1"))

# Editorial workflow limits, documented in the README ("Editorial workflow").
IMAGE_MAX_UPLOAD_BYTES = int(os.environ.get("IMAGE_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", str(40_000_000)))
# Someone else's open change form counts as "being edited" until this many seconds pass
# without a heartbeat from it.
EDIT_LOCK_SECONDS = int(os.environ.get("EDIT_LOCK_SECONDS", "120"))
# Serve uploaded media (image renditions) from Django outside production; in production the
# web server does it.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not PRODUCTION)

# Importer limits, documented in the README.
# Feed providers (articles.ingest.providers): per-step and whole-fetch timeouts, the lease a
# worker holds on a provider it claimed, and how many failures in a row flag it to editors.
# Private and loopback hosts are refused; only tests list their own servers ("host:port") in
# FEEDS_ALLOW_PRIVATE_HOSTS, which no environment variable sets.
FEEDS_FETCH_TIMEOUT = float(os.environ.get("FEEDS_FETCH_TIMEOUT", "10"))
FEEDS_FETCH_TOTAL_SECONDS = float(os.environ.get("FEEDS_FETCH_TOTAL_SECONDS", "30"))
FEEDS_CLAIM_SECONDS = int(os.environ.get("FEEDS_CLAIM_SECONDS", "600"))
FEEDS_FAILURES_ALERT = int(os.environ.get("FEEDS_FAILURES_ALERT", "3"))
FEEDS_ALLOW_PRIVATE_HOSTS: list[str] = []
# A feed entry with only a summary is replaced by the story on its page: at most this many
# pages fetched per poll of one feed.
FEEDS_PAGES_PER_POLL = int(os.environ.get("FEEDS_PAGES_PER_POLL", "20"))

IMPORT_MAX_FILE_BYTES = int(os.environ.get("IMPORT_MAX_FILE_BYTES", str(2 * 1024 * 1024)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The level sits on the handler too: records from Django's own loggers (django.request's
    # "Not Found" warnings) propagate to it without passing the root logger's level.
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "level": os.environ.get("LOG_LEVEL", "WARNING"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# === Production & security (issue 7) ===========================================================
# Everything below is the production path: headers, cookies, CSP, login throttling, media
# storage. `DJANGO_ENV=production ... manage.py check --deploy` must stay free of warnings
# (tests/test_production.py runs it).

# Headers sent on every response (SecurityMiddleware, XFrameOptionsMiddleware).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# newsroom.security.PermissionsPolicyMiddleware: the browser features no page of ours uses.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Content Security Policy (django-csp 4; Django 5.2 has none of its own, 6.0 will).
# No public page runs inline script: scripts come from our static files (the admin is
# relaxed by newsroom.security.AdminCSPMiddleware, for its rich-text editor's import map).
# Templates that need an inline <script> get a per-request nonce as {{ CSP_NONCE }}
# (csp.context_processors.nonce; the nonce is only generated, and only sent in the header, on
# responses whose template uses it). JSON-LD (<script type="application/ld+json">) is a data
# block that browsers never execute, so script-src does not apply to it and it needs no nonce;
# keep nonces off cached pages, since a cached page would carry a stale one.
_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS", [])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        # Inline style attributes (a few templates, the admin's widgets) are allowed: CSS can't
        # run code, and the risk they carry is far smaller than that of inline script.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *_MEDIA_ORIGINS],
        "media-src": ["'self'", *_MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Paths whose pages may run inline scripts (newsroom.security.AdminCSPMiddleware): the admin.
CSP_RELAXED_PATH_PREFIX = "/admin/"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one username
# from one address the login answers 429 for AXES_COOLOFF_TIME hours.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_TIME", "1"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind the load balancer the client address is the one it appended to X-Forwarded-For
# (newsroom.security.login_client_address). django-axes' own AXES_IPWARE_* settings need
# django-ipware, which is not installed: without this, every lockout would be keyed on the
# balancer's address.
LOGIN_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "1" if PRODUCTION else "0"))
AXES_CLIENT_IP_CALLABLE = "newsroom.security.login_client_address"

# Media files: local disk by default; an S3-compatible bucket (django-storages) when
# AWS_STORAGE_BUCKET_NAME is set, so every app server sees the same files. Credentials come
# from the standard AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables (read by boto3).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", "media"),
            "default_acl": None,  # the bucket's policy decides, not per-object ACLs
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
        },
    }

# newsroom.uploads.validate_image_upload: no side of an uploaded image may be longer.
IMAGE_MAX_SIDE = int(os.environ.get("IMAGE_MAX_SIDE", "12000"))

if PRODUCTION:
    # TLS ends at the load balancer, which must set X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
    CSRF_COOKIE_HTTPONLY = True
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host(s) in production.")

# === Content API and webhooks (issue 16) =========================================================
# CORS: any origin may GET the API (the content is public); nothing else is opened up.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "authorization", "if-none-match", "if-modified-since", "x-api-key"]
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
]
CORS_PREFLIGHT_MAX_AGE = 86400
# Requests per minute: per client address without a key, per key with one (a key may set
# its own). Counted in Django's cache, so with REDIS_URL the limits hold across servers.
API_ANONYMOUS_RATE_PER_MINUTE = int(os.environ.get("API_ANONYMOUS_RATE_PER_MINUTE", "60"))
API_KEY_RATE_PER_MINUTE = int(os.environ.get("API_KEY_RATE_PER_MINUTE", "600"))
# How many proxies in front of the app servers append to X-Forwarded-For (the load balancer).
API_PROXY_COUNT = int(os.environ.get("API_PROXY_COUNT", "1" if PRODUCTION else "0"))
# Identifiers of NINJS items: "<prefix>:article:<id>". Set it once per installation.
API_ITEM_URI_PREFIX = os.environ.get("API_ITEM_URI_PREFIX", "urn:newsroom")
API_CONTENT_LANGUAGE = os.environ.get("API_CONTENT_LANGUAGE", "en")
# Webhooks: a subscriber's URL must be http(s) on a public host. Loopback only for tests.
# Only for the tests' own receiver on 127.0.0.1; never honoured in production.
WEBHOOKS_ALLOW_LOOPBACK = env_bool("WEBHOOKS_ALLOW_LOOPBACK", False) and not PRODUCTION
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
# A subscriber is paused after this many failed attempts in a row (or a delivery that
# failed for 24 hours); the needs-attention panel says so.
WEBHOOK_PAUSE_AFTER_FAILURES = int(os.environ.get("WEBHOOK_PAUSE_AFTER_FAILURES", "20"))
# Seconds before each retry of a failed delivery: nine retries over about 24 hours, then the
# delivery has failed. (Shorter only for tests.)
WEBHOOK_RETRY_DELAYS = [
    int(seconds)
    for seconds in env_list(
        "WEBHOOK_RETRY_DELAYS",
        ["30", "120", "600", "1800", "3600", "7200", "14400", "28800", "28800"],
    )
]

# A bare view returning a constant string through the full middleware stack, for
# bench/bench_served.py only: it measures Django's own floor on this machine.
BENCH_BARE_VIEW = env_bool("BENCH_BARE_VIEW", False)
