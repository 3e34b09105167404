"""The production path: deploy checks, security headers, CSP, login throttling, Redis, static.

Settings are read once per process, so the production profile is exercised in subprocesses
with a production environment; the rest runs in-process on the test settings.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.test import RequestFactory

ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path, **extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"))
    }
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="news.example.org",
        SITE_URL="https://news.example.org",
        NEWSROOM_VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_SETTINGS_MODULE="newsroom.settings",
    )
    env.update(extra)
    return env


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


# --- The production profile -----------------------------------------------------------------


def test_check_deploy_is_clean_in_production(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr


@pytest.mark.skipif(not redis_up(), reason="no Redis server on 127.0.0.1:6379")
def test_check_deploy_is_clean_with_redis_and_s3_media(tmp_path):
    env = production_env(
        tmp_path,
        REDIS_URL="redis://127.0.0.1:6379/15",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        ({"DEBUG": "1"}, "DEBUG must be off"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must name"),
        ({"CACHE_URL": "memcached://127.0.0.1"}, "CACHE_URL must start with"),
        ({"SITE_URL": ""}, "SITE_URL must be set"),
        ({"SITE_URL": "http://news.example.org"}, "SITE_URL must use https"),
        ({"SITE_URL": "news.example.org"}, "SITE_URL must be"),
    ],
)
def test_production_refuses_an_unsafe_configuration(tmp_path, override, message):
    result = manage(production_env(tmp_path, **override), "check")
    assert result.returncode != 0
    assert message in result.stderr


PROBE = """
from django.test import Client
c = Client(HTTP_HOST="news.example.org")
plain = c.get("/articles/some-story/?page=2")
health = c.get("/healthz")
tls = c.get("/healthz", HTTP_X_FORWARDED_PROTO="https")
css = c.get("/static/" + __import__("django.contrib.staticfiles.storage", fromlist=["x"])
            .staticfiles_storage.stored_name("newsroom/site.css"),
            HTTP_X_FORWARDED_PROTO="https", HTTP_ACCEPT_ENCODING="gzip")
