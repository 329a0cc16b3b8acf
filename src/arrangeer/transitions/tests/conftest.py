from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.test import Client
from django.utils import timezone

import pytest

from arrangeer.testing.auth import login_verified
from arrangeer.testing.transitions import with_receiving_side
from arrangeer.testing.world import World, build_world


@dataclass
class Clock:
    """Time stands still until the test moves it (the project's clock: `timezone.now`)."""

    now: dt.datetime

    def set_day(self, day: dt.date) -> None:
        self.now = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


@pytest.fixture
def world(db: None) -> World:
    """The shared world with a plan, a secondary school in the region with its coordinator
    (the receiving side), and a second region with a school and its SWV."""
    return with_receiving_side(build_world(with_plan=True))


@pytest.fixture
def login(world: World):
    def make(name: str) -> Client:
        return login_verified(Client(), world.users[name])

    return make


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock
