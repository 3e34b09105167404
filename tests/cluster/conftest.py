"""Two real gunicorn app servers (A and B), one background worker and one private Redis, on a
PostgreSQL database of their own, started once for the cluster tests.

``CLUSTER_TESTS`` decides whether they run: unset, they skip (``make cluster-test`` runs
them); ``auto``, they skip when PostgreSQL, redis-server or gunicorn is missing, saying
which; ``1`` (CI), a missing service is a failure.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import shutil
from dataclasses import dataclass

import pytest

from ops.cluster import Cluster, Redis, ensure_database, free_port

from .client import Browser, Control

MODE = os.environ.get("CLUSTER_TESTS", "")
DATABASE_URL = os.environ.get(
    "CLUSTER_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_cluster_test"
)
PASSWORD = "cluster-horse-battery-9"
HOST = "news.test"
# Only this test's servers read these; the test process itself keeps its own settings.
_NOT_INHERITED = ("DATABASE_URL", "REDIS_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE")


def _missing() -> str:
    """Why the cluster cannot run here, or ''."""
    if importlib.util.find_spec("gunicorn") is None:
        return "gunicorn is not installed"
    if shutil.which("redis-server") is None:
        return "redis-server is not installed"
    try:
        import psycopg

        base = DATABASE_URL.rsplit("/", 1)[0]
        psycopg.connect(f"{base}/postgres", connect_timeout=3).close()
    except Exception as exc:
        return f"PostgreSQL is not reachable at {DATABASE_URL}: {exc}"
    return ""


def pytest_collection_modifyitems(config, items):
    if MODE == "1":
        return
    reason = (
        "the multi-server tests run with `make cluster-test`"
        if not MODE
        else f"cluster tests skipped: {_missing()}"
    )
    if MODE and not _missing():
        return
    for item in items:
        if "tests/cluster/" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=reason))


@dataclass
class Running:
    cluster: Cluster
    redis: Redis
    control: Control
    data: dict
    password: str = PASSWORD

    def browser(self, **kwargs) -> Browser:
        return Browser(self.cluster, **kwargs)


@pytest.fixture(scope="session")
def running(tmp_path_factory):
    missing = _missing()
    if missing:
        pytest.fail(f"CLUSTER_TESTS=1 but {missing}")
    work = tmp_path_factory.mktemp("cluster")
    redis = Redis(port=free_port(), log=work / "redis.log")
    redis.start()
    # The README's defaults, whatever this shell says: the bound tested is the documented one.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in _NOT_INHERITED and not k.startswith(("PUBLIC_CACHE_", "AXES_", "API_"))
    }
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SITE_URL=f"https://{HOST}",
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=redis.url,
        CACHE_KEY_PREFIX=f"cluster-test-{secrets.token_hex(4)}",
        WEB_CONCURRENCY="2",
        STATIC_ROOT=str(work / "static"),
        MEDIA_ROOT=str(work / "media"),
        NEWSROOM_VAR_DIR=str(work / "var"),
        FORWARDED_ALLOW_IPS="127.0.0.1",
        API_ANONYMOUS_RATE_PER_MINUTE="10",
        GUNICORN_LOGLEVEL="warning",
    )
    cluster = Cluster(env=env, logs=work, ports={"A": free_port(), "B": free_port()})
    control = None
    try:
        ensure_database(DATABASE_URL, fresh=True)
        cluster.manage("migrate", "--noinput")
        cluster.manage("collectstatic", "--noinput")
        control = Control(cluster, (work / "control.log").open("a"))
        data = control("setup", password=PASSWORD)
        cluster.start_worker()
        cluster.start_server("A", wait=False)
        cluster.start_server("B", wait=False)
        cluster.wait_healthy("A")
        cluster.wait_healthy("B")
        yield Running(cluster=cluster, redis=redis, control=control, data=data)
    finally:
        cluster.stop()
        if control is not None:
            control.close()
        redis.stop()
        print(f"cluster logs: {work}")


@pytest.fixture
def cluster(running):
    """The running cluster, with both servers up (a test may have killed one)."""
    for name in ("A", "B"):
        if name not in running.cluster.servers:
            running.cluster.start_server(name)
    return running
