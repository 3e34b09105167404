"""Browser tests: Playwright's Python package driving Debian's Chromium at /usr/bin/chromium.

On a machine without Chromium they skip with a clear reason (``.ci/run`` installs it).
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"
# Chromium's own background traffic fails on this closed network; these flags keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}; install Debian's chromium package")
    playwright_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# What the data migrations load: partners, rules, companies, funding data and the roles.
INITIAL_DATA = ["articles", "companies", "auth.group"]


@pytest.fixture(scope="session")
def _initial_data_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The migrations' data as a fixture file (natural keys, so the roles' permissions survive
    the content types being recreated)."""
    from django.core.management import call_command

    path = tmp_path_factory.mktemp("initial-data") / "initial.json"
    with django_db_blocker.unblock():
        call_command("dumpdata", *INITIAL_DATA, natural_foreign=True, output=str(path), verbosity=0)
    return path


@pytest.fixture(autouse=True)
def _initial_data(_initial_data_snapshot, django_db_blocker):
    """Browser tests are transactional: their tables are emptied after each test, which also
    drops the data migrations' rows. Load those back before and after every browser test
    (Django's own serialized rollback keeps its snapshot on a connection Playwright's
    greenlets do not share)."""
    from django.core.management import call_command

    def restore():
        with django_db_blocker.unblock():
            call_command("loaddata", str(_initial_data_snapshot), verbosity=0)

    restore()
    yield
    restore()
