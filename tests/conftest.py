import pytest

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

    settings.PUBLIC_CACHE_ADDITIONS_SECONDS = 0
    settings.PUBLIC_CACHE_STATE_MEMO_SECONDS = 0
    settings.PUBLIC_CACHE_LOCAL_PAGES = 0  # so cache.clear() forces a real render
    cache.clear()
    forget_memo()
    forget_local_pages()
    yield
    cache.clear()
    forget_memo()
    forget_local_pages()


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
