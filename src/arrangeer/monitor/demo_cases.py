"""The children and arrangements of the monitor's demo history (monitor/demo.py), in bulk:
when each opened, at which school and led by whom, the child at an age that fits its school,
the case (closed after four months to a year and a bit, unless that is still to come) and its
regisseur on the team.

The steps draw from one random generator in the order `seed_history` calls them: moving a draw
changes the whole demo."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from faker import Faker

from arrangeer.cases.constants import (
    CaseStatus,
    CloseReason,
    Initiator,
    MemberBasis,
    MemberStatus,
)
from arrangeer.cases.demo import ROUTE_COVERAGE_LEADS, child_first_names, group_for, sector_ages
from arrangeer.cases.models import Case, TeamMember
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.routes.models import Route, Step
from arrangeer.routes.services import route_for_new_case

from .constants import TREND_YEARS, school_year_of, year_start
from .demo_common import DEMO_TEXT, at

# Marks the generated history, so seeding twice adds nothing.
HISTORY_NOTE = DEMO_TEXT
CLOSE_WEIGHTS = [
    (CloseReason.GOALS_REACHED, 55),
    (CloseReason.REFERRED, 15),
    (CloseReason.MOVED, 12),
    (CloseReason.PARENTS_WITHDREW, 10),
    (CloseReason.OTHER, 8),
]

# When an arrangement opened, at which school, led by whom.
Opening = tuple[dt.date, Organisation, Membership]


@dataclass(frozen=True)
class History:
    """What the steps of one region's history work with: its route, schools, coordinators
    and care providers, the random generators and the day it is seeded."""

    region: Region
    route: Route
    steps: list[Step]
    schools: list[Organisation]
    leads: list[Membership]
    providers: list[Organisation]
    rng: random.Random
    faker: Faker
    today: dt.date
    now: dt.datetime


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def history_of(region: Region, seed: int) -> History | None:
    """The region's history to seed, or None when it has no route, school or coordinator."""
    route = route_for_new_case(region)
    schools = list(Organisation.objects.filter(region=region, type=OrganisationType.SCHOOL))
    # The personas who lead the route's showcase cases keep a caseload one can read.
    leads = list(
        Membership.objects.active()
        .filter(organisation__region=region, role=Role.COORDINATOR)
        .exclude(user__username__in=ROUTE_COVERAGE_LEADS.values())
        .select_related("organisation", "user")
        .order_by("pk")
    )
    providers = (
        list(Organisation.objects.filter(region=region, type=OrganisationType.CARE_PROVIDER))
        or schools
    )
    if route is None or not schools or not leads:
        return None
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    return History(
        region=region,
        route=route,
        steps=list(route.steps.order_by("number")),
        schools=schools,
        leads=leads,
        providers=providers,
        rng=random.Random(seed),  # noqa: S311 - demo data, not secrets
        faker=faker,
        today=timezone.localdate(),
        now=timezone.now(),
    )


def openings(history: History, per_year: int) -> list[Opening]:
    """`per_year` arrangements in each of the last complete school years (one more than a
    trend shows, so its first year has arrangements that continued from before), led by the
    school's own coordinator where it has one."""
    rng = history.rng
    last = school_year_of(history.today) - 1
    made: list[Opening] = []
    for year in range(last - TREND_YEARS, last + 1):
        start = year_start(year)
        for _ in range(per_year):
            opened = start + dt.timedelta(days=rng.randint(0, 364))
            school = rng.choice(history.schools)
            lead = next(
                (m for m in history.leads if m.organisation_id == school.pk),
                rng.choice(history.leads),
            )
            made.append((opened, school, lead))
    return made


