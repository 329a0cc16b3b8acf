"""Demo cases: the personas' own cases built through the real services, and any number of
generated cases in bulk (for `seed_demo --cases N` and `make bench`)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone

from faker import Faker
from tqdm import tqdm

from arrangeer.accounts.models import User
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.consents import services as consent_services
from arrangeer.consents.constants import AgeBand, DataCategory, Evidence
from arrangeer.consents.models import Consent
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Region
from arrangeer.routes.models import Route, Step
from arrangeer.routes.services import route_for_new_case

from . import services, timing
from .access import Actor, access_case
from .constants import CaseStatus, Initiator, MemberBasis, MemberStatus, StepChangeKind
from .models import Case, StepChange, TeamMember

PERSONA_CHILDREN = [
    # (first, last, age, parent username, youth username, flags)
    ("Daan", "de Boer", 13, "ouder", "jongere13", {"has_absence": True}),
    ("Lotte", "Kramer", 17, None, "jongere17", {"is_thuiszitter": True}),
    ("Ayoub", "Benali", 9, None, None, {"child_protection_involved": True}),
    ("Emma", "Jansen", 6, None, None, {}),
]
# Valid BSNs (elfproef) for the demo only.
DEMO_BSNS = ["111222333", "123456782", "232323239", "100000009"]


def _birth(rng: random.Random, age: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=age * 365 + rng.randint(20, 300))


def _membership(username: str, role: str) -> Membership:
    return Membership.objects.select_related("organisation").get(user__username=username, role=role)


@transaction.atomic
def seed_persona_cases(*, seed: int = 2026) -> None:
    """Cases the demo personas work on; idempotent by the child's BSN."""
    rng = random.Random(seed)
    coordinator = _membership("coordinator", Role.COORDINATOR)
    actor = Actor(coordinator.user)
    for (first, last, age, parent_name, youth_name, flags), bsn in zip(
        PERSONA_CHILDREN, DEMO_BSNS, strict=True
    ):
        if Child.objects.filter(bsn=bsn).exists():
            continue
        case = services.open_case(
            actor=actor,
            membership=coordinator,
            child_fields={
                "first_name": first,
                "last_name": last,
                "date_of_birth": _birth(rng, age),
                "bsn": bsn,
                "group": f"groep {min(8, max(1, age - 4))}",
                "address": "Breestraat 1, Leiden",
                "home_language": "Nederlands",
            },
            representatives=[
                {
                    "first_name": "Sanne",
                    "last_name": last,
                    "relation": "moeder",
                    "has_authority": True,
                    "email": f"ouder.{last.replace(' ', '').lower()}@demo.arrangeer.invalid",
                },
                {
                    "first_name": "Mark",
                    "last_name": last,
                    "relation": "vader",
                    "has_authority": False,
                },
            ],
            flags=flags,
        )
        child = case.child
        if youth_name:
            child.user = User.objects.get(username=youth_name)
            child.save(update_fields=["user"])
        parent = child.representatives.get(has_authority=True)
        if parent_name:
            parent.user = User.objects.get(username=parent_name)
            parent.save(update_fields=["user"])
            LegalRepresentative.objects.filter(child=child, has_authority=False).update(
                user=User.objects.get(username="ouder_zonder_gezag")
            )
        regie = access_case(actor, case.uuid)
        band = child.age_band()
        giver = None if band == AgeBand.FROM_16 else parent
        by_child = band != AgeBand.UNDER_12
        services.propose_team_member(regie, membership=_membership("leerkracht", Role.TEACHER))
        for username, role, categories in [
            ("jeugdteam", Role.YOUTH_WORKER, [DataCategory.YOUTH_CARE, DataCategory.FAMILY]),
            ("swv", Role.SWV_SPECIALIST, [DataCategory.EDUCATION]),
            ("zorgaanbieder", Role.CARE_WORKER, [DataCategory.YOUTH_CARE, DataCategory.HEALTH]),
        ]:
            membership = _membership(username, role)
            consent_services.record_consent(
                regie,
                organisation=membership.organisation,
                categories=categories,
                purpose="Samen één plan maken en uitvoeren",
                given_by_representative=giver,
                given_by_child=by_child,
                valid_from=timezone.localdate(),
                valid_until=None,
                evidence=Evidence.SIGNED_FORM,
            )
            member = services.propose_team_member(regie, membership=membership)
            if username != "zorgaanbieder" or first == "Daan":
                services.approve_team_member(
                    regie, member, approved_by_representative=giver, approved_by_child=by_child
                )
        if flags.get("has_absence"):
            services.propose_team_member(
                regie, membership=_membership("leerplicht", Role.LEERPLICHT_OFFICER)
            )


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


