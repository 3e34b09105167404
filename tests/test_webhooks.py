"""Webhooks: which change is which event, the signed body, retries, pausing, resending, the
watch for moments that change visibility without a write, and where we refuse to send."""

import json
import time

import pytest
from django.utils import timezone
from django_tasks import task_backends

from api.addresses import UnsafeAddress, resolve, url_problem
from api.models import AnnouncedState, DeliveryStatus, Event, WebhookDelivery, WebhookSubscriber
from api.webhooks import signing, tasks
from articles.editorial.workflow import article_transition
from articles.models import Correction, GrantScope, PermissionGrant, Status

from .factories import ArticleFactory, UserFactory
from .ninjs_schema import ninjs_validator
from .test_rights_matrix import make_article
from .webhook_receiver import Receiver

pytestmark = pytest.mark.django_db
VALIDATOR = ninjs_validator()


@pytest.fixture(autouse=True)
def _queue(settings):
    """Enqueued tasks are kept (not run) so each test runs them when it means to."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "feeds", "webhooks"],
        }
    }
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    settings.WEBHOOK_RETRY_DELAYS = [1, 2, 3]
    settings.WEBHOOK_PAUSE_AFTER_FAILURES = 100
    yield
    task_backends["default"].clear()


def run_queue(until=None, *, limit=50) -> list:
    """Run what was enqueued (ignoring run_after unless ``until`` is given), like a worker."""
    backend = task_backends["default"]
    done = []
    for _ in range(limit):
        ready = [
            r
            for r in backend.results
            if until is None or r.task.run_after is None or r.task.run_after <= until
        ]
        if not ready:
            break
        result = ready[0]
        backend.results.remove(result)
        done.append(result.task.call(*result.args, **result.kwargs))
    return done


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what a block leaves for on_commit, as a real commit would."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block


def events_of(receiver):
    return [r["headers"]["newsroom-event"] for r in receiver.requests]


def bodies(receiver):
    return [json.loads(r["body"]) for r in receiver.requests]


def send_all(commit):
    """The worker: announce, then deliver, as many rounds as it takes."""
    for _ in range(5):
        with commit():
            if not run_queue():
                return


def test_publish_update_correct_unpublish_kill_are_signed_ninjs(commit):
    editor = UserFactory(role="Editor")
    with Receiver() as receiver:
        subscriber = WebhookSubscriber.objects.create(name="App", url=receiver.url)
        with commit():
            article = ArticleFactory(status=Status.DRAFT, publish_at=None)
        send_all(commit)
        assert receiver.requests == []  # a draft is no news
        with commit():
            article_transition(article=article, to=Status.PUBLISHED, user=editor)
        send_all(commit)
        with commit():
            article.hold_reason = "internal note"  # not something readers see
            article.save()
        send_all(commit)
        with commit():
            article.headline = "A better headline"
            article.save()
        send_all(commit)
        with commit():
            Correction.objects.create(
                article=article, text="Fixed a name.", corrected_at=timezone.now()
            )
        send_all(commit)
        with commit():
            article_transition(article=article, to=Status.UNPUBLISHED, user=editor)
        send_all(commit)
        with commit():
            article_transition(article=article, to=Status.PUBLISHED, user=editor)
        send_all(commit)
        with commit():
            article_transition(article=article, to=Status.KILLED, user=editor)
        send_all(commit)

    assert events_of(receiver) == [
        Event.PUBLISHED,
        Event.UPDATED,
        Event.CORRECTED,
        Event.UNPUBLISHED,
        Event.PUBLISHED,
        Event.KILLED,
    ]
    published, updated, corrected, unpublished, _, killed = bodies(receiver)
    for body in bodies(receiver):
        VALIDATOR.validate(body)
    assert published["pubstatus"] == "usable"
    assert published["headlines"][0]["value"] == article.headline.replace(
        "A better headline", published["headlines"][0]["value"]
    )
    assert updated["headlines"][0]["value"] == "A better headline"
    assert any(d["role"] == "correction" for d in corrected["descriptions"])
    assert unpublished == {
        k: unpublished[k]
        for k in ("uri", "standard", "type", "version", "versioncreated", "pubstatus")
    }
    assert unpublished["pubstatus"] == "withheld"
    assert killed["pubstatus"] == "canceled"
    for request in receiver.requests:
        assert signing.verify(
            secret=subscriber.secret,
            headers=request["headers"],
            body=request["body"],
            now=int(time.time()),
        )
        assert request["headers"]["webhook-signature"].startswith("v1,")
        assert request["headers"]["webhook-id"].startswith("msg_")
    assert len({r["headers"]["webhook-id"] for r in receiver.requests}) == 6
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == 6


def test_nothing_is_sent_in_the_editors_request(commit):
    with Receiver() as receiver:
        WebhookSubscriber.objects.create(name="App", url=receiver.url)
        with commit():
            ArticleFactory()
        assert receiver.requests == []  # only a task was enqueued
        assert [r.task.name for r in task_backends["default"].results] == ["announce_task"]
        assert task_backends["default"].results[0].task.queue_name == "webhooks"


def test_grant_start_and_expiry_are_announced_without_a_write(commit, monkeypatch):
    now = timezone.now()
    article = make_article("permission_required")
    with Receiver() as receiver:
        WebhookSubscriber.objects.create(name="App", url=receiver.url)
        with commit():
            tasks.visibility_check(now=now)  # the first watch: link-only is what they know
            tasks.announce_now([article.pk], at=now)
        send_all(commit)
        assert events_of(receiver) == [Event.PUBLISHED]
        starts, ends = now + timezone.timedelta(minutes=5), now + timezone.timedelta(minutes=10)
        with commit():
            PermissionGrant.objects.create(
                scope=GrantScope.ARTICLE,
                article=article,
                granted_by="Partner",
                reference="mail",
                valid_from=starts,
                expires_at=ends,
            )
        with commit():
            run_queue()  # the grant's save announces nothing new yet, and schedules a check
        queued = [r.task for r in task_backends["default"].results]
        assert [t.name for t in queued] == ["visibility_check_task"]
        assert queued[0].run_after == starts
        for moment in (starts, ends):
            # Time passes; nobody saves anything. The worker runs what has come due.
            clock = moment + timezone.timedelta(seconds=1)
            monkeypatch.setattr(timezone, "now", lambda clock=clock: clock)
            for _ in range(3):
                with commit():
                    run_queue(until=clock)
        queued = [r.task for r in task_backends["default"].results]
        assert queued == []  # nothing more to watch for: no grant or schedule ahead
    assert events_of(receiver) == [Event.PUBLISHED, Event.VISIBILITY, Event.VISIBILITY]
    link, full, link_again = bodies(receiver)
    assert "zanzibar" not in json.dumps(link)
    assert "zanzibar" in json.dumps(full)
    assert "zanzibar" not in json.dumps(link_again)


def test_failed_deliveries_retry_with_backoff_then_fail_and_pause(settings, commit):
    settings.WEBHOOK_RETRY_DELAYS = [10, 20]
    with Receiver(statuses=[500, 503, 500]) as receiver:
        subscriber = WebhookSubscriber.objects.create(name="Flaky", url=receiver.url)
        with commit():
            ArticleFactory()
        with commit():
            run_queue()  # announce
        delivery = WebhookDelivery.objects.get()
        started = timezone.now()
        with commit():
            run_queue()  # attempt 1: 500
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.RETRYING
        assert delivery.last_status_code == 500
        (retry,) = task_backends["default"].results
        assert 9 <= (retry.task.run_after - started).total_seconds() <= 11
        with commit():
            run_queue()  # attempt 2: 503
        (retry,) = task_backends["default"].results
        assert 19 <= (retry.task.run_after - started).total_seconds() <= 22
        with commit():
            run_queue()  # attempt 3: 500, retries used up
    delivery.refresh_from_db()
    subscriber.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 3
    assert subscriber.paused_at is not None
    assert "24 hours" in subscriber.pause_reason
    assert len(receiver.requests) == 3
    assert len({r["headers"]["webhook-id"] for r in receiver.requests}) == 1  # same message


def test_a_paused_subscriber_is_on_the_attention_panel_and_resumes(client, settings, commit):
    settings.WEBHOOK_PAUSE_AFTER_FAILURES = 2
    with Receiver(statuses=[500, 500]) as receiver:
        subscriber = WebhookSubscriber.objects.create(name="Partner CMS", url=receiver.url)
        with commit():
            ArticleFactory()
        send_all(commit)
        send_all(commit)
        subscriber.refresh_from_db()
        assert subscriber.paused_at is not None
        with commit():
            ArticleFactory()
        send_all(commit)
        assert WebhookDelivery.objects.filter(status=DeliveryStatus.HELD).count() >= 1
        admin = UserFactory(is_superuser=True)
        client.force_login(admin)
        page = client.get("/admin/").content.decode()
        assert "Webhook subscribers paused" in page
        assert "Partner CMS" in page
        with commit():
            client.post(
                "/admin/api/webhooksubscriber/",
                {"action": "resume", "_selected_action": [subscriber.pk]},
            )
        send_all(commit)
    subscriber.refresh_from_db()
    assert subscriber.paused_at is None
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == 2


def test_a_message_made_before_the_grant_expired_is_never_sent_after(commit, monkeypatch):
    article = make_article("permission_granted")
    grant = article.grants.get()
    with Receiver(statuses=[500]) as receiver:
        WebhookSubscriber.objects.create(name="App", url=receiver.url)
        with commit():
            tasks.announce_now([article.pk])
        with commit():
            run_queue()  # first attempt fails; the full text waits for its retry
        grant.expires_at = timezone.now() + timezone.timedelta(seconds=1)
        PermissionGrant.objects.filter(pk=grant.pk).update(expires_at=grant.expires_at)
        later = grant.expires_at + timezone.timedelta(seconds=1)
        monkeypatch.setattr(timezone, "now", lambda: later)
        with commit():
            run_queue()
    first = WebhookDelivery.objects.order_by("id").first()
    assert first.status == DeliveryStatus.SUPERSEDED
    assert len(receiver.requests) == 1  # only the failed attempt ever left


def test_resend_sends_what_readers_see_now(client, commit):
    article = ArticleFactory()
    with Receiver() as receiver:
        WebhookSubscriber.objects.create(name="App", url=receiver.url)
        with commit():
            tasks.announce_now([article.pk])
        send_all(commit)
        type(article).objects.filter(pk=article.pk).update(headline="Changed quietly")
        client.force_login(UserFactory(is_superuser=True))
        delivery = WebhookDelivery.objects.get()
        with commit():
            client.post(
                "/admin/api/webhookdelivery/",
                {"action": "resend", "_selected_action": [delivery.pk]},
            )
        send_all(commit)
        log = client.get(
            f"/admin/api/webhookdelivery/?subscriber__id__exact={delivery.subscriber_id}"
        )
        assert log.status_code == 200
    _first, again = bodies(receiver)
    assert again["headlines"][0]["value"] == "Changed quietly"
    assert (
        receiver.requests[0]["headers"]["webhook-id"]
        != receiver.requests[1]["headers"]["webhook-id"]
    )


def test_deleting_a_visible_story_sends_a_tombstone(commit):
    article = ArticleFactory()
    with Receiver() as receiver:
        WebhookSubscriber.objects.create(name="App", url=receiver.url)
        with commit():
            tasks.announce_now([article.pk])
        send_all(commit)
        with commit():
            article.delete()
        send_all(commit)
    assert events_of(receiver) == [Event.PUBLISHED, Event.KILLED]
    assert bodies(receiver)[1]["pubstatus"] == "canceled"
    assert not AnnouncedState.objects.exists()


def test_subscriber_event_filter(commit):
    with Receiver() as receiver:
        WebhookSubscriber.objects.create(name="Kills only", url=receiver.url, events=[Event.KILLED])
        with commit():
            article = ArticleFactory()
        send_all(commit)
        with commit():
            article_transition(article=article, to=Status.KILLED, user=UserFactory(role="Editor"))
        send_all(commit)
    assert events_of(receiver) == [Event.KILLED]


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("ftp://example.com/hook", "Only http and https"),
        ("http://127.0.0.1/hook", "private, local or reserved"),
        ("http://10.0.0.5/hook", "private, local or reserved"),
        ("http://169.254.169.254/latest/meta-data", "private, local or reserved"),
        ("http://[::1]/hook", "private, local or reserved"),
        ("http://[::ffff:192.168.0.1]/hook", "private, local or reserved"),
        ("http://localhost:8000/hook", "local host name"),
        ("http://db.internal/hook", "local host name"),
        ("http://user:pw@example.com/hook", "no user name or password"),
        ("https://hooks.example.com/newsroom", ""),
        ("http://93.184.216.34:8080/x", ""),
    ],
)
def test_only_public_http_hosts_receive_webhooks(url, problem):
    found = url_problem(url, allow_loopback=False)
    assert (problem in found) if problem else found == ""


def test_loopback_only_through_the_test_setting(settings):
    assert url_problem("http://127.0.0.1:9/x", allow_loopback=True) == ""
    assert "private" in url_problem("http://10.0.0.1/x", allow_loopback=True)
    with pytest.raises(UnsafeAddress):
        resolve("http://localhost:9/x", allow_loopback=False)
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        WebhookSubscriber(name="x", url="http://127.0.0.1:9/x").full_clean()


def test_a_name_that_resolves_to_a_private_address_is_refused_at_send_time(monkeypatch, commit):
    import socket

    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(2, 1, 6, "", ("10.1.2.3", 443))])
    with pytest.raises(UnsafeAddress, match=r"10\.1\.2\.3"):
        resolve("https://rebind.example.com/hook")


def test_signature_matches_the_standard_webhooks_example():
    # The example from the Standard Webhooks specification's reference libraries.
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    signature = signing.sign(
        secret=secret, message_id="msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp=1614265330, body=body
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
