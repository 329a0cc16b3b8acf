"""Real-browser tests: Playwright driving Debian's Chromium (no browser download), with axe-core.

Without a Chromium the browser tests are skipped on a developer's machine; with CI=true a
missing browser fails the run, so CI cannot pass without having run them. They run in the
SQLite pass of `make test` only (`testing/passes.py`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
BLOCKING_IMPACTS = {"serious", "critical"}


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if shutil.which(configured) or os.path.exists(configured) else None
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no Chromium found: install Debian's chromium (see .ci/run).")
        pytest.skip("no Chromium on this machine (install Debian's chromium to run these)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


def axe_blocking_violations(page: Any) -> list[str]:
    """Run axe-core on the page; return the serious and critical findings, readably."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING_IMPACTS:
            targets = [", ".join(node["target"]) for node in violation["nodes"]][:3]
            found.append(f"{violation['id']} ({violation['impact']}): {targets}")
    return found


def assert_sound_page(page: Any, where: str | None = None) -> None:
    """The page a walk just reached has loaded, has one h1 and no serious axe finding.

    The h1 is awaited (a click that navigates returns once the new URL is committed, before
    its document is parsed), then axe runs on the loaded document."""
    from playwright.sync_api import expect

    label = where or page.url
    page.wait_for_load_state("load")
    expect(page.locator("h1"), label).to_have_count(1)
    assert axe_blocking_violations(page) == [], label


def log_in_browser(page: Any, live_server: Any, user: Any) -> None:
    """Give the browser the session of a user who passed both steps (the login itself has
    its own browser test)."""
    from django.conf import settings
    from django.test import Client

    from .auth import login_verified

    client = login_verified(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