def _make_cases(
    plan: list[tuple[Membership, Step | None, int]],
    *,
    rng: random.Random,
    faker: Faker,
    routes: dict[int, tuple[Route, list[Step]]],
    youth_teams: dict[int, Membership | None],
) -> list[Case]:
    """Write cases in bulk: (lead coordinator, step or None for the route's first, days in
    that step so far). Every case gets its child, a parent, the lead on the team, often the
    youth team, and a timeline entry."""
    now = timezone.now()
    today = timezone.localdate()
    children = []
    for lead, _, _ in plan:
        children.append(
            Child(
                first_name=faker.first_name(),
                last_name=faker.last_name(),
                date_of_birth=_birth(rng, rng.randint(4, 17)),
                school=lead.organisation,
                sector=lead.organisation.sector,
                group=f"groep {rng.randint(1, 8)}",
                home_language=rng.choice(
                    ["Nederlands", "Nederlands", "Arabisch", "Turks", "Pools"]
                ),
            )
        )
    Child.objects.bulk_create(children)
    LegalRepresentative.objects.bulk_create(
        LegalRepresentative(
            child=c,
            first_name=faker.first_name(),
            last_name=c.last_name,
            relation="ouder",
            has_authority=True,
        )
        for c in children
    )
    cases = []
    for child, (lead, step, days) in zip(children, plan, strict=True):
        route, steps = routes.get(lead.organisation.region_id, (None, []))
        if route is not None and step is None:
            step = steps[0]
        since = now - dt.timedelta(days=days)
        thuiszitter = rng.random() < 0.08
        cases.append(
            Case(
                child=child,
                region=lead.organisation.region,
                initiator=Initiator.SCHOOL,
                initiating_organisation=lead.organisation,
                regisseur=lead.user,
                created_by=lead.user,
                is_thuiszitter=thuiszitter,
                thuiszitter_since=today - dt.timedelta(days=rng.randint(5, 120))
                if thuiszitter
                else None,
                has_absence=rng.random() < 0.15,
                is_complex=rng.random() < 0.1,
                has_risk_behaviour=rng.random() < 0.07,
                route=route if step is not None else None,
                current_step=step,
                step_since=since if step is not None else None,
                step_due=timing.due_date(since, step.duration_days) if step is not None else None,
                # Past the first step, the school's own route was followed (the first check).
                school_plan_kind="opp" if step is not None and step.number > 1 else "",
                school_plan_evaluated_on=(
                    (since - dt.timedelta(days=7)).date()
                    if step is not None and step.number > 1
                    else None
                ),
            )
        )
    Case.objects.bulk_create(cases)
    members = []
    consents = []
    changes = []
    for case, (lead, _, _) in zip(cases, plan, strict=True):
        members.append(
            TeamMember(
                case=case,
                membership=lead,
                status=MemberStatus.ACTIVE,
                basis=MemberBasis.LEGAL_TASK_SCHOOL,
                proposed_by=lead.user,
                decided_at=now,
                decided_by=lead.user,
            )
        )
        if case.current_step is not None and case.step_since is not None:
            changes.append(
                StepChange(
                    case=case,
                    kind=StepChangeKind.START,
                    to_step=case.current_step,
                    reason="Demogegevens",
                    by_user=lead.user,
                    by_membership=lead,
                    at=case.step_since,
                )
            )
        youth = youth_teams.get(case.region_id)
        if youth is not None and rng.random() < 0.5:
            consents.append(
                Consent(
                    case=case,
                    organisation=youth.organisation,
                    categories=[DataCategory.YOUTH_CARE, DataCategory.FAMILY],
                    purpose="Plan",
                    given_by_child=False,
                    age_band_at_giving=AgeBand.UNDER_12,
                    valid_from=today,
                    evidence=Evidence.MEETING,
                    recorded_by=lead.user,
                )
            )
            members.append(
                TeamMember(
                    case=case,
                    membership=youth,
                    status=MemberStatus.ACTIVE,
                    basis=MemberBasis.CONSENT,
                    proposed_by=lead.user,
                    decided_at=now,
                    decided_by=lead.user,
                )
            )
    Consent.objects.bulk_create(consents)
    TeamMember.objects.bulk_create(members)
    StepChange.objects.bulk_create(changes)
    return cases


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


def seed_bulk_cases(
    *, count: int, seed: int = 2026, coordinator_share: int = 300, progress: bool = True
) -> int:
    """`count` generated open cases across both demo regions, written in bulk, spread over
    the steps of each region's route. The persona coordinator is regisseur of up to
    `coordinator_share` of them (a heavy caseload for the benchmark); the rest belong to the
    generated coordinators of each school."""
    rng = random.Random(seed)
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    existing = Case.objects.filter(child__bsn="").count()
    todo = max(0, count - existing)
    if not todo:
        return 0
    schools = list(
        Membership.objects.filter(
            role=Role.COORDINATOR, organisation__type=OrganisationType.SCHOOL, is_active=True
        )
        .select_related("organisation", "user")
        .order_by("pk")
    )
    persona = next(m for m in schools if m.user.username == "coordinator")
    routes = _active_routes()
    youth_teams = _youth_teams()
    made = 0
    bar = tqdm(total=todo, desc="cases", unit="case", disable=not progress)
    for size in _bulk_batches(todo, 1000):
        with transaction.atomic():
            plan: list[tuple[Membership, Step | None, int]] = []
            for i in range(size):
                n = existing + made + i
                lead = persona if n < coordinator_share else schools[rng.randrange(len(schools))]
                steps = routes.get(lead.organisation.region_id, (None, []))[1]
                step = steps[n % len(steps)] if steps else None
                # Some steps are overdue: up to twice their duration in the step so far.
                days = rng.randint(0, 2 * step.duration_days) if step is not None else 0
                plan.append((lead, step, days))
            _make_cases(plan, rng=rng, faker=faker, routes=routes, youth_teams=youth_teams)
        made += size
        bar.update(size)
    bar.close()
    return made


# Who leads the demo cases that fill every step of each region's route.
ROUTE_COVERAGE_LEADS = {"holland-rijnland": "coordinator", "alkmaar": "coordinator_alkmaar"}


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
        _make_cases(plan, rng=rng, faker=faker, routes=routes, youth_teams=_youth_teams())
    return len(plan)


def case_states_summary() -> dict[str, Any]:
    return {
        "open": Case.objects.filter(status=CaseStatus.OPEN).count(),
        "closed": Case.objects.filter(status=CaseStatus.CLOSED).count(),
    }
