from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import count

from django.utils import timezone

import pytest

from arrangeer.cases import services as case_services
from arrangeer.cases.access import Actor, CaseAccess, access_case
from arrangeer.cases.constants import MemberBasis, MemberStatus
from arrangeer.cases.models import Case, TeamMember
from arrangeer.children.ages import months_before
from arrangeer.consents.constants import Evidence
from arrangeer.consents.models import Consent
from arrangeer.organisations.constants import OrganisationType, PreschoolKind, Role
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.organisations.services import grant_membership
from arrangeer.plans import services as plan_services
from arrangeer.plans.models import Goal
from arrangeer.testing.factories import UserFactory
from arrangeer.testing.plans import goal_fields
from arrangeer.testing.world import World, build_world
from arrangeer.vocabulary import AgeBand, DataCategory

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


def preschool_worker(world: World, *, region: Region | None = None) -> Membership:
    """The pedagogical worker of a peuteropvang of the world's region (or of `region`): a
    care provider that runs a preschool facility."""
    region = region or world.region
    organisation, _created = Organisation.objects.get_or_create(
        region=region,
        name=f"Peuteropvang Het Speelhuis {region.slug}",
        defaults={"type": OrganisationType.CARE_PROVIDER, "preschool": PreschoolKind.PEUTEROPVANG},
    )
    user = UserFactory(username=f"speelhuis-{region.slug}")
    return Membership.objects.filter(user=user, organisation=organisation).first() or (
        grant_membership(user=user, organisation=organisation, role=Role.CARE_WORKER)
    )


def at_preschool(world: World, case: Case, membership: Membership) -> TeamMember:
    """The preschool on the child's team with the parents' consent (as the regisseur records
    it; the team's own services are tested in cases)."""
    coordinator = world.users["coordinator"]
    consent = Consent.objects.create(
        case=case,
        organisation=membership.organisation,
        categories=[DataCategory.EDUCATION],
        purpose="Peuteropvang en school kijken samen naar de overstap.",
        given_by_child=False,
        age_band_at_giving=AgeBand.UNDER_12,
        valid_from=timezone.localdate(),
        evidence=Evidence.SIGNED_FORM,
        recorded_by=coordinator,
    )
    return TeamMember.objects.create(
        case=case,
        membership=membership,
        status=MemberStatus.ACTIVE,
        basis=MemberBasis.CONSENT,
        consent=consent,
        proposed_by=coordinator,
        decided_at=timezone.now(),
        decided_by=coordinator,
    )


def young_child(
    world: World, *, months: int = 42, extra_days: int = 0, preschool: bool = False
) -> tuple[Case, Goal]:
    """A child of the world's school who is `months` old today (born `extra_days` later),
    with a plan holding an education goal, opened by the world's coordinator; with
    `preschool`, a child of the region's peuteropvang (on the child's team)."""
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
    if preschool:
        at_preschool(world, case, preschool_worker(world))
    return case, goal


def coordinator_access(world: World, case: Case) -> CaseAccess:
    return access_case(Actor(world.users["coordinator"]), case.uuid)
