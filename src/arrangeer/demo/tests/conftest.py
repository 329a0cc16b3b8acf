"""One seeded demo for every test of the demo (the tests of this package).

Seeding the demo takes 10 to 15 s; the tests read what it made (and some seed it again, which
must add nothing). So the demo is seeded once, as `make run` does on a first start, inside a
transaction that is rolled back after the last test of the package: every test runs in a
savepoint of its own within it and sees the demo as seeded, and the tests of other packages
never see it. The package runs on one process (conftest.ONE_PROCESS).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

import pytest

from arrangeer.accounts.models import User
from arrangeer.organisations.models import Membership, Organisation, Region


def counts() -> tuple[int, int, int, int]:
    """Regions, organisations, users and memberships: what a second seeding must not add to."""
    return (
        Region.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


@dataclass(frozen=True)
class Seeding:
    """What the first seeding printed (stdout and stderr, mail included) and what it made."""

    out: str
    err: str
    counts: tuple[int, int, int, int]


@pytest.fixture(scope="package")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[Seeding]:
    """The demo seeded once (the default 40 generated cases), with development's console mail
    so that any mail the demo sent would show in what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            call_command("seed_demo")
        yield Seeding(out=out.getvalue(), err=err.getvalue(), counts=counts())
        transaction.set_rollback(True)
