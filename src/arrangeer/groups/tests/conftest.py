from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import count

from django.utils import timezone

import pytest

from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, CaseAccess, access_case
from arrangeer.cases.models import Case
from arrangeer.children.ages import months_before
from arrangeer.organisations.models import Membership
from arrangeer.plans import services as plan_services
from arrangeer.plans.models import Goal
from arrangeer.testing.plans import goal_fields
from arrangeer.testing.world import World, build_world

_names = count(1)


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
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def young_child(world: World, *, months: int = 42, extra_days: int = 0) -> tuple[Case, Goal]:
    """A child of the world's school who is `months` old today (born `extra_days` later),
    with a plan holding an education goal, opened by the world's coordinator."""
    membership = Membership.objects.get(user=world.users["coordinator"])
    born = months_before(timezone.localdate(), months) + dt.timedelta(days=extra_days)
    case = case_services.open_case(
        actor=Actor(world.users["coordinator"]),
        membership=membership,
        child_fields={
            "first_name": f"Kind{next(_names)}",
            "last_name": "Klein",
            "date_of_birth": born,
        },
    )
    goal = plan_services.add_item(
        coordinator_access(world, case), kind="goal", fields=goal_fields()
    )
    assert isinstance(goal, Goal)
    return case, goal


def coordinator_access(world: World, case: Case) -> CaseAccess:
    return access_case(Actor(world.users["coordinator"]), case.uuid)
