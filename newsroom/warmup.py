"""What a new app-server worker would otherwise pay on its first requests, paid once in the
gunicorn master before it forks (``preload_app``): the URL resolver built, every view module
imported and every template of the site compiled. A worker recycled every ~2,000 requests
then starts warm, instead of making the readers who reach it first wait for the warm-up.

Nothing here touches the database or the cache: forked workers must not share a connection
(``gunicorn.conf.py`` closes any before each fork all the same)."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver


def warm() -> int:
    """Build the URL resolver and compile the project's templates; returns how many."""
    get_resolver().url_patterns  # noqa: B018  (imports every view module)
    get_resolver()._populate()
    compiled = 0
    for name in _project_templates():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            continue  # a fragment meant for another engine or context: compiled on use
        compiled += 1
    return compiled


def _project_templates() -> list[str]:
    """Template names under the project's own folders (not Django's or a library's, which
    live in site-packages)."""
    folders = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    folders += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if "site-packages" not in Path(config.path).resolve().parts
    ]
    names = []
    for folder in folders:
        if folder.is_dir():
            names += [
                path.relative_to(folder).as_posix()
                for path in sorted(folder.rglob("*"))
                if path.suffix in (".html", ".txt", ".xml") and path.is_file()
            ]
    return names
