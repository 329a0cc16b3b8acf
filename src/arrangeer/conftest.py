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
