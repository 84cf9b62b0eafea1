"""Browser journeys: Playwright's sync API driving Debian's Chromium (no browser download)
against pytest-django's live server. One browser per session, a fresh context per test.

A plugin of the root conftest (pytest_plugins), not a conftest of one app's journeys: the
support center's (cases/tests/e2e) and Atención al cliente's (customers/tests/e2e) share
the one browser (two Playwright sync sessions cannot run at once in a process).

Screenshots of each journey go to screenshots/<test name>/NN-<step>.png (git-ignored).
"""

import itertools
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls (test
# data, assertions) are still synchronous and safe. Must be set before any query runs.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import expect, sync_playwright

from cases.taxonomy.defaults import load_default_taxonomy

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# A shared 2-core CI machine can be slow: wait up to 10 s for what a user would wait for.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: `apt-get install chromium` (what .ci/run "
            "does), set E2E_CHROMIUM, or leave the journeys out with -m 'not e2e'."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


_reports = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Kept so a failed journey leaves a screenshot of where it stopped (new_page).
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


@pytest.fixture
def shots_folder(request) -> Path:
    folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def new_page(browser, live_server, shots_folder, request):
    """Open a page in a new browser context (its own cookies: one per person).

    Whatever the Content-Security-Policy made the browser refuse (an inline script or
    style, a resource from elsewhere) fails the journey: in production it would be broken.
    """
    contexts = []
    refused = []

    def csp_refusal(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            refused.append(f"{message.location.get('url')}: {message.text}")

    def new_page(viewport=DESKTOP):
        context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="es-CL")
        context.set_default_timeout(TIMEOUT_MS)
        context.on("console", csp_refusal)
        contexts.append(context)
        return context.new_page()

    yield new_page
    report = request.node.stash.get(_reports, {}).get("call")
    for n, context in enumerate(contexts):
        if report is not None and report.failed:
            for page in context.pages:
                page.screenshot(path=shots_folder / f"failed-{n}.png", full_page=True)
        context.close()
    if refused:
        pytest.fail("The Content-Security-Policy refused:\n" + "\n".join(refused))


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def shot(shots_folder, request):
    """shot("step") saves a full-page screenshot of `page` (or of `of=another_page`)."""
    numbers = itertools.count(1)

    def shot(step: str, *, of=None):
        target = of or request.getfixturevalue("page")
        target.screenshot(path=shots_folder / f"{next(numbers):02d}-{step}.png", full_page=True)

    return shot


# --- the data: the people come from the root conftest (seller_user, agent, password) ---
@pytest.fixture
def taxonomy(transactional_db):
    load_default_taxonomy()
