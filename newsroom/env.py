"""Reading settings from the environment: typed values, and the database, cache and task
backend configurations that ``newsroom.settings`` builds from one URL or name each."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_CACHE_BACKENDS = {
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def development_secret_key(var_dir: Path) -> str:
    """A per-checkout random key, kept out of git, so no known key ever signs a session."""
    path = var_dir / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        var_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


def database_config(url: str) -> dict:
    """Django's DATABASES entry for ``url``: SQLite tuned for an import beside the readers,
    PostgreSQL with persistent, health-checked connections."""
    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets readers keep reading while an import writes; the busy timeout makes a
            # writer wait for the lock instead of failing with "database is locked"; IMMEDIATE
            # takes the write lock at BEGIN so two writers never deadlock on an upgrade.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    else:
        config["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
        config["CONN_HEALTH_CHECKS"] = True
    return config


def cache_config(url: str, *, prefix: str) -> dict:
    """Django's CACHES entry for ``url`` (redis://, rediss://, locmem:// or dummy://; no URL
    is a per-process local-memory cache)."""
    scheme = url.split("://", 1)[0] if url else "locmem"
    if scheme not in _CACHE_BACKENDS:
        raise ImproperlyConfigured(
            f"CACHE_URL must start with redis://, rediss://, locmem:// or dummy://, not {url!r}."
        )
    config = {
        "BACKEND": _CACHE_BACKENDS[scheme],
        "KEY_PREFIX": prefix,
        "TIMEOUT": int(os.environ.get("CACHE_TIMEOUT", "300")),
    }
    if scheme.startswith("redis"):
        config["LOCATION"] = url
        config["OPTIONS"] = redis_options()
    return config


def redis_options() -> dict:
    """Connection options for Redis: a dropped connection or a Redis restarting is retried
    with backoff for about ``REDIS_RETRY_SECONDS`` (3) before a request fails, so a restart
    costs a pause, not errors. A Redis that accepts but does not answer is given up on after
    2 s, without retrying (that would keep a worker waiting far longer)."""
    from redis.backoff import ExponentialBackoff
    from redis.exceptions import ConnectionError
    from redis.retry import Retry

    budget = float(os.environ.get("REDIS_RETRY_SECONDS", "3"))
    backoff = ExponentialBackoff(cap=0.5, base=0.02)
    retries, waited = 0, 0.0
    while waited < budget:
        retries += 1
        waited += min(0.5, 0.02 * 2**retries)
    return {
        "retry": Retry(backoff, retries, supported_errors=(ConnectionError,)),
        "retry_on_error": [ConnectionError],
        "socket_connect_timeout": 2,
        "socket_timeout": 2,
    }


def tasks_backend(name: str) -> str:
    """``database``, ``immediate``, or a backend's dotted path, as django-tasks wants it."""
    return _TASK_BACKENDS.get(name, name)
