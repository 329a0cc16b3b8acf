"""Escalations for tests: the world's region gets the default ladder, the matrix an escalation
at the level where the world's policy officer sits."""

from __future__ import annotations

from decimal import Decimal

from arrangeer.cases.access import Actor, access_case
from arrangeer.escalations import services
from arrangeer.escalations.constants import Seats
from arrangeer.escalations.models import Escalation, LadderLevel
from arrangeer.organisations.constants import Role
from arrangeer.organisations.models import Organisation, Region


def ladder(region: Region, *, board: Organisation, breakthrough: Organisation) -> list[LadderLevel]:
    """The team (5 working days), a policy officer of a party (10), of the board (10), the
    doorbraakfunctionaris (10)."""
    levels = [
        LadderLevel.objects.create(
            region=region, number=1, name="Team", seats=Seats.TEAM, deadline_days=5
        ),
        LadderLevel.objects.create(
            region=region,
            number=2,
            name="Managers",
            seats=Seats.PARTIES,
            role=Role.POLICY_OFFICER,
            deadline_days=10,
        ),
        LadderLevel.objects.create(
            region=region,
            number=3,
            name="Bestuurders",
            seats=Seats.NAMED,
            role=Role.POLICY_OFFICER,
            deadline_days=10,
        ),
        LadderLevel.objects.create(
            region=region,
            number=4,
            name="Doorbraakfunctionaris",
            seats=Seats.NAMED,
            role=Role.POLICY_OFFICER,
            deadline_days=10,
        ),
    ]
    levels[2].organisations.set([board])
    levels[3].organisations.set([breakthrough])
    return levels


def matrix_escalation(world: object) -> Escalation:
    """For the authorization matrix: the school and the municipality disagree about the
    education module; the regisseur moved it up to the managers, where the world's policy
    officer (municipality) sits."""
    from arrangeer.testing.world import World

    assert isinstance(world, World) and world.plan is not None
    ladder(world.region, board=world.swv, breakthrough=world.municipality)
    access = access_case(Actor(world.coordinator), world.case.uuid)
    escalation = services.raise_escalation(
        access,
        module=world.plan.education_module,
        question="Wie betaalt de leesbegeleiding?",
        options="De school uit eigen middelen, of het SWV met een arrangement",
        parties=[world.school, world.municipality],
        cost_at_stake=Decimal("4500"),
    )
    return services.request_move_up(access, escalation, note="Geen overeenstemming in het team")
