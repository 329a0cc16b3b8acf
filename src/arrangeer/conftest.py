from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.test import Client

import pytest

from arrangeer.accounts.models import User
from arrangeer.testing.auth import login_verified

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
# it the routes that migrations ship). These modules stay whole on one process instead: their
# last test counts what the others checked.
ONE_PROCESS_MODULES = (
    "cases/tests/test_matrix.py",
    "api/tests/test_schemathesis.py",
)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module.endswith(ONE_PROCESS_MODULES) else nodeid

    return Scheduling(config, log)


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