import json
print(json.dumps({
    "plain": [plain.status_code, plain.headers.get("Location")],
    "health": health.status_code,
    "tls": [tls.status_code, dict(tls.headers)],
    "css": [css.status_code, css.headers.get("Content-Encoding"), css.headers.get("Cache-Control")],
}))
"""


def test_production_serves_https_only_with_hsts_and_hashed_compressed_static(tmp_path):
    env = production_env(tmp_path)
    collected = manage(env, "collectstatic", "--noinput")
    assert collected.returncode == 0, collected.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["newsroom/site.css"]
    assert hashed != "newsroom/site.css"  # a content hash in the name: cache forever
    assert (tmp_path / "static" / (hashed + ".gz")).exists()

    probe = manage(env, "shell", "-c", PROBE)
    assert probe.returncode == 0, probe.stderr
    out = json.loads(probe.stdout.strip().splitlines()[-1])
    # Plain HTTP is redirected to HTTPS (the load balancer sets X-Forwarded-Proto).
    assert out["plain"][0] == 301
    assert out["plain"][1] == "https://news.example.org/articles/some-story/?page=2"
    # The load balancer's health check answers on plain HTTP.
    assert out["health"] == 200
    status, headers = out["tls"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    # The stylesheet is served by WhiteNoise, compressed and cacheable for a year.
    assert out["css"][0] == 200
    assert out["css"][1] == "gzip"
    assert "max-age=315360000" in out["css"][2]


@pytest.mark.skipif(not redis_up(), reason="no Redis server on 127.0.0.1:6379")
def test_redis_url_selects_djangos_redis_cache(tmp_path):
    env = production_env(tmp_path, REDIS_URL="redis://127.0.0.1:6379/15")
    script = (
        "from django.core.cache import cache; from django.conf import settings;"
        "cache.set('probe', 'shared'); "
        "value = cache.get('probe'); cache.delete('probe'); "
        "print(settings.CACHES['default']['BACKEND'], value, settings.SESSION_ENGINE)"
    )
    result = manage(env, "shell", "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.core.cache.backends.redis.RedisCache",
        "shared",
        "django.contrib.sessions.backends.cached_db",
    ]


def test_cache_url_can_turn_caching_off(tmp_path):
    env = production_env(tmp_path, CACHE_URL="dummy://", REDIS_URL="redis://127.0.0.1:6379/15")
    script = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = manage(env, "shell", "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "django.core.cache.backends.dummy.DummyCache"


# --- Headers and CSP on the pages readers see -----------------------------------------------


@pytest.mark.django_db
def test_public_pages_send_security_headers_and_a_strict_csp(client, imported_seeds):
    response = client.get("/")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no nonce unless a template asks for one
    assert "unsafe" not in directives["script-src"]
    assert "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
def test_only_the_admin_may_run_inline_scripts(admin_client, client):
    admin_policy = admin_client.get("/admin/").headers["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in admin_policy
    public_policy = client.get("/").headers["Content-Security-Policy"]
    # Directives come in no fixed order.
    assert "script-src 'self'" in [part.strip() for part in public_policy.split(";")]


def test_templates_get_a_csp_nonce_that_the_header_allows(rf: RequestFactory):
    """A template that writes ``{{ CSP_NONCE }}`` gets a nonce the CSP header names."""
    from csp.middleware import CSPMiddleware

    template = Template('<script nonce="{{ CSP_NONCE }}">go()</script>')

    def view(request):
        return HttpResponse(template.render(RequestContext(request, {})))

    middleware = CSPMiddleware(view)
    request = rf.get("/")
    middleware.process_request(request)
    response = middleware.process_response(request, view(request))
    nonce = response.content.decode().split('nonce="')[1].split('"')[0]
    assert len(nonce) >= 16
    assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]


def test_healthz_answers_ok_when_the_database_is_reachable(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_bare_bench_view_is_off_unless_asked_for(client, db):
    assert client.get("/__bench__/bare").status_code == 404


# --- Login throttling -----------------------------------------------------------------------


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return settings


def admin_login(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


@pytest.mark.django_db
def test_admin_login_works_with_throttling_on(client, throttled):
    get_user_model().objects.create_superuser("editor", "e@example.org", "right-horse-9")
    response = admin_login(client, "editor", "right-horse-9")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_out(client, throttled):
    get_user_model().objects.create_superuser("editor", "e@example.org", "right-horse-9")
    for _ in range(2):
        failed = admin_login(client, "editor", "guess")
        assert failed.status_code == 200  # the form again, with an error
        assert b"Please enter the correct username and password" in failed.content
    locked = admin_login(client, "editor", "guess")
    assert locked.status_code == 429
    # Even the right password is refused during the cool-off.
    assert admin_login(client, "editor", "right-horse-9").status_code == 429
    # Another account from the same address is not locked out by someone guessing this one.
    get_user_model().objects.create_superuser("other", "o@example.org", "other-horse-9")
    assert admin_login(client, "other", "other-horse-9").status_code == 302


def test_postgresql_connections_are_reused_with_health_checks(tmp_path):
    env = production_env(tmp_path, DATABASE_URL="postgres://newsroom@db.internal:5432/newsroom")
    script = (
        "from django.conf import settings; db = settings.DATABASES['default'];"
        "print(db['ENGINE'], db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'])"
    )
    result = manage(env, "shell", "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.db.backends.postgresql",
        "60",
        "True",
    ]


def test_gunicorn_loads_the_app_with_the_shipped_config(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=production_env(tmp_path, WEB_CONCURRENCY="3"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- Refusing what is unsafe (issue 12, section 5) ------------------------------------------


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": "a" * 64}, "only 1 distinct character"),
        ({"SECRET_KEY": "ab" * 40}, "only 2 distinct characters"),
        ({"SECRET_KEY": "abcde" * 12}, "repeats itself"),
        ({"SECRET_KEY": "0123456789" * 6}, "repeats itself"),
        ({"SECRET_KEY": secrets.token_urlsafe(30)}, "at least 50 characters"),
        ({"SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(50)}, "django-insecure-"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must not contain '*'"),
        ({"ALLOWED_HOSTS": "news.example.org, *"}, "ALLOWED_HOSTS must not contain '*'"),
        ({"ALLOWED_HOSTS": "*.example.org"}, "ALLOWED_HOSTS must not contain '*'"),
    ],
    ids=lambda value: str(value)[:30],
)
def test_production_refuses_weak_keys_and_wildcard_hosts(tmp_path, override, message):
    result = manage(production_env(tmp_path, **override), "check")
    assert result.returncode != 0
    assert message in result.stderr
    assert override.get("SECRET_KEY", "@@") not in result.stderr  # never echo the key


def test_production_accepts_keys_django_generates(tmp_path):
    from django.core.management.utils import get_random_secret_key

    for key in (get_random_secret_key(), secrets.token_hex(32), secrets.token_urlsafe(38)):
        result = manage(production_env(tmp_path, SECRET_KEY=key), "check", "--deploy")
        assert result.returncode == 0, result.stderr


def test_error_pages_render_without_a_static_manifest(client, db, settings, tmp_path):
    """Without collectstatic, ManifestStaticFilesStorage raises for every {% static %}; the
    error pages must not depend on it, or one error becomes a chain of tracebacks."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.views.defaults import server_error

    from tests.factories import ArticleFactory

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path / "no-collectstatic"
    with pytest.raises(ValueError, match="manifest"):
        staticfiles_storage.url("newsroom/site.css")  # the trap is armed

    crashed = server_error(RequestFactory().get("/"))
    assert crashed.status_code == 500
    assert "Something went wrong" in crashed.content.decode()
    assert "/static/newsroom/site.css" in crashed.content.decode()

    missing = client.get("/articles/never-existed/")
    assert missing.status_code == 404
    assert "We can't find that page" in missing.content.decode()

    killed = ArticleFactory(status="killed", headline="Withdrawn story")
    gone = client.get(killed.get_absolute_url())
    assert gone.status_code == 410
    assert "withdrawn" in gone.content.decode()


NOT_FOUND_PROBE = """
from django.test import Client
c = Client(HTTP_HOST="news.example.org", raise_request_exception=False)
r = c.get("/no-such-page/", HTTP_X_FORWARDED_PROTO="https")
print(r.status_code, "We can't find that page" in r.content.decode())
"""


def test_production_without_collectstatic_still_answers_404(tmp_path):
    result = manage(production_env(tmp_path), "shell", "-c", NOT_FOUND_PROBE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "404 True"
    assert "Traceback" not in result.stderr