def seed_children(history: History, plan: list[Opening]) -> list[Child]:
    """Each child is at school age when the arrangement opened and still fits its school and
    group today; generated children never take a professional's first name. A parent each."""
    rng, faker, today = history.rng, history.faker, history.today
    names = child_first_names()
    children = []
    for opened, school, _lead in plan:
        low, high = sector_ages(school.sector)
        since = (today - opened).days // 365
        age = rng.randint(min(high, max(low, 4 + since)), high)
        children.append(
            Child(
                first_name=rng.choice(names),
                last_name=faker.last_name(),
                date_of_birth=today - dt.timedelta(days=365 * age + rng.randint(20, 200)),
                school=school,
                sector=school.sector,
                group=group_for(school.sector, age),
            )
        )
    Child.objects.bulk_create(children)
    LegalRepresentative.objects.bulk_create(
        LegalRepresentative(
            child=c, first_name=faker.first_name(), last_name=c.last_name, relation="ouder"
        )
        for c in children
    )
    return children


def seed_cases(history: History, plan: list[Opening], children: list[Child]) -> list[Case]:
    """The arrangement of each child, opened on its day (set after creation: `opened_at` is
    set on creation, the history's own dates go in afterwards)."""
    cases: list[Case] = []
    opened_at: list[dt.datetime] = []
    for child, opening in zip(children, plan, strict=True):
        cases.append(_case(history, child, opening))
        opened_at.append(at(opening[0], history.rng))
    Case.objects.bulk_create(cases)
    for case, opened in zip(cases, opened_at, strict=True):
        case.opened_at = opened
    Case.objects.bulk_update(cases, ["opened_at"], batch_size=500)
    return cases


def _case(history: History, child: Child, opening: Opening) -> Case:
    """One arrangement: closed in the route's last step once its end has passed, else open
    in the step of carrying out the plan; its flags drawn by how often they occur."""
    rng, today, steps = history.rng, history.today, history.steps
    opened, school, lead = opening
    closed = opened + dt.timedelta(days=rng.randint(120, 420))
    is_closed = closed < today
    thuiszitter = rng.random() < 0.3
    step = steps[-1] if is_closed else steps[min(6, len(steps) - 1)]
    return Case(
        child=child,
        region=history.region,
        initiator=Initiator.SCHOOL if rng.random() < 0.8 else Initiator.YOUTH_TEAM,
        initiating_organisation=school,
        regisseur=lead.user,
        created_by=lead.user,
        status=CaseStatus.CLOSED if is_closed else CaseStatus.OPEN,
        closed_at=at(closed, rng) if is_closed else None,
        close_reason=_pick(rng, CLOSE_WEIGHTS) if is_closed else "",
        close_note=HISTORY_NOTE if is_closed else "",
        school_plan_missing_reason=HISTORY_NOTE,
        is_thuiszitter=thuiszitter,
        # At home for a while before the arrangement ended (or today).
        thuiszitter_since=min(closed, today)
        - dt.timedelta(days=rng.choice([10, 20, 40, 60, 80, 120, 200]))
        if thuiszitter
        else None,
        has_absence=rng.random() < 0.2,
        is_complex=rng.random() < 0.15,
        has_risk_behaviour=rng.random() < 0.1,
        has_exemption=rng.random() < 0.03,
        route=history.route,
        current_step=step,
        step_since=at(opened, rng),
        step_due=opened + dt.timedelta(days=step.duration_days),
    )


def seed_team(history: History, plan: list[Opening], cases: list[Case]) -> list[TeamMember]:
    """The regisseur on each case's team (on the school's legal task); ended when it closed."""
    members = [
        TeamMember(
            case=case,
            membership=lead,
            status=MemberStatus.ENDED if case.status == CaseStatus.CLOSED else MemberStatus.ACTIVE,
            basis=MemberBasis.LEGAL_TASK_SCHOOL,
            proposed_by=lead.user,
            decided_at=history.now,
            decided_by=lead.user,
            ended_at=case.closed_at,
        )
        for case, (_o, _s, lead) in zip(cases, plan, strict=True)
    ]
    TeamMember.objects.bulk_create(members)
    return members
