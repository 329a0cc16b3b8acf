"""The children of the Startklas' history: their cases on the route (closed for those who
left), their teams, their plans with the group's place as a module, and the places."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from faker import Faker

from arrangeer.cases.constants import CaseStatus, CloseReason, Initiator, MemberBasis, MemberStatus
from arrangeer.cases.demo import group_for
from arrangeer.cases.models import Case, TeamMember
from arrangeer.children.ages import age_on, months_before
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.meetings import demo as meeting_demo
from arrangeer.organisations.models import Membership
from arrangeer.plans import demo as plan_demo
from arrangeer.plans.constants import (
    DecisionStatus,
    ModuleFunction,
    Place,
    PlanStatus,
    Side,
)
from arrangeer.plans.models import Module, Plan
from arrangeer.vocabulary import DataCategory

from ..constants import (
    Destination,
    IntakeChoice,
    PlacementStatus,
)
from ..models import GroupArrangement, Placement
from .data import NOTE, at
from .evaluations import evaluated_goals


def place_children(
    group: GroupArrangement,
    rows: list[tuple[dt.date, dt.date | None, str]],
    coordinator: Membership,
    teacher: Membership,
    case_route: object,
    names: list[str],
    rng: random.Random,
    faker: Faker,
    today: dt.date,
    *,
    seed: int,
) -> int:
    """The children of the Startklas' history, one per row (placed on, left on, where to):
    each with a case on the route, a team, a plan with the group's place as its module, and
    the place itself; the children who left with their plan's goals evaluated."""
    cases = _children_with_cases(group, rows, coordinator, case_route, names, rng, faker, today)
    _teams(cases, [coordinator, teacher])
    plans = _plans(cases, coordinator)
    modules = _place_modules(group, plans, rows, coordinator)
    left_out = [
        (case, plan, module, placed, left)
        for case, plan, module, (placed, left, _dest) in zip(
            cases, plans, modules, rows, strict=True
        )
        if left is not None
    ]
    # A stream of its own, so the rest of the demo is drawn as before.
    evaluated_goals(left_out, coordinator, random.Random(seed + 2))
    Placement.objects.bulk_create(
        Placement(
            group=group,
            case=case,
            status=PlacementStatus.LEFT if left else PlacementStatus.PLACED,
            intake_on=placed - dt.timedelta(days=rng.randint(7, 40)),
            intake_choice=IntakeChoice.GROUP,
            parents_prefer=IntakeChoice.GROUP,
            parents_view="De ouders zien de Startklas als een goede start dicht bij huis.",
            module=module,
            placed_on=placed,
            left_on=left,
            destination=dest,
            outflow_note="Het plan gaat mee; warme overdracht met de nieuwe leerkracht."
            if left
            else "",
            recorded_by=coordinator.user,
        )
        for case, module, (placed, left, dest) in zip(cases, modules, rows, strict=True)
    )
    return len(rows)


def _children_with_cases(
    group: GroupArrangement,
    rows: list[tuple[dt.date, dt.date | None, str]],
    coordinator: Membership,
    case_route: object,
    names: list[str],
    rng: random.Random,
    faker: Faker,
    today: dt.date,
) -> list[Case]:
    """A child of four per row with a parent, and its case: closed for a child who left."""
    school = group.school
    assert school is not None
    children = []
    for placed, _left, _dest in rows:
        born = _born(rng, placed)
        # Whole years as the child's own age counts them (days // 365 runs ahead after leap days).
        age = age_on(born, today)
        children.append(
            Child(
                first_name=rng.choice(names),
                last_name=faker.last_name(),
                date_of_birth=born,
                school=school,
                sector=school.sector,
                group=group_for(school.sector, max(4, age)),
            )
        )
    Child.objects.bulk_create(children)
    LegalRepresentative.objects.bulk_create(
        LegalRepresentative(
            child=c, first_name=faker.first_name(), last_name=c.last_name, relation="ouder"
        )
        for c in children
    )
    cases = [
        case_of(
            child, group, coordinator, case_route, closed_on=left, destination=dest, since=placed
        )
        for child, (placed, left, dest) in zip(children, rows, strict=True)
    ]
    Case.objects.bulk_create(cases)
    return cases


