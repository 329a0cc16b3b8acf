from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

import pytest

from arrangeer.quality.models import ContactPoint
from arrangeer.testing.quality import contact_point
from arrangeer.testing.world import World, build_world


@dataclass
class Clock:
    """Time stands still until the test moves it (the project's clock: `timezone.now`)."""

    now: dt.datetime

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def world(db: None) -> World:
    return build_world(with_plan=True)


@pytest.fixture
def point(world: World) -> ContactPoint:
    return contact_point(world)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """From the next Friday at 9:00 (after the world was built, so its consents hold)."""
    today = timezone.localdate()
    friday = today + dt.timedelta(days=(4 - today.weekday()) % 7 or 7)
    clock = Clock(timezone.make_aware(dt.datetime.combine(friday, dt.time(9, 0))))
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock
