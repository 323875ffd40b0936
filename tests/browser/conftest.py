"""Browser tests: Playwright drives Debian's Chromium against a live server.

The demo site is loaded once per session into the test database and the live
server serves it; browser tests read it and must not request ``db`` fixtures
(those would roll back or flush it). Run them with ``pytest -m browser`` or as
part of ``make test``.
"""

import os
import shutil

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """Replace pytest-django's helper, which would flush the database after every
    test: browser tests share the demo site loaded once per session instead."""
    if "live_server" not in request.fixturenames:
        yield
        return
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture(scope="session")
def demo_site(django_db_setup, django_db_blocker):
    """Load the demo site once and keep the database open for the live server."""
    with django_db_blocker.unblock():
        call_command("load_initial_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
        yield


@pytest.fixture(scope="session")
def base_url(demo_site, live_server):
    return live_server.url


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (.ci/run does).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make alongside it are synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
