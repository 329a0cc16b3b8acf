"""Group arrangements for tests: a Startklas in the world's region, walked through the real
services (proposal, business case, Alkmaar's route shipped with the product, set-up, start),
with the world's teacher and a colleague at the school and the care worker whose consent was
withdrawn as its pedagogical professional; for the matrix, the world's child placed in it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from arrangeer.cases.access import Actor, access_case
from arrangeer.groups import selectors, services
from arrangeer.groups.constants import BodyRole, BodyStatus, IntakeChoice
from arrangeer.groups.models import GroupArrangement, Placement
from arrangeer.organisations.models import Membership

PROPOSAL = {
    "occasion": "Veel jonge kinderen met een ontwikkelingsachterstand gaan naar een MKD.",
    "target_group": "Kinderen van 4 jaar die anders naar een MKD of het SO gaan.",
    "problem": "Bijna honderd losse arrangementen, dure vervoerskosten.",
    "partners": "SWV, school, jeugdhulpaanbieder, gemeenten.",
    "objective": "Zo veel mogelijk kinderen stromen door naar het regulier onderwijs.",
    "conditions": "Een gespecialiseerde leerkracht, een onderwijsassistent en een pedagoog.",
    "perspectives": "Onderwijs en jeugdhulp werken vanuit één plan.",
    "approach": "Een kleine klas in een reguliere basisschool.",
    "financing": "Gezamenlijk uit passend onderwijs en Jeugdwet.",
    "planning": "Start na de zomervakantie.",
}


def membership(world: Any, name: str) -> Membership:
    return Membership.objects.get(user=world.users[name])


def proposal(world: Any, *, name: str = "Startklas Test") -> GroupArrangement:
    group = services.create_proposal(
        user=world.users["policy_officer"], region=world.region, name=name, fields=PROPOSAL
    )
    return services.update_business_case(
        user=world.users["policy_officer"],
        group=group,
        fields={
            "summary": "Een groep in plaats van twaalf losse arrangementen.",
            "yearly_cost": Decimal("240000"),
            "replaced_count": 12,
            "replaced_hours": Decimal("12"),
            "replaced_product_code": "45A12",
            "replaced_framework": "jeugdwet_zin",
        },
    )


def through_route(world: Any, group: GroupArrangement) -> GroupArrangement:
    user = world.users["policy_officer"]
    services.submit(user=user, group=group)
    for decision in selectors.decisions_of(group):
        status = (
            BodyStatus.INFORMED if decision.body.role == BodyRole.INFORMS else BodyStatus.APPROVED
        )
        services.record_body_decision(
            user=user,
            group=group,
            decision=decision,
            status=status,
            decided_on=timezone.localdate(),
            text="Akkoord",
        )
    group.refresh_from_db()
    return group


def set_up(world: Any, group: GroupArrangement, *, capacity: int = 12, **extra: Any) -> None:
    fields: dict[str, Any] = {
        "capacity": capacity,
        "school": world.school,
        "location": "Lokaal 4",
        "teacher": membership(world, "teacher"),
        "assistant": membership(world, "school_colleague"),
        "assistant_hours": Decimal(24),
        "pedagogue": membership(world, "care_worker_withdrawn"),
        "hours_per_week": Decimal(22),
        "funding_framework": "wpo_swv",
        "instrument": "swv_arrangement",
        "intake_age_months": 42,
        "group_goals": "De kinderen stromen door naar groep 3 van een reguliere school.",
        "group_approach": "Onderwijs en zorg in één klas, de hele dag.",
    }
    fields.update(extra)
    services.set_up(user=world.users["policy_officer"], group=group, fields=fields)


def running_group(world: Any, *, capacity: int = 12, **extra: Any) -> GroupArrangement:
    group = through_route(world, proposal(world))
    set_up(world, group, capacity=capacity, **extra)
    services.start(user=world.users["policy_officer"], group=group, started_on=timezone.localdate())
    group.refresh_from_db()
    return group


def place_world_child(world: Any, group: GroupArrangement) -> Placement:
    """The world's child placed by its regisseur, the place serving the education goal."""
    assert world.plan is not None
    access = access_case(Actor(world.users["coordinator"]), world.case.uuid)
    return services.record_intake(
        access,
        group=group,
        intake_on=timezone.localdate(),
        choice=IntakeChoice.GROUP,
        parents_prefer=IntakeChoice.GROUP,
        parents_view="Moeder wil graag dat Sem in de groep start.",
        goals=[world.plan.education_goal],
    )


def matrix_group(world: Any) -> GroupArrangement:
    group = running_group(world)
    place_world_child(world, group)
    return group


def restore_shipped_route() -> None:
    """Put back the decision route that a migration ships, for transactional tests: the flush
    after an earlier transactional test in the same process removed it."""
    from importlib import import_module

    from django.apps import apps

    shipped = import_module("arrangeer.groups.migrations.0002_shipped_decision_route")
    shipped.ship(apps, None)
