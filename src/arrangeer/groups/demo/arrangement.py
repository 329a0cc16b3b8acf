"""The Startklas itself and the second group arrangement: the people of the Startklas, the
group as the region's bodies approved it, and a proposal halfway through the decision route."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from faker import Faker

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.cases.demo import professional_first_names
from arrangeer.organisations.constants import Role
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.plans import demo as plan_demo
from arrangeer.plans.constants import (
    FundingFramework,
    Instrument,
)

from .. import selectors
from ..constants import (
    BodyRole,
    BodyStatus,
    GroupStatus,
)
from ..models import BodyDecision, DecisionRoute, GroupArrangement
from .data import BUSINESS_CASE, DEMO_EMAIL_DOMAIN, PROPOSAL, SCHOOL, STARTKLAS


@dataclass(frozen=True)
class Staff:
    """The people of the Startklas and its route: the school, its teacher, coordinator and
    teaching assistant, the pedagogue, and the region's policy officer."""

    school: Organisation
    teacher: Membership
    coordinator: Membership
    pedagogue: Membership
    officer: Membership
    assistant: Membership


def find_staff(region: Region, seed: int) -> Staff | None:
    """The demo region's people for the Startklas (a teaching assistant generated when the
    school has none), or None when the region lacks one of them."""
    school = Organisation.objects.filter(region=region, name=SCHOOL).first()
    teacher = Membership.objects.filter(user__username="leerkracht", organisation=school).first()
    coordinator = Membership.objects.filter(
        user__username="coordinator", organisation=school
    ).first()
    pedagogue = Membership.objects.filter(user__username="zorgaanbieder").first()
    officer = Membership.objects.filter(user__username="beleid", role=Role.POLICY_OFFICER).first()
    assistant = (
        Membership.objects.filter(organisation=school, role=Role.TEACHER)
        .exclude(pk=teacher.pk if teacher is not None else 0)
        .order_by("pk")
        .first()
    )
    if assistant is None and school is not None:
        assistant = _assistant(school, seed)
    if None in (school, teacher, coordinator, pedagogue, officer, assistant):
        return None
    assert school and teacher and coordinator and pedagogue and officer and assistant
    return Staff(school, teacher, coordinator, pedagogue, officer, assistant)


def _assistant(school: Organisation, seed: int) -> Membership:
    """The Startklas' teaching assistant: a generated colleague at the school."""
    rng = random.Random(seed)
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    user = User.objects.create(
        username="onderwijsassistent",
        first_name=rng.choice(professional_first_names()),
        last_name=faker.last_name(),
        email=f"onderwijsassistent@{DEMO_EMAIL_DOMAIN}",
        kind=AccountKind.PROFESSIONAL,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return Membership.objects.create(user=user, organisation=school, role=Role.TEACHER)


def startklas(
    region: Region,
    route: DecisionRoute,
    staff: Staff,
    *,
    approved: dt.date,
    started: dt.date,
) -> GroupArrangement:
    """The running Startklas at De Regenboog, approved by the route's bodies."""
    group = GroupArrangement.objects.create(
        region=region,
        name=STARTKLAS,
        status=GroupStatus.RUNNING,
        route=route,
        created_by=staff.officer.user,
        **PROPOSAL,
        **BUSINESS_CASE,
        yearly_cost=Decimal("265000"),
        replaced_count=12,
        replaced_hours=Decimal("10"),
        # The region's product of care with a tariff (plans.demo), so the monitor compares
        # the cost per child with the individual arrangements.
        replaced_product_code=plan_demo.DEMO_TARIFFS[0][0],
        replaced_framework=FundingFramework.JEUGDWET_ZIN,
        capacity=12,
        school=staff.school,
        location="Lokaal 1, De Regenboog, Leiden",
        teacher=staff.teacher,
        assistant=staff.assistant,
        assistant_hours=Decimal(24),
        pedagogue=staff.pedagogue,
        hours_per_week=Decimal(22),
        funding_framework=FundingFramework.WPO_SWV,
        instrument=Instrument.SWV_ARRANGEMENT,
        intake_age_months=42,
        group_goals=(
            "De kinderen ontwikkelen zich zo dat zij doorstromen naar een reguliere groep; "
            "ouders zijn partner in het plan."
        ),
        group_approach=(
            "Kleine klas, vaste dagstructuur, spel en taal; de pedagoog werkt in de klas "
            "mee en begeleidt ouders."
        ),
        approved_on=approved,
        started_on=started,
    )
    route_decisions(group, staff.officer, approved, through=True)
    return group


def route_decisions(
    group: GroupArrangement, officer: Membership, last: dt.date, *, through: bool, done: int = 0
) -> None:
    bodies = selectors.route_bodies(group.route)
    count = len(bodies) if through else done
    decisions = []
    for position, body in enumerate(bodies):
        spoken = position < count
        day = last - dt.timedelta(days=14 * (count - 1 - position))
        decisions.append(
            BodyDecision(
                group=group,
                body=body,
                status=(
                    (BodyStatus.INFORMED if body.role == BodyRole.INFORMS else BodyStatus.APPROVED)
                    if spoken
                    else BodyStatus.WAITING
                ),
                decided_on=day if spoken else None,
                decision="Akkoord met het voorstel."
                if spoken and body.role == BodyRole.DECIDES
                else ("Kennisgenomen; positief advies." if spoken else ""),
                conditions="Evaluatie na elk schooljaar in het OOGO."
                if spoken and position == len(bodies) - 1
                else "",
                recorded_by=officer.user if spoken else None,
            )
        )
    BodyDecision.objects.bulk_create(decisions)


def proposal_in_route(region: Region, officer: Membership, route: object, today: dt.date) -> None:
    group = GroupArrangement.objects.create(
        region=region,
        name="Onderwijs-zorggroep Samen naar School",
        status=GroupStatus.IN_ROUTE,
        route=route,  # type: ignore[misc]
        created_by=officer.user,
        occasion="Kinderen met een verstandelijke beperking gaan nu ver weg naar school.",
        target_group="Kinderen van 4 tot 12 jaar met een verstandelijke beperking.",
        problem="Losse arrangementen en veel vervoer.",
        partners="SWV Leiden, een zorgaanbieder, twee basisscholen.",
        objective="Samen naar school in de eigen wijk.",
        financing="Fictieve TLV en IBP.",
        planning="Start over een jaar.",
        summary="Een groep van acht kinderen in een gewone basisschool.",
    )
    route_decisions(group, officer, today - dt.timedelta(days=7), through=False, done=2)
