"""What `make run` relies on: settings, the editor account, static files, SQLite's WAL mode."""

import os
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

MANAGE = str(settings.BASE_DIR / "manage.py")


@pytest.mark.django_db
def test_ensure_editor_creates_once_and_never_resets(capsys):
    call_command("ensure_editor")
    first = capsys.readouterr().out
    assert "password:" in first
    password = first.split("password:")[1].split()[0]
    user = get_user_model().objects.get(username="editor")
    assert user.is_staff
    assert user.check_password(password)
    assert len(password) >= 12

    call_command("ensure_editor")
    second = capsys.readouterr().out
    assert "password" in second
    assert password not in second
    user.refresh_from_db()
    assert user.check_password(password)


def test_two_fresh_editor_accounts_get_different_passwords(tmp_path):
    passwords = []
    for n in range(2):
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / f'db{n}.sqlite3'}"}
        subprocess.run([sys.executable, MANAGE, "migrate", "-v0"], env=env, check=True)
        out = subprocess.run(
            [sys.executable, MANAGE, "ensure_editor"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        passwords.append(out.split("password:")[1].split()[0])
    assert passwords[0] != passwords[1]


def test_sqlite_database_runs_in_wal_mode_with_busy_timeout(tmp_path):
    db = tmp_path / "wal.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    subprocess.run([sys.executable, MANAGE, "migrate", "-v0"], env=env, check=True)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert options["timeout"] >= 5


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_ENV": "production", "SECRET_KEY": "", "DEBUG": ""}
    result = subprocess.run(
        [sys.executable, MANAGE, "check"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_site_stylesheet_is_served(client):
    response = client.get("/static/newsroom/site.css")
    assert response.status_code == 200
    assert b"prefers-color-scheme" in b"".join(response.streaming_content)
