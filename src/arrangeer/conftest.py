from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.test import Client

import pytest

from arrangeer.accounts.models import User
from arrangeer.testing.auth import login_verified
from arrangeer.testing.passes import skip_outside_their_pass

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that
# thread are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Uploaded files of the tests go to a temporary folder, never to var/media."""
    from django.conf import settings

    folder = tmp_path_factory.mktemp("media")
    previous = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = folder
    yield folder
    settings.MEDIA_ROOT = previous


# With several processes (pytest-xdist), tests go out one by one in the order pytest-django
# sorts them: database tests before the transactional ones that empty the database (and with
# it the routes that migrations ship). These modules and packages stay whole on one process
# instead, and go out first (the scheduler sends the largest units first): the matrix and
# Schemathesis, whose last test counts what the others checked, and the demo's tests, which
# share one seeded demo (demo/tests/conftest.py).
ONE_PROCESS = (
    "cases/tests/test_matrix.py",
    "api/tests/test_schemathesis.py",
    "demo/tests/",
)
# Long single tests start first among the tests of their kind (database or transactional),
# so that no process is left with one of them at the end while the other waits: these, and
# every browser walk.
LONG_TESTS = ("cases/tests/test_stateful.py",)


def _unit(nodeid: str) -> str:
    """The module or package a test stays on one process with, else the test itself."""
    module = nodeid.split("::", 1)[0]
    for unit in ONE_PROCESS:
        head, found, _ = module.partition(unit)
        if found:
            return head + unit
    return nodeid


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _unit(nodeid)

    return Scheduling(config, log)


def _django_kind(item: pytest.Item) -> int:
    """pytest-django's order (its pytest_collection_modifyitems): 0 database, 1
    transactional, 2 no database."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return 0 if issubclass(cls, TestCase) else 1
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    transactional = bool(
        marker is not None
        and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    ) or bool({"transactional_db", "live_server"} & set(fixtures))
    if transactional:
        return 1
    return 0 if marker is not None or "db" in fixtures else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """After pytest-django's order: the long tests first within their kind (a stable sort:
    everything else keeps its place)."""

    def long(item: pytest.Item) -> bool:
        module = item.nodeid.split("::", 1)[0]
        return module.endswith(LONG_TESTS) or item.get_closest_marker("browser") is not None

    items.sort(key=lambda item: (_django_kind(item), not long(item)))
    skip_outside_their_pass(items)


# Counts that tests report (how many matrix combinations, fuzz cases, state-machine sequences
# ran) travel as user properties named "count: ...", so they reach the summary also when the
# suite runs on several processes (pytest-xdist), where a test's own print is swallowed.
_COUNTS: dict[str, str] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for key, value in report.user_properties:
        if isinstance(key, str) and key.startswith("count: "):
            _COUNTS[key.removeprefix("count: ")] = str(value)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for label, value in sorted(_COUNTS.items()):
        terminalreporter.write_line(f"{label}: {value}")


@pytest.fixture
def verified_client() -> Callable[[User], Client]:
    """Returns a function that logs a fresh client in as the given user, both steps done."""

    def make(user: User) -> Client:
        return login_verified(Client(), user)

    return make


from arrangeer.audit.tests.fixtures import access_log_emptied_after_commits  # noqa: E402, F401
from arrangeer.testing.browser import browser, page  # noqa: E402, F401


@pytest.fixture
def english(settings: Any) -> Iterator[None]:
    """For tests that read English messages: the pages and services speak English."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
