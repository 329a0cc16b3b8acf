"""Generated cases in numbers: `seed_bulk_cases` (any number, for `seed_demo --cases N` and
`make bench`, with schools added as needed) and `seed_route_coverage` (an open case in every
step of each demo region's route)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from faker import Faker
from tqdm import tqdm

from arrangeer.accounts.models import User
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.routes.models import Route, Step
from arrangeer.routes.services import route_for_new_case

from ..constants import CaseStatus
from ..models import Case, TeamMember
from .generated import CasePlan, make_cases
from .names import professional_first_names

# Who leads the demo cases that fill every step of each region's route.
ROUTE_COVERAGE_LEADS = {"holland-rijnland": "coordinator", "alkmaar": "coordinator_alkmaar"}


def _bulk_batches(total: int, size: int) -> Iterator[int]:
    done = 0
    while done < total:
        yield min(size, total - done)
        done += size


def _active_routes() -> dict[int, tuple[Route, list[Step]]]:
    """region id → its active route (or the model route) with the steps in order."""
    found: dict[int, tuple[Route, list[Step]]] = {}
    for region in Region.objects.all():
        route = route_for_new_case(region)
        if route is not None:
            found[region.pk] = (route, list(route.steps.order_by("number")))
    return found


def _youth_teams() -> dict[int, Membership | None]:
    return {
        r.pk: Membership.objects.filter(
            role=Role.YOUTH_WORKER,
            organisation__region=r,
            organisation__type=OrganisationType.YOUTH_TEAM,
        )
        .select_related("organisation")
        .first()
        for r in Region.objects.all()
    }


def _swv_specialists(share: int) -> dict[int, tuple[Membership, int]]:
    """region id → the first SWV specialist and how many more cases they may join."""
    found: dict[int, tuple[Membership, int]] = {}
    for region in Region.objects.all():
        specialist = (
            Membership.objects.filter(
                role=Role.SWV_SPECIALIST,
                organisation__region=region,
                organisation__type=OrganisationType.SWV,
            )
            .select_related("organisation")
            .order_by("pk")
            .first()
        )
        if specialist is not None:
            taken = TeamMember.objects.filter(membership=specialist).count()
            found[region.pk] = (specialist, max(0, share - taken))
    return found


# The school whose coordinator carries a large caseload in the benchmark.
LARGE_SCHOOL = "Het Rijnlands Lyceum Zuid"
# On average; at national scale more cases means more schools, not bigger caseloads.
CASES_PER_SCHOOL = 250


def _more_schools(have: int, need: int, rng: random.Random, faker: Faker) -> None:
    """Generated schools with a coordinator each, spread over the demo regions, until there
    are `need` schools for the generated cases."""
    regions = list(Region.objects.order_by("pk"))
    if not regions or have >= need:
        return
    taken = set(Organisation.objects.exclude(brin="").values_list("brin", flat=True))
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    organisations = []
    for n in range(have, need):
        region = regions[n % len(regions)]
        brin = ""
        while not brin or brin in taken:
            brin = f"{rng.randint(10, 99)}{rng.choice(letters)}{rng.choice(letters)}"
        taken.add(brin)
        organisations.append(
            Organisation(
                region=region,
                name=f"Demoschool {n + 1} {faker.city()}",
                type=OrganisationType.SCHOOL,
                sector=rng.choice(["po", "po", "vo"]),
                brin=brin,
            )
        )
    Organisation.objects.bulk_create(organisations)
    users = []
    names = professional_first_names()
    for org in organisations:
        user = User(
            username=f"demo-coord-{org.brin.lower()}",
            first_name=rng.choice(names),
            last_name=faker.last_name(),
            email=f"demo-coord-{org.brin.lower()}@demo.arrangeer.invalid",
        )
        user.set_unusable_password()  # a generated colleague never logs in
        users.append(user)
    User.objects.bulk_create(users)
    Membership.objects.bulk_create(
        Membership(user=user, organisation=org, role=Role.COORDINATOR)
        for user, org in zip(users, organisations, strict=True)
    )


def seed_bulk_cases(
    *,
    count: int,
    seed: int = 2026,
    coordinator_share: int = 300,
    large_school_share: int = 1000,
    swv_share: int = 500,
    progress: bool = True,
) -> int:
    """`count` generated open cases across both demo regions, written in bulk, spread over
    the steps of each region's route. The persona coordinator is regisseur of up to
    `coordinator_share` of them, the coordinator of the large school of the next
    `large_school_share`; the rest belong to the coordinators of the other schools, about
    CASES_PER_SCHOOL each (schools are added as needed). Half of the cases of a region have
    its first youth team worker on the team (the heaviest caseload: ~25,000 at 100,000
    cases); its first SWV specialist joins up to `swv_share` flagged cases."""
    rng = random.Random(seed)
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    existing = Case.objects.filter(child__bsn="").count()
    todo = max(0, count - existing)
    if not todo:
        return 0
    leads = _leads(count, coordinator_share, large_school_share, rng, faker)
    routes = _active_routes()
    youth_teams = _youth_teams()
    swv = _swv_specialists(swv_share)
    made = 0
    bar = tqdm(total=todo, desc="cases", unit="case", disable=not progress)
    for size in _bulk_batches(todo, 1000):
        with transaction.atomic():
            plan = _batch(leads, existing + made, size, routes, rng)
            make_cases(plan, rng=rng, faker=faker, routes=routes, youth_teams=youth_teams, swv=swv)
        made += size
        bar.update(size)
    bar.close()
    return made


@dataclass(frozen=True)
class _Leads:
    """Who leads the generated cases: the persona coordinator the first `persona_share`, the
    large school's coordinator up to `fixed`, then one of the `others` at random."""

    persona: Membership
    large: Membership | None
    others: list[Membership]
    persona_share: int
    fixed: int


