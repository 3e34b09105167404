import contextlib
import os
import socket
import threading

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread
from pytest_django import live_server_helper

SEEDS = __import__("pathlib").Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Absolute URLs come from SITE_URL alone; the test client's own host, so links followed
    in tests stay on the test server. tests/test_site_url.py sets another and forges Hosts."""
    settings.SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Public pages are cached; a rolled-back test must not leave its pages to the next.
    Changes show at once: tests/test_caching.py turns the delays back on where it tests them."""
    from django.core.cache import cache

    from articles.site.caching import forget_local_pages, forget_memo
    from articles.site.fastpath import forget_fast_pages

    settings.PUBLIC_CACHE_ADDITIONS_SECONDS = 0
    settings.PUBLIC_CACHE_STATE_MEMO_SECONDS = 0
    settings.PUBLIC_CACHE_LOCAL_PAGES = 0  # so cache.clear() forces a real render
    cache.clear()
    forget_memo()
    forget_local_pages()
    forget_fast_pages()
    yield
    cache.clear()
    forget_memo()
    forget_local_pages()
    forget_fast_pages()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads and image renditions go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_login_throttling(settings):
    # django-axes needs the request at authenticate(), which Client.login() does not pass;
    # tests/test_production.py turns it back on to test the throttling itself.
    settings.AXES_ENABLED = False


@pytest.fixture
def seeds_dir():
    return SEEDS


@pytest.fixture
def imported_seeds(db):
    """Both seed files imported through the real importer."""
    from articles.ingest.importing import import_paths

    summary = import_paths([SEEDS])
    assert summary.counts["created"] == 2, summary.counts
    return summary


class _JoiningWSGIServer(ThreadedWSGIServer):
    """The live server, but it waits for its request threads when it stops.

    Django's server leaves them running as daemons: a browser's keep-alive connection keeps
    one blocked on a read after the tests end, and when it finally closes, the thread closes
    the database connection it was lent, by then no longer shared with it. That printed a
    "DatabaseWrapper objects created in a thread" traceback per connection. Here stopping
    ends those connections and joins their threads while the connection is still shared."""

    daemon_threads = False
    block_on_close = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._open_requests = set()
        self._open_lock = threading.Lock()

    def process_request(self, request, client_address):
        with self._open_lock:
            self._open_requests.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self._open_lock:
            self._open_requests.discard(request)
        super().shutdown_request(request)

    def server_close(self):
        with self._open_lock:
            open_requests = list(self._open_requests)
        for request in open_requests:
            with contextlib.suppress(OSError):  # already closed by the client
                request.shutdown(socket.SHUT_RDWR)
        super().server_close()  # joins the request threads (block_on_close)


class _JoiningLiveServerThread(LiveServerThread):
    server_class = _JoiningWSGIServer


class _LiveServer(live_server_helper.LiveServer):
    def __init__(self, addr: str):
        super().__init__(addr, start=False)
        plain = self.thread
        self.thread = _JoiningLiveServerThread(
            plain.host,
            plain.static_handler,
            connections_override=plain.connections_override,
            port=plain.port,
        )
        self.thread.daemon = True
        self.start()


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server (same address option), stopped cleanly."""
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = _LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture
def writer():
    """A member of the Writer group (modules that need other details define their own)."""
    from .factories import UserFactory

    return UserFactory(username="wendy", role="Writer")


@pytest.fixture
def editor():
    """A member of the Editor group."""
    from .factories import UserFactory

    return UserFactory(username="eddie", role="Editor")
