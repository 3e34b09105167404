"""Build the peer: its virtual environment from bench/peer/requirements.txt, its database
(same kind as the project's), and the project's published stories loaded into it."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

PEER = Path(__file__).resolve().parent
SITE = PEER / "site"
REQUIREMENTS = PEER / "requirements.txt"


def venv_dir(root: Path) -> Path:
    return Path(os.environ.get("PEER_VENV", root / "var" / "peer-venv"))


def venv_python(root: Path) -> Path:
    return venv_dir(root) / "bin" / "python"


def ensure_venv(root: Path) -> Path:
    """Create var/peer-venv with the interpreter running this script and install the pins;
    re-install only when requirements.txt changes."""
    venv = venv_dir(root)
    python = venv / "bin" / "python"
    stamp = venv / "requirements.sha256"
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    if not python.exists():
        print(f"creating {venv}…", file=sys.stderr)
        # The base interpreter, not the project's venv: nothing of ours leaks into the peer.
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)],
        check=True,
    )
    stamp.write_text(wanted)
    return python


def peer_database_url(ours: str, articles: int, bench_var: Path) -> str:
    """The same kind of database as ours, under a name of its own."""
    tag = f"{articles // 1000}k" if articles % 1000 == 0 else str(articles)
    if ours.startswith("sqlite"):
        return f"sqlite:///{bench_var / f'peer_wagtail_{tag}.sqlite3'}"
    parts = urlsplit(ours)
    return parts._replace(path=f"/peer_wagtail_{tag}").geturl()


def peer_env(database_url: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")}
    env.update(
        DJANGO_SETTINGS_MODULE="peersite.settings",
        PEER_DATABASE_URL=database_url,
        LOG_LEVEL="ERROR",
    )
    env.update(extra)
    return env


def ensure_peer_database(root: Path, database_url: str, stories: int, bench_var: Path) -> bool:
    """Migrate and fill the peer database unless it already holds ``stories`` story pages
    (our story count: live and draft). Returns True when it was (re)built."""
    python = str(venv_python(root))
    env = peer_env(database_url)
    if _peer_story_count(python, env) == stories:
        return False
    _drop_database(database_url)
    from _common import ensure_postgres_database

    if database_url.startswith("postgres"):
        ensure_postgres_database(database_url)
    export = bench_var / f"peer_export_{stories}.jsonl"
    exported = export_stories(export)
    print(f"loading {exported} stories into the peer ({database_url})…", file=sys.stderr)
    manage = [python, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=SITE, env=env, check=True)
    subprocess.run([*manage, "load_stories", str(export)], cwd=SITE, env=env, check=True)
    export.unlink()
    return True


def _peer_story_count(python: str, env: dict) -> int:
    probe = (
        "import django; django.setup(); from news.models import NewsPage; "
        "print(NewsPage.objects.count())"
    )
    done = subprocess.run(
        [python, "-c", probe], cwd=SITE, env=env, capture_output=True, text=True, check=False
    )
    try:
        return int(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return -1


def _drop_database(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        path = Path(database_url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, dbname="postgres"
    ) as conn:
        conn.autocommit = True
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def export_stories(path: Path) -> int:
    """Every story of ours as JSON lines: headline, slug, standfirst, body, publication time,
    first byline (or the partner's author), tags, and whether our readers may see it (those
    become live pages; the rest stay drafts, so both sites hold as many rows)."""
    from taggit.models import TaggedItem

    from articles.models import Article, ArticleAuthor

    visible = set(Article.objects.published().values_list("pk", flat=True))
    fields = ("pk", "slug", "headline", "dek", "body", "publish_at", "created_at")
    rows = list(Article.objects.order_by("pk").values_list(*fields, "original_author"))
    tags: dict[int, list] = {}
    bylines: dict[int, str] = {}
    ids = [r[0] for r in rows]
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for object_id, name, slug in TaggedItem.objects.filter(
            object_id__in=chunk, content_type__model="article", content_type__app_label="articles"
        ).values_list("object_id", "tag__name", "tag__slug"):
            tags.setdefault(object_id, []).append((name, slug))
        # Ordered last byline first, so the first byline is the one the dict keeps.
        bylines.update(
            ArticleAuthor.objects.filter(article_id__in=chunk)
            .order_by("-order", "-id")
            .values_list("article_id", "author__name")
        )
    with path.open("w", encoding="utf-8") as out:
        for pk, slug, title, dek, body, publish_at, created_at, original in rows:
            story = {
                "slug": slug,
                "title": title,
                "intro": dek,
                "body": body,
                "date": (publish_at or created_at).isoformat(),
                "live": pk in visible,
                "author": bylines.get(pk) or original or "",
                "tags": tags.get(pk, []),
            }
            out.write(json.dumps(story, ensure_ascii=False) + "\n")
    return len(visible)


def story_count() -> int:
    """How many stories we hold: the peer holds as many pages."""
    from articles.models import Article

    return Article.objects.count()
