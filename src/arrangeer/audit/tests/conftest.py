from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils import timezone

import pytest

from arrangeer.audit.models import AccessLogEntry
from arrangeer.audit.services import write_access_records

from .fixtures import access_log_emptied_after_commits  # noqa: F401
from .support import a_record


@dataclass
class Clock:
    now: datetime

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Time stands still until the test moves it."""
    clock = Clock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def six_records(db: None, clock: Clock) -> list[AccessLogEntry]:
    """A log of six records written in two transactions an hour apart."""
    first = write_access_records([a_record(object_id=f"first-{n}") for n in range(3)])
    clock.advance(hours=1)
    second = write_access_records([a_record(object_id=f"second-{n}") for n in range(3)])
    return first + second
