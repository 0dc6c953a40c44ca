"""Browser tests: a real Chromium, driven by Playwright's sync API, against pytest-django's
live server.

Browsers cannot be downloaded on our machines (`playwright install` fails), so these tests use
Debian's Chromium (`apt-get install chromium`). Without it they are skipped, unless
REQUIRE_BROWSER=1 (as in CI), where a missing browser is an error.
"""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps calling home, which a closed network answers with timeouts.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 10_000
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all the browser tests.

    Package-scoped rather than session-scoped: Playwright's sync API keeps an asyncio loop
    running in the main thread for as long as it is open, which would break `async_to_sync` in
    any test that runs after these. For the same reason Django's guard against ORM calls under a
    running loop is lifted only while the browser is open (our fixtures, and transactional_db's
    flush, use the ORM from this thread).
    """
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found; install it with `apt-get install chromium`"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test item, so `page` can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(request, browser):
    """A fresh browser context per test. Its locale is English on purpose: the app ignores
    Accept-Language and must still open in Vietnamese. On failure a screenshot is saved under
    test-results/."""
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        RESULTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        try:
            page.screenshot(path=str(RESULTS_DIR / f"{name}.png"), full_page=True)
        except Exception as exc:  # the page may be gone; the test's own error matters more
            print(f"Could not save a screenshot: {exc}")
    context.close()


@pytest.fixture
def demo_site(transactional_db, time_limits):
    """The demo organisation of `make run`, with a user for every role (password demo12345).

    It loads all 3,356 real administrative units (about 1.5 s on SQLite, 2 s on PostgreSQL) and
    the database is flushed after every transactional test, so each test pays that again: keep
    the tests that need it few, and walk several users within one test.
    """
    from units.demo import load_demo_organisation

    return load_demo_organisation()
