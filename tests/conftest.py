import pytest

SEEDS = __import__("pathlib").Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Public pages are cached; a rolled-back test must not leave its pages to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
    from articles.importing import import_paths

    summary = import_paths([SEEDS])
    assert summary.counts["created"] == 2, summary.counts
    return summary
