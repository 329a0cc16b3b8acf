from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

import pytest

from arrangeer.core.workdays import is_working_day
from arrangeer.organisations.constants import Role
from arrangeer.organisations.services import grant_membership
from arrangeer.testing.escalations import ladder
from arrangeer.testing.factories import UserFactory
from arrangeer.testing.world import World, build_world


@dataclass
class Clock:
    """Time stands still until the test moves it (the project's clock: `timezone.now`)."""

    now: dt.datetime

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def world(db: None) -> World:
    built = build_world(with_plan=True)
    ladder(built.region, board=built.swv, breakthrough=built.municipality)
    # A manager at the school (a party at level 2) and a bestuurder of the SWV (level 3); the
    # world's policy officer at the municipality is the doorbraakfunctionaris (level 4).
    for name, organisation in (("school_manager", built.school), ("swv_board", built.swv)):
        user = UserFactory(username=name, first_name=name.title(), last_name="Test")
        grant_membership(user=user, organisation=organisation, role=Role.POLICY_OFFICER)
        built.users[name] = user
    return built


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """From the next Monday at 9:00 (after the world was built, so its consents hold) that
    starts ten weeks without a recognised holiday on a weekday, so the deadlines the tests write
    out by hand count weekdays only (the holidays have tests of their own in core)."""
    today = timezone.localdate()
    monday = today + dt.timedelta(days=7 - today.weekday())
    while not all(
        is_working_day(day)
        for day in (monday + dt.timedelta(days=n) for n in range(70))
        if day.weekday() < 5
    ):
        monday += dt.timedelta(days=7)
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time(9, 0)))
    clock = Clock(start)
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock
