"""Feed providers polled from a local HTTP server the tests start: conditional GET, timeouts,
size caps, malformed feeds, redirects towards our own network, updates, exclusive claims, the
worker's schedule and the admin. No test reaches beyond 127.0.0.1."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.editorial.attention import needs_attention
from articles.ingest.fetching import FetchError, Limits, check_url, fetch
from articles.ingest.providers import provider_poll, providers_claim_due
from articles.ingest.tasks import poll_due_feeds, schedule_feed_poll
from articles.models import Article, FeedProvider, Source

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


class FeedServer:
    """Serves ``routes`` (path -> callable(handler) or (status, headers, body)) on loopback."""

    def __init__(self):
        self.routes: dict = {}
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append({"path": self.path, **dict(self.headers)})
                route = server.routes.get(self.path)
                if route is None:
                    status, headers, body = 404, {}, b"not here"
                elif callable(route):
                    status, headers, body = route(self)
                else:
                    status, headers, body = route
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    if "Content-Length" not in headers and not headers.get("_stream"):
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as the size cap and timeout tests want

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(settings):
    feeds = FeedServer()
    settings.FEEDS_ALLOW_PRIVATE_HOSTS = [f"127.0.0.1:{feeds.port}"]  # this server only
    settings.FEEDS_FETCH_TIMEOUT = 0.5
    settings.FEEDS_FETCH_TOTAL_SECONDS = 3
    yield feeds
    feeds.close()


def conditional(body: bytes, etag: str):
    def route(handler):
        if handler.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"ETag": etag, "Content-Type": "application/rss+xml"}, body

    return route


def provider_for(url: str, **kwargs) -> FeedProvider:
    source, _ = Source.objects.get_or_create(
        domain="opencircuit.example", defaults={"name": "Open Circuit", "slug": "open-circuit"}
    )
    return FeedProvider.objects.create(
        source=source, name=kwargs.pop("name", url), url=url, **kwargs
    )


def test_a_feed_is_imported_then_answered_not_modified(server):
    server.routes["/rss"] = conditional((FIXTURES / "feed_rss.xml").read_bytes(), '"v1"')
    provider = provider_for(server.url("/rss"))
    results = provider_poll(provider=provider)
    assert [r.status for r in results] == ["created", "created", "rejected"]
    provider.refresh_from_db()
    assert provider.last_status == 200
    assert provider.etag == '"v1"'
    assert provider.consecutive_failures == 0
    assert provider.last_summary["created"] == 2
    assert provider.next_fetch_at > timezone.now()
    kestrel = Article.objects.get(headline__startswith="Kestrel")
    assert kestrel.source == provider.source

    assert provider_poll(provider=provider) == []
    provider.refresh_from_db()
    assert provider.last_status == 304
    assert server.requests[-1]["If-None-Match"] == '"v1"'
    assert Article.objects.count() == 2


@pytest.mark.parametrize(
    ("path", "route", "message"),
    [
        ("/slow", lambda h: (time.sleep(1.5), (200, {}, b"late"))[1], "did not answer within"),
        ("/big", (200, {"Content-Length": "999999999"}, b""), "over the limit"),
        ("/stream", (200, {"_stream": "1"}, b"<rss>" + b"x" * 5000), "larger than the limit"),
        ("/malformed", (200, {}, (FIXTURES / "malformed.xml").read_bytes()), "not a readable"),
        ("/gone", (410, {}, b"gone"), "HTTP 410"),
        ("/to-private", (302, {"Location": "http://10.255.255.1/feed"}, b""), "private"),
        ("/to-metadata", (302, {"Location": "http://169.254.169.254/"}, b""), "private"),
        ("/to-file", (302, {"Location": "file:///etc/passwd"}, b""), "only http and https"),
    ],
)
def test_a_failing_feed_keeps_a_clear_error_and_counts(server, settings, path, route, message):
    settings.IMPORT_MAX_FILE_BYTES = 2000
    server.routes[path] = route
    provider = provider_for(server.url(path))
    assert provider_poll(provider=provider) == [] or provider.last_error
    provider.refresh_from_db()
    assert message in provider.last_error
    assert provider.consecutive_failures == 1
    assert Article.objects.count() == 0


def test_a_redirect_to_another_loopback_port_is_refused(server):
    server.routes["/hop"] = (302, {"Location": "http://127.0.0.1:9/feed"}, b"")
    provider = provider_for(server.url("/hop"))
    provider_poll(provider=provider)
    provider.refresh_from_db()
    assert "private, loopback or reserved" in provider.last_error


def test_a_provider_failing_again_and_again_needs_attention(server, settings):
    settings.FEEDS_FAILURES_ALERT = 3
    server.routes["/broken"] = (500, {}, b"oops")
    provider = provider_for(server.url("/broken"), name="Broken wire")
    for _ in range(2):
        provider_poll(provider=provider)
    assert "Feeds failing" not in [s.title for s in needs_attention()]
    provider_poll(provider=provider)
    (section,) = [s for s in needs_attention() if s.title == "Feeds failing"]
    assert section.items[0][0] == "Broken wire"
    assert "3 failures in a row" in section.items[0][2]


def test_an_updated_entry_updates_the_story_and_keeps_the_editors_edit(server):
    feed = (FIXTURES / "feed_atom.xml").read_text()
    body = {"feed": feed.encode()}
    server.routes["/atom"] = lambda h: (200, {}, body["feed"])
    provider = provider_for(server.url("/atom"))
    provider_poll(provider=provider)
    story = Article.objects.get()
    story.headline = "Lagos lab's Yoruba speech models (edited)"
    story.save()
    body["feed"] = (
        feed.replace("2026-11-29T11:00:00Z", "2026-11-30T08:00:00Z")
        .replace("by a third", "by almost half")
        .encode()
    )
    assert [r.status for r in provider_poll(provider=provider)] == ["updated"]
    story.refresh_from_db()
    assert "by almost half" in story.body
    assert story.headline == "Lagos lab's Yoruba speech models (edited)"


def test_each_due_provider_is_claimed_by_one_worker(server):
    first = provider_for(server.url("/a"), name="a")
    second = provider_for(server.url("/b"), name="b")
    FeedProvider.objects.filter(pk=second.pk).update(
        next_fetch_at=timezone.now() + timezone.timedelta(hours=1)
    )
    assert [p.pk for p in providers_claim_due()] == [first.pk]
    assert providers_claim_due() == []  # the first worker's lease holds it
    later = timezone.now() + timezone.timedelta(hours=2)
    assert {p.pk for p in providers_claim_due(now=later)} == {first.pk, second.pk}


def test_ssrf_guard_refuses_our_own_network():
    for url in [
        "http://127.0.0.1/",
        "http://localhost:8000/",
        "http://10.0.0.5/feed",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
    ]:
        with pytest.raises(FetchError, match="private, loopback or reserved"):
            check_url(url)
    for url, message in [
        ("ftp://example.org/feed", "only http and https"),
        ("gopher://example.org/", "only http and https"),
        ("http://user:pw@example.org/", "user name or password"),
        ("http:///feed", "no host"),
        ("http://example.org:99999/", "port"),
    ]:
        with pytest.raises(FetchError, match=message):
            check_url(url)


def test_loopback_is_allowed_only_for_the_listed_test_server(server):
    with pytest.raises(FetchError, match="private"):
        fetch(server.url("/rss"), limits=Limits(timeout=0.5))
    server.routes["/ok"] = (200, {}, b"<rss/>")
    allowed = Limits(timeout=0.5, allow_private=frozenset({f"127.0.0.1:{server.port}"}))
    assert fetch(server.url("/ok"), limits=allowed).body == b"<rss/>"


def test_the_worker_poll_is_queued_once_and_queues_the_next(
    server, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    server.routes["/rss"] = conditional((FIXTURES / "feed_rss.xml").read_bytes(), '"v1"')
    provider_for(server.url("/rss"))
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule_feed_poll()
    with django_capture_on_commit_callbacks(execute=True):
        assert not schedule_feed_poll()  # one chain, however often the site starts
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    DBTaskResult.objects.update(status="RUNNING")  # the worker has taken it
    with django_capture_on_commit_callbacks(execute=True):
        outcome = poll_due_feeds.call()
    assert list(outcome.values()) == [["created", "created", "rejected"]]
    waiting = DBTaskResult.objects.filter(status="READY").order_by("-run_after").first()
    assert waiting.run_after > timezone.now() + timezone.timedelta(minutes=29)


def test_ingest_feeds_command_reports_per_provider(server):
    server.routes["/rss"] = conditional((FIXTURES / "feed_rss.xml").read_bytes(), '"v1"')
    provider_for(server.url("/rss"), name="Open Circuit RSS")
    out = StringIO()
    call_command("ingest_feeds", "--once", "--json", stdout=out)
    (entry,) = json.loads(out.getvalue())["providers"]
    assert entry["provider"] == "Open Circuit RSS"
    assert [f["status"] for f in entry["files"]] == ["created", "created", "rejected"]
    assert entry["files"][0]["entry"] == "opencircuit-2026-1101"
    assert entry["files"][0]["provider"] == "Open Circuit RSS"


def test_the_admin_queues_fetches_and_never_fetches_in_the_request(
    admin_client, server, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    source = Source.objects.create(name="Lab Notes", slug="lab-notes", domain="labnotes.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:articles_feedprovider_add"),
            {
                "name": "Lab Notes",
                "source": source.pk,
                "url": server.url("/atom"),
                "format": "auto",
                "interval_minutes": "15",
                "enabled": "on",
            },
        )
    assert response.status_code == 302
    provider = FeedProvider.objects.get(name="Lab Notes")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:articles_feedprovider_changelist"),
            {"action": "fetch_now", "_selected_action": [provider.pk]},
        )
    assert not server.requests  # the request only queued work for the worker
    paths = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == {"articles.ingest.tasks.poll_due_feeds", "articles.ingest.tasks.poll_provider"}
    page = admin_client.get(reverse("admin:articles_feedprovider_changelist"))
    assert b"Lab Notes" in page.content


def test_a_summary_entry_is_completed_from_its_page(server):
    page = (FIXTURES / "page_cc.html").read_text()
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Open Circuit</title>
    <item><title>Lumen raises money</title><guid>oc-lumen</guid>
    <link>{server.url("/lumen")}</link>
    <description>Lumen raised $40 million.</description></item></channel></rss>"""
    server.routes["/rss"] = (200, {}, feed.encode())
    server.routes["/lumen"] = (200, {"Content-Type": "text/html"}, page.encode())
    provider = provider_for(server.url("/rss"))
    (result,) = provider_poll(provider=provider)
    assert result.status == "created"
    story = Article.objects.get()
    assert story.headline == "Lumen raises $40 million for photonic chips"  # the page's
    assert not story.text_is_partial
    assert "second tape-out" in story.body
    assert story.import_name == "oc-lumen"  # still the feed entry's story
    assert story.status == "published"  # the page's CC BY 4.0 licence
