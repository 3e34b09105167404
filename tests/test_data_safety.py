"""Data safety: a dump restores the same site into a fresh database, and migrations reverse.

Both run ``manage.py`` in a subprocess against a database of their own, created for the test
and thrown away after: an SQLite file always, plus a scratch PostgreSQL database when the suite
runs on PostgreSQL.
"""

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.models import Article
from companies.models import Company

from .factories import ArticleFactory

ROOT = Path(__file__).resolve().parent.parent
# Tables whose rows are rebuilt by migrate itself or belong to no reader-visible state.
DUMP_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


def manage(database_url: str, *args: str, stdin: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    # The same origin as this process, so both render the same absolute URLs.
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        SITE_URL=settings.SITE_URL,
    )
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


@pytest.fixture
def fresh_database(tmp_path):
    """URLs of empty databases: an SQLite file, and a scratch PostgreSQL one on PostgreSQL."""
    urls = [f"sqlite:///{tmp_path / 'fresh.sqlite3'}"]
    created = []
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        import psycopg

        db = settings.DATABASES["default"]
        name = f"newsroom_safety_{uuid.uuid4().hex[:8]}"
        admin = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}
        if db.get("PASSWORD"):
            admin["password"] = db["PASSWORD"]
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        created.append((name, admin))
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        urls.append(f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{name}")
    yield urls
    for name, admin in created:
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Django's JSON serializer keeps datetimes to the millisecond (DjangoJSONEncoder drops the last
# three digits), so a page that prints microseconds in <time datetime> differs there and only
# there; compare at the precision the dump keeps.
_MICROSECONDS = re.compile(r"(T\d\d:\d\d:\d\d\.\d{3})\d{3}")


def comparable(page: list) -> list:
    status, html = page
    return [status, _MICROSECONDS.sub(r"\1", html)]


RENDER = """
import json, sys
from django.test import Client
client = Client()
print(json.dumps({url: [r.status_code, r.content.decode()]
                  for url in json.loads(sys.stdin.read())
                  for r in [client.get(url)]}))
"""


def public_urls() -> list[str]:
    urls = ["/", "/?page=2"]
    # held and draft stories must stay 404 after the round trip too
    urls += [article.get_absolute_url() for article in Article.objects.all()]
    urls += [f"/tags/{tag.slug}/" for tag in Article.tags.all()]
    urls += [
        company.get_absolute_url()
        for company in Company.objects.filter(mentions__isnull=False).distinct()
    ]
    return urls


# serialized_rollback: the flush after a transactional test would otherwise take the rules and
# registry that migrations load away from the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_dumpdata_loaddata_reproduces_the_public_pages(
    client, imported_seeds, fresh_database, tmp_path
):
    # Beyond the seeds: enough staff stories for a second home page, with tags.
    for n in range(25):
        ArticleFactory(headline=f"Staff story {n}", tags=["ai", f"topic-{n % 3}"])
    urls = public_urls()
    before = {url: [r.status_code, r.content.decode()] for url in urls for r in [client.get(url)]}
    assert sum(status == 200 for status, _ in before.values()) >= 10
    assert any(status == 404 for status, _ in before.values())  # the held seed

    dump = tmp_path / "dump.json"
    call_command(
        "dumpdata",
        # Not --natural-primary: django-taggit's TaggedItem natural key is its object id
        # alone, so every tag of an article but one would be lost on load.
        "--natural-foreign",
        *[arg for app in DUMP_EXCLUDES for arg in ("--exclude", app)],
        "--output",
        str(dump),
    )
    for url in fresh_database:
        manage(url, "migrate", "--noinput")
        manage(url, "loaddata", str(dump))
        after = json.loads(
            manage(url, "shell", "-c", RENDER, stdin=json.dumps(urls)).splitlines()[-1]
        )
        for page in urls:
            if comparable(after[page]) != comparable(before[page]):
                import difflib

                diff = "\n".join(
                    difflib.unified_diff(
                        comparable(before[page])[1].splitlines(),
                        comparable(after[page])[1].splitlines(),
                        lineterm="",
                    )
                )
                raise AssertionError(f"{page} differs after the round trip ({url}):\n{diff}")


# serialized_rollback: the flush after a transactional test would otherwise take the rules and
# registry that migrations load away from the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrations_reverse_to_zero_and_forward_again(fresh_database):
    for url in fresh_database:
        manage(url, "migrate", "--noinput")
        # Unapplying articles takes every app that depends on it (companies' mentions) along.
        for app in ("articles", "companies"):
            manage(url, "migrate", app, "zero", "--noinput")
        plan = manage(url, "showmigrations", "articles", "companies")
        assert "[X]" not in plan, plan
        manage(url, "migrate", "--noinput")
        plan = manage(url, "showmigrations")
        assert "[ ]" not in plan, plan
        # The data migrations ran again: the reprint rules and the company registry are back.
        counts = manage(
            url,
            "shell",
            "-c",
            "from articles.models import ReprintRule; from companies.models import Company;"
            "print(ReprintRule.objects.count(), Company.objects.count())",
        )
        rules, companies = map(int, counts.split()[-2:])
        assert rules > 0
        assert companies > 0
