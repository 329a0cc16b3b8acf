from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.test import Client
from django.utils import timezone

import pytest

from arrangeer.organisations.constants import OrganisationType, Role, SchoolSector
from arrangeer.organisations.models import Organisation, Region
from arrangeer.organisations.services import grant_membership
from arrangeer.testing.auth import login_verified
from arrangeer.testing.factories import UserFactory
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
    built = build_world(with_plan=True)
    college = Organisation.objects.create(
        region=built.region,
        name="Het Test College",
        type=OrganisationType.SCHOOL,
        sector=SchoolSector.VO,
    )
    receiver = UserFactory(username="receiver", first_name="Rik", last_name="Ontvanger")
    built.users["receiver"] = receiver
    grant_membership(user=receiver, organisation=college, role=Role.COORDINATOR)
    elsewhere = Region.objects.create(name="Andere regio", slug="andere-regio")
    far_school = Organisation.objects.create(
        region=elsewhere, name="Lyceum Elders", type=OrganisationType.SCHOOL, sector="vo"
    )
    Organisation.objects.create(region=elsewhere, name="SWV Elders", type=OrganisationType.SWV)
    far = UserFactory(username="far_receiver", first_name="Fleur", last_name="Verweg")
    grant_membership(user=far, organisation=far_school, role=Role.COORDINATOR)
    built.users["far_receiver"] = far
    return built


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