def _plans(cases: list[Case], coordinator: Membership) -> list[Plan]:
    """The plan of each case, in the order of the cases.

    The children in the group now are at the route's step of carrying out: their plan and
    MDO fit that step as every demo case's do (plans.demo, meetings.demo); the group's place
    is a module of that plan. The children who left have a closed plan of their own."""
    open_leads = [coordinator.user.get_username()]
    plan_demo.seed_route_plans(open_leads)
    meeting_demo.seed_route_meetings(open_leads)
    existing = {p.case_id: p for p in Plan.objects.filter(case__in=cases)}
    closed_plans = [
        Plan(case=case, status=PlanStatus.CLOSED, created_by=coordinator.user)
        for case in cases
        if case.pk not in existing
    ]
    Plan.objects.bulk_create(closed_plans)
    by_case = {**existing, **{p.case_id: p for p in closed_plans}}
    return [by_case[case.pk] for case in cases]


def _place_modules(
    group: GroupArrangement,
    plans: list[Plan],
    rows: list[tuple[dt.date, dt.date | None, str]],
    coordinator: Membership,
) -> list[Module]:
    """The group's place as a module of each child's plan (ended on the outflow date for a
    child who left)."""
    school = group.school
    assert school is not None
    modules = [
        Module(
            plan=plan,
            category=DataCategory.EDUCATION,
            author=coordinator.user,
            author_organisation=school.name,
            updated_by=coordinator.user,
            title=group.name,
            side=Side.EDUCATION,
            provider=school,
            function=ModuleFunction.AANPASSEN,
            place=Place.SCHOOL,
            intensity=group.hours_per_week or Decimal(22),
            start_date=placed,
            # A child who left: the place ended in the plan on the outflow date.
            end_date=left or placed + dt.timedelta(days=365),
            ended_on=left,
            end_reason=f"{group.name} verlaten: {Destination(dest).label}" if left else "",
            funding_framework=group.funding_framework,
            instrument=group.instrument,
            decision_status=DecisionStatus.GRANTED,
            decided_on=group.approved_on,
            in_school_time=True,
            method_description=group.group_approach,
            method_rationale=group.group_goals,
        )
        for plan, (placed, left, dest) in zip(plans, rows, strict=True)
    ]
    Module.objects.bulk_create(modules)
    return modules


def case_of(
    child: Child,
    group: GroupArrangement,
    coordinator: Membership,
    case_route: object,
    *,
    closed_on: dt.date | None,
    destination: str,
    since: dt.date,
    first: bool = False,
) -> Case:
    """`first`: a child waiting for the intake, at the route's first step. `since`: the day
    the case reached its step (the placement; the intake's registration), so the step has
    its term like every case on a route (cases.timing)."""
    steps = list(case_route.steps.order_by("number"))  # type: ignore[attr-defined]
    step = steps[-1] if closed_on else steps[0] if first else steps[min(6, len(steps) - 1)]
    reached = closed_on or since
    return Case(
        child=child,
        region=group.region,
        initiator=Initiator.SCHOOL,
        initiating_organisation=coordinator.organisation,
        regisseur=coordinator.user,
        created_by=coordinator.user,
        status=CaseStatus.CLOSED if closed_on else CaseStatus.OPEN,
        closed_at=at(closed_on) if closed_on else None,
        close_reason=(
            (
                CloseReason.GOALS_REACHED
                if destination == Destination.REGULAR
                else CloseReason.REFERRED
            )
            if closed_on
            else ""
        ),
        close_note=NOTE if closed_on else "",
        school_plan_missing_reason=NOTE,
        route=case_route,  # type: ignore[misc]
        current_step=step,
        step_since=at(reached),
        step_due=reached + dt.timedelta(days=step.duration_days),
    )


def _born(rng: random.Random, placed: dt.date) -> dt.date:
    """A child of four when placed: the joint look at 3 years and 6 months came before."""
    return months_before(placed, 48 + rng.randint(0, 5)) - dt.timedelta(days=rng.randint(0, 25))


def _teams(cases: list[Case], memberships: list[Membership]) -> None:
    now = timezone.now()
    TeamMember.objects.bulk_create(
        TeamMember(
            case=case,
            membership=membership,
            status=MemberStatus.ENDED if case.status == CaseStatus.CLOSED else MemberStatus.ACTIVE,
            basis=MemberBasis.LEGAL_TASK_SCHOOL,
            proposed_by=memberships[0].user,
            decided_at=now,
            decided_by=memberships[0].user,
            ended_at=case.closed_at,
        )
        for case in cases
        for membership in memberships
    )
