"""The test's own hand on the cluster's database: a Django process with the cluster's settings
(same PostgreSQL, same Redis) that reads one JSON command a line and answers one JSON line.

It sets up the stories and accounts, and does what no reader or editor does over HTTP
(records a grant that expires in a few seconds, reads a story's stored state). Everything it
writes goes through the services and models' signals, as the admin's would, so it invalidates
the shared page cache the way a real change does. Run as ``python -m tests.cluster.control``.
"""

import json
import os
import sys
import traceback
from datetime import timedelta


def _setup(*, password: str) -> dict:
    from articles.models import Status
    from tests.factories import (
        ArticleFactory,
        PartnerArticleFactory,
        ReprintRuleFactory,
        UserFactory,
    )

    editors = {}
    for username, name in (("eddie", "Eddie"), ("erin", "Erin")):
        user = UserFactory(username=username, first_name=name, role="Editor", password=password)
        editors[username] = user.pk
    staff = ArticleFactory(
        headline="Cluster staff story",
        slug="cluster-staff-story",
        body="<p>Words of the first version.</p>",
        status=Status.DRAFT,
        publish_at=None,
    )
    partner = PartnerArticleFactory(
        headline="Cluster granted story",
        slug="cluster-granted-story",
        body="<p>Granted words only.</p>",
        rule=ReprintRuleFactory(permission="permission_required"),
        status=Status.DRAFT,
        publish_at=None,
    )
    steady = ArticleFactory(
        headline="Cluster steady story",
        slug="cluster-steady-story",
        body="<p>Steady words.</p>",
    )
    return {"editors": editors, "staff": staff.pk, "partner": partner.pk, "steady": steady.pk}


def _grant(*, article: int, seconds: float) -> dict:
    """A grant for ``article`` that ends ``seconds`` from now; publishes the story with it."""
    from django.utils import timezone

    from articles.editorial.publishing import article_publish
    from articles.models import Article, GrantScope, PermissionGrant, Status
    from articles.rights.services import grant_add

    now = timezone.now()
    story = Article.objects.get(pk=article)
    grant = grant_add(
        grant=PermissionGrant(
            scope=GrantScope.ARTICLE,
            article=story,
            granted_by="Partner",
            reference="cluster test",
            valid_from=now - timedelta(days=1),
            expires_at=now + timedelta(seconds=seconds),
        )
    )
    if story.status != Status.PUBLISHED:
        article_publish(article=story)
    return {"expires_at": grant.expires_at.timestamp(), "url": story.get_absolute_url()}


def _article(*, article: int) -> dict:
    from articles.models import Article

    story = Article.objects.get(pk=article)
    return {
        "status": story.status,
        "version": story.version,
        "headline": story.headline,
        "url": story.get_absolute_url(),
    }


def _login_failures(*, username: str) -> dict:
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.filter(username=username)
    return {"failures": sum(a.failures_since_start for a in attempts)}


def _api_key(*, rate: int) -> dict:
    from api.models import ApiKey

    key, raw = ApiKey.issue(name="Cluster test", rate_per_minute=rate)
    key.save()
    return {"key": raw}


COMMANDS = {
    "api_key": _api_key,
    "setup": _setup,
    "grant": _grant,
    "article": _article,
    "login_failures": _login_failures,
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.db import close_old_connections

    answers = sys.stdout
    sys.stdout = sys.stderr  # nothing else may write on the answer channel
    for line in sys.stdin:
        command = json.loads(line)
        close_old_connections()
        try:
            result = {"ok": COMMANDS[command["op"]](**command.get("args", {}))}
        except Exception:
            result = {"error": traceback.format_exc()}
        answers.write(json.dumps(result) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