def _coordinators() -> list[Membership]:
    return list(
        Membership.objects.filter(
            role=Role.COORDINATOR, organisation__type=OrganisationType.SCHOOL, is_active=True
        )
        .select_related("organisation__region", "user")
        .order_by("pk")
    )


def _leads(
    count: int,
    coordinator_share: int,
    large_school_share: int,
    rng: random.Random,
    faker: Faker,
) -> _Leads:
    """The schools' coordinators who lead the generated cases (schools added as needed)."""
    leads = set(ROUTE_COVERAGE_LEADS.values())
    schools = _coordinators()
    persona = next(m for m in schools if m.user.username == "coordinator")
    large = next((m for m in schools if m.organisation.name == LARGE_SCHOOL), None)
    others = [m for m in schools if m.user.username not in leads and m is not large]
    fixed = coordinator_share + (large_school_share if large is not None else 0)
    need = -(-max(0, count - fixed) // CASES_PER_SCHOOL)
    if len(others) < need:
        _more_schools(len(others), need, rng, faker)
        others = [
            m
            for m in _coordinators()
            if m.user.username not in leads and (large is None or m.pk != large.pk)
        ]
    return _Leads(persona, large, others, coordinator_share, fixed)


def _batch(
    leads: _Leads,
    first: int,
    size: int,
    routes: dict[int, tuple[Route, list[Step]]],
    rng: random.Random,
) -> CasePlan:
    """The next `size` cases (numbered from `first`): their lead, step and days in it."""
    plan: CasePlan = []
    for i in range(size):
        n = first + i
        if n < leads.persona_share:
            lead = leads.persona
        elif leads.large is not None and n < leads.fixed:
            lead = leads.large
        else:
            lead = leads.others[rng.randrange(len(leads.others))]
        steps = routes.get(lead.organisation.region_id, (None, []))[1]
        step = steps[n % len(steps)] if steps else None
        # Some steps are overdue: up to twice their duration in the step so far.
        days = rng.randint(0, 2 * step.duration_days) if step is not None else 0
        plan.append((lead, step, days))
    return plan


@transaction.atomic
def seed_route_coverage(*, seed: int = 2026) -> int:
    """At least one open case in every step of each demo region's route, led by that region's
    persona coordinator (so the demo shows every step). Idempotent."""
    rng = random.Random(seed + 1)
    faker = Faker("nl_NL")
    faker.seed_instance(seed + 1)
    routes = _active_routes()
    plan: list[tuple[Membership, Step | None, int]] = []
    for slug, username in ROUTE_COVERAGE_LEADS.items():
        lead = (
            Membership.objects.filter(
                user__username=username, role=Role.COORDINATOR, organisation__region__slug=slug
            )
            .select_related("organisation__region", "user")
            .first()
        )
        if lead is None or lead.organisation.region_id not in routes:
            continue
        route, steps = routes[lead.organisation.region_id]
        taken = set(
            Case.objects.filter(status=CaseStatus.OPEN, route=route).values_list(
                "current_step_id", flat=True
            )
        )
        for step in steps:
            if step.pk not in taken:
                plan.append((lead, step, rng.randint(0, step.duration_days + 10)))
    if plan:
        make_cases(plan, rng=rng, faker=faker, routes=routes, youth_teams=_youth_teams())
    return len(plan)


def case_states_summary() -> dict[str, Any]:
    return {
        "open": Case.objects.filter(status=CaseStatus.OPEN).count(),
        "closed": Case.objects.filter(status=CaseStatus.CLOSED).count(),
    }
