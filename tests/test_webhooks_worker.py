"""End to end: a real ``manage.py db_worker`` process sends a signed webhook to a receiver on
127.0.0.1 (port 0), retrying after a failure. Its own SQLite file, so the worker (another
process) sees what this test wrote, whichever database the rest of the suite runs on."""

import base64
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from api.webhooks import signing

from .webhook_receiver import Receiver

ROOT = Path(__file__).resolve().parent.parent
SECRET = "whsec_" + base64.b64encode(b"k" * 32).decode()

SETUP = """
from django.utils import timezone
from api.models import WebhookSubscriber
from articles.models import Article
WebhookSubscriber.objects.create(name="Receiver", url={url!r}, secret={secret!r})
Article.objects.create(
    headline="Worker story", slug="worker-story", body="<p>Sent by the worker.</p>",
    status="published", publish_at=timezone.now() - timezone.timedelta(minutes=1),
)
"""
REPORT = """
import json
from api.models import WebhookDelivery
print(json.dumps([[d.event, d.status, d.attempts] for d in WebhookDelivery.objects.all()]))
"""


def manage(env, *args, timeout=300):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def test_a_real_worker_delivers_a_signed_webhook_and_retries(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "NEWSROOM_VAR_DIR": str(tmp_path),
        "DJANGO_ENV": "development",
        "TASKS_BACKEND": "database",
        "WEBHOOKS_ALLOW_LOOPBACK": "1",
        "WEBHOOK_RETRY_DELAYS": "1,1,1",
        "CACHE_URL": "locmem://",
    }
    manage(env, "migrate", "--noinput", "-v0")
    with Receiver(statuses=[500]) as receiver:
        manage(env, "shell", "-c", SETUP.format(url=receiver.url, secret=SECRET))
        worker = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--queue-name",
                "webhooks",
                "--interval",
                "0.2",
                "--no-startup-delay",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            deadline = time.monotonic() + 90
            while len(receiver.requests) < 2 and time.monotonic() < deadline:
                if worker.poll() is not None:
                    pytest.fail("the worker stopped: " + (worker.stdout.read() or ""))
                time.sleep(0.2)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    assert len(receiver.requests) == 2, "the worker did not deliver and retry in 90 s"
    failed, delivered = receiver.requests
    assert failed["headers"]["webhook-id"] == delivered["headers"]["webhook-id"]
    assert delivered["headers"]["newsroom-event"] == "article.published"
    assert signing.verify(
        secret=SECRET, headers=delivered["headers"], body=delivered["body"], now=int(time.time())
    )
    item = json.loads(delivered["body"])
    assert item["slugline"] == "worker-story"
    assert item["pubstatus"] == "usable"
    deliveries = json.loads(manage(env, "shell", "-c", REPORT).stdout.strip().splitlines()[-1])
    assert deliveries == [["article.published", "delivered", 2]]
