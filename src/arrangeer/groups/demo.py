"""The demo region's group arrangements: a running Startklas at De Regenboog (Leiden) with
three school years of history whose figures echo the Startklassen of seed 000 at demo scale
(about 36 children served, most flowed out, some 85% of them to a regular class), two
toddlers of the region's peuteropvang at the intake age waiting for their joint intake (the
peuteropvang, `Organisation.preschool`, on their team with the parents' consent), and a
second proposal halfway through the decision route. Written in bulk, like the monitor's
history. For the demo app only."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from faker import Faker

from arrangeer.accounts.constants import AccountKind
from arrangeer.accounts.models import User
from arrangeer.cases.constants import CaseStatus, CloseReason, Initiator, MemberBasis, MemberStatus
from arrangeer.cases.demo import child_first_names, group_for, professional_first_names
from arrangeer.cases.models import Case, TeamMember
from arrangeer.children.ages import months_before
from arrangeer.children.models import Child, LegalRepresentative
from arrangeer.consents.constants import Evidence
from arrangeer.consents.models import Consent
from arrangeer.meetings import demo as meeting_demo
from arrangeer.organisations.constants import OrganisationType, PreschoolKind, Role
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.plans import demo as plan_demo
from arrangeer.plans.constants import (
    DecisionStatus,
    EvaluationDecision,
    FundingFramework,
    Instrument,
    ModuleFunction,
    Place,
    PlanStatus,
    Realisation,
    Side,
    VersionStatus,
)
from arrangeer.plans.models import Evaluation, Goal, GoalEvaluation, Module, Plan, PlanVersion
from arrangeer.routes.services import route_for_new_case
from arrangeer.vocabulary import AgeBand, DataCategory

from . import selectors
from .constants import BodyRole, BodyStatus, Destination, GroupStatus, IntakeChoice, PlacementStatus
from .models import BodyDecision, GroupArrangement, Placement

STARTKLAS = "Startklas De Regenboog"
SCHOOL = "Basisschool De Regenboog"
PRESCHOOL = "Peuteropvang De Boomgaard"
NOTE = "Startklas-historie (demo)"
# As the demo's other generated colleagues (demo/personas.py).
DEMO_EMAIL_DOMAIN = "demo.arrangeer.invalid"
# Per school year (oldest first): children who came in; where those who left went.
COHORTS = (13, 13, 10)
DESTINATIONS = (
    [Destination.REGULAR] * 22 + [Destination.SBO] * 2 + [Destination.SO, Destination.OTHER]
)
# The goals the Startklas place serves in the plan of every child who went through it:
# (domain, what, indicator, baseline, target).
STARTKLAS_GOALS = (
    (
        "leren",
        "Het kind speelt en leert mee in een kleine groep",
        "Observatie in de klas",
        "Speelt vooral alleen",
        "Doet mee aan de kring en het spel",
    ),
    (
        "taal",
        "Het kind vertelt in korte zinnen wat het wil of nodig heeft",
        "Taalobservatie van de leerkracht",
        "Wijst aan of gebruikt losse woorden",
        "Zegt in korte zinnen wat het wil",
    ),
    (
        "zelfredzaamheid",
        "Het kind volgt de dagstructuur van de klas zelfstandig",
        "Observatie van de onderwijsassistent",
        "Heeft bij elke overgang een volwassene nodig",
        "Gaat met de dagritmekaarten zelf naar de volgende activiteit",
    ),
)
# The Startklas evaluates each child's plan twice in the school year and at its end, before
# the outflow. Per round (1, 2, 3): reached, partly, not (the goals are reached more often
# later in the year, as in the Startklas monitor of seed 000).
EVALUATION_WEEKS = (8, 16)
STARTKLAS_REALISATION = {1: (25, 50, 25), 2: (40, 42, 18), 3: (62, 28, 10)}
# The monitor shows a count of goals only when at least this many children are behind it
# (monitor.suppression.THRESHOLD): the history has that many per realisation and round, so
# the demo's group monitor shows its goal realisation.
SHOWN_CHILDREN = 10

PROPOSAL = {
    "occasion": (
        "Op de speciale scholen en in het medisch kinderdagverblijf lopen bijna honderd "
        "losse arrangementen voor jonge kinderen. Samen inkopen is goedkoper en beter."
    ),
    "target_group": (
        "Kinderen van vier jaar die anders naar een medisch kinderdagverblijf of het speciaal "
        "onderwijs gaan."
    ),
    "problem": (
        "Jonge kinderen met een ontwikkelingsvraag beginnen hun schooltijd buiten de wijk, "
        "met veel losse trajecten en lange reistijden."
    ),
    "partners": "SWV Leiden, De Regenboog, Jeugdhulp Rijnland, de gemeenten.",
    "objective": "Zo veel mogelijk kinderen stromen na de Startklas door naar een reguliere groep.",
    "conditions": (
        "Een gespecialiseerde leerkracht, een onderwijsassistent (24 uur) en een pedagogisch "
        "professional uit de jeugdhulp, samen in één klas van twaalf."
    ),
    "perspectives": "Ouders, school en jeugdhulp kijken samen naar het kind: één plan.",
    "approach": "Onderwijs en zorg de hele schooldag in één klas in een gewone basisschool.",
    "financing": "Passend onderwijs (SWV) en Jeugdwet (gemeenten) samen.",
    "planning": "Start na de zomervakantie, evaluatie na elk schooljaar.",
}
BUSINESS_CASE = {
    "summary": "Eén groep van twaalf in plaats van twaalf losse arrangementen.",
    "societal_value": "Kinderen gaan in hun eigen wijk naar school; minder vervoer.",
    "outcome_indicators": "Aandeel naar regulier onderwijs, doelrealisatie, wachtlijst.",
    "risks": "Te weinig instroom; personeel vinden.",
    "business_financing": "SWV en gemeenten delen de kosten.",
    "business_planning": "Drie schooljaren, daarna besluit over voortzetten.",
}


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


def _born(rng: random.Random, placed: dt.date) -> dt.date:
    """A child of four when placed: the joint look at 3 years and 6 months came before."""
    return months_before(placed, 48 + rng.randint(0, 5)) - dt.timedelta(days=rng.randint(0, 25))


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


@transaction.atomic
def seed_groups(region: Region, *, seed: int = 2026, cohorts: tuple[int, ...] = COHORTS) -> int:
    """The Startklas and a proposal in the route, unless the region has them; returns how many
    children were placed. `cohorts`: the children who came in per school year, oldest first
    (the last year's are in the group now; the benchmark fills all 12 places)."""
    if GroupArrangement.objects.filter(region=region, name=STARTKLAS).exists():
        return 0
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
    route = selectors.route_for_region(region)
    case_route = route_for_new_case(region)
    if None in (school, teacher, coordinator, pedagogue, officer, assistant, route, case_route):
        return 0
    assert school and teacher and coordinator and pedagogue and officer and assistant
    assert route and case_route
    rng = random.Random(seed)
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    today = timezone.localdate()
    first_year = (today.year if today.month >= 8 else today.year - 1) - len(cohorts) + 1
    started = dt.date(first_year, 8, 20)
    approved = started - dt.timedelta(days=70)
    group = GroupArrangement.objects.create(
        region=region,
        name=STARTKLAS,
        status=GroupStatus.RUNNING,
        route=route,
        created_by=officer.user,
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
        school=school,
        location="Lokaal 1, De Regenboog, Leiden",
        teacher=teacher,
        assistant=assistant,
        assistant_hours=Decimal(24),
        pedagogue=pedagogue,
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
    _route_decisions(group, officer, approved, through=True)
    _proposal_in_route(region, officer, route, today)

    names = child_first_names()
    destinations = list(DESTINATIONS)
    rng.shuffle(destinations)
    rows: list[tuple[dt.date, dt.date | None, str]] = []
    for index, size in enumerate(cohorts):
        year = first_year + index
        current = index == len(cohorts) - 1
        for _ in range(size):
            placed = dt.date(year, 8, 20) + dt.timedelta(days=rng.randint(0, 150))
            if current:
                # This school year's children: in the group now.
                placed = min(placed, today - dt.timedelta(days=rng.randint(10, 60)))
                rows.append((placed, None, ""))
            else:
                # A school year in the Startklas, then on to the next school in the summer.
                left = dt.date(year + 1, 7, rng.randint(1, 15))
                rows.append((placed, left, destinations.pop()))
    placed_count = _children(
        group, rows, coordinator, teacher, case_route, names, rng, faker, today, seed=seed
    )
    _intake_candidates(group, coordinator, teacher, case_route, names, rng, faker, today)
    return placed_count


def _route_decisions(
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


def _proposal_in_route(region: Region, officer: Membership, route: object, today: dt.date) -> None:
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
    _route_decisions(group, officer, today - dt.timedelta(days=7), through=False, done=2)


def _case(
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
        closed_at=_at(closed_on) if closed_on else None,
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
        step_since=_at(reached),
        step_due=reached + dt.timedelta(days=step.duration_days),
    )


def _children(
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
    school = group.school
    assert school is not None
    children = []
    for placed, _left, _dest in rows:
        born = _born(rng, placed)
        age = (today - born).days // 365
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
        _case(child, group, coordinator, case_route, closed_on=left, destination=dest, since=placed)
        for child, (placed, left, dest) in zip(children, rows, strict=True)
    ]
    Case.objects.bulk_create(cases)
    _teams(cases, [coordinator, teacher])
    # The children in the group now are at the route's step of carrying out: their plan and
    # MDO fit that step as every demo case's do (plans.demo, meetings.demo); the group's place
    # is a module of that plan. The children who left have a closed plan of their own.
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
    plans = [by_case[case.pk] for case in cases]
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
    left_out = [
        (case, plan, module, placed, left)
        for case, plan, module, (placed, left, _dest) in zip(
            cases, plans, modules, rows, strict=True
        )
        if left is not None
    ]
    # A stream of its own, so the rest of the demo is drawn as before.
    _evaluated_goals(left_out, coordinator, random.Random(seed + 2))
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


def _realisations(count: int, weights: tuple[int, int, int], rng: random.Random) -> list[list[str]]:
    """The realisations of the goals of `count` children at one evaluation round, drawn by
    `weights`, then made so that every realisation is given to at least SHOWN_CHILDREN
    children: a child without it gets it for a goal that shares its realisation with another
    goal of the child, so no other realisation loses the child."""
    values = [Realisation.REACHED, Realisation.PARTLY, Realisation.NOT_REACHED]
    drawn = [
        [str(v) for v in rng.choices(values, weights, k=len(STARTKLAS_GOALS))] for _ in range(count)
    ]
    order = list(range(count))
    rng.shuffle(order)
    for value in values:
        having = sum(1 for goals in drawn if value in goals)
        for index in order:
            if having >= SHOWN_CHILDREN:
                break
            goals = drawn[index]
            double = next((i for i, v in enumerate(goals) if goals.count(v) > 1), None)
            if value in goals or double is None:
                continue
            goals[double] = str(value)
            having += 1
    return drawn


def _evaluated_goals(
    left_out: list[tuple[Case, Plan, Module, dt.date, dt.date]],
    coordinator: Membership,
    rng: random.Random,
) -> None:
    """The plans of the children who went through the Startklas: adopted before the
    placement with the goals the place serves, and evaluated in the group twice and at the end
    of the school year (deciding to close the plan, the child moving on), every goal rated."""
    user = coordinator.user
    school_name = coordinator.organisation.name
    versions, goals = [], []
    for _case, plan, _module, placed, _left in left_out:
        adopted = placed - dt.timedelta(days=rng.randint(2, 6))
        content = f'{{"plan": "{plan.uuid}", "demo": true}}'
        versions.append(
            PlanVersion(
                plan=plan,
                number=1,
                status=VersionStatus.ADOPTED,
                content={"demo": True},
                content_hash=hashlib.sha256(content.encode()).hexdigest(),
                sent_at=_at(adopted - dt.timedelta(days=2)),
                sent_by=user,
                adopted_at=_at(adopted),
                adopted_by=user,
            )
        )
        for domain, what, indicator, baseline, target in STARTKLAS_GOALS:
            goals.append(
                Goal(
                    plan=plan,
                    category=DataCategory.EDUCATION,
                    author=user,
                    author_organisation=school_name,
                    updated_by=user,
                    side=Side.EDUCATION,
                    domain=domain,
                    what=what,
                    indicator=indicator,
                    baseline=baseline,
                    target=target,
                    deadline=placed + dt.timedelta(days=300),
                    owner="Het kind, met de leerkracht",
                    scale="behaald",
                )
            )
    PlanVersion.objects.bulk_create(versions)
    Goal.objects.bulk_create(goals)
    per_child = len(STARTKLAS_GOALS)
    goals_of = [goals[i * per_child : (i + 1) * per_child] for i in range(len(left_out))]
    Module.goals.through.objects.bulk_create(
        Module.goals.through(module_id=module.pk, goal_id=goal.pk)
        for (_c, _p, module, _pl, _l), child_goals in zip(left_out, goals_of, strict=True)
        for goal in child_goals
    )
    evaluations: list[Evaluation] = []
    for (_case, plan, _module, placed, left), version in zip(left_out, versions, strict=True):
        days = [placed + dt.timedelta(weeks=w, days=rng.randint(0, 6)) for w in EVALUATION_WEEKS]
        days.append(left - dt.timedelta(days=rng.randint(5, 14)))
        for number, held in enumerate(days):
            last = number == len(days) - 1
            evaluations.append(
                Evaluation(
                    plan=plan,
                    version=version,
                    held_on=held,
                    decision=EvaluationDecision.CLOSE if last else EvaluationDecision.CONTINUE,
                    next_evaluation_on=None if last else days[number + 1],
                    category=DataCategory.EDUCATION,
                    recorded_by=user,
                )
            )
    Evaluation.objects.bulk_create(evaluations)
    rounds = len(EVALUATION_WEEKS) + 1
    drawn = [
        _realisations(len(left_out), STARTKLAS_REALISATION[number + 1], rng)
        for number in range(rounds)
    ]
    GoalEvaluation.objects.bulk_create(
        GoalEvaluation(
            evaluation=evaluations[child * rounds + number],
            goal=goal,
            realisation=drawn[number][child][index],
            recorded_by=user,
        )
        for child, child_goals in enumerate(goals_of)
        for number in range(rounds)
        for index, goal in enumerate(child_goals)
    )


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


def _preschool(region: Region, seed: int) -> Membership:
    """The region's peuteropvang whose children come to the Startklas' intake (a care
    provider that runs a preschool facility), with its pedagogical worker."""
    organisation, _created = Organisation.objects.get_or_create(
        region=region,
        name=PRESCHOOL,
        defaults={
            "type": OrganisationType.CARE_PROVIDER,
            "preschool": PreschoolKind.PEUTEROPVANG,
            "municipality": "Leiden",
        },
    )
    found = Membership.objects.filter(organisation=organisation).order_by("pk").first()
    if found is not None:
        return found
    rng = random.Random(seed + 1)
    faker = Faker("nl_NL")
    faker.seed_instance(seed + 1)
    user = User.objects.create(
        username="peuteropvang",
        first_name=rng.choice(professional_first_names()),
        last_name=faker.last_name(),
        email=f"peuteropvang@{DEMO_EMAIL_DOMAIN}",
        kind=AccountKind.PROFESSIONAL,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return Membership.objects.create(user=user, organisation=organisation, role=Role.CARE_WORKER)


def _intake_candidates(
    group: GroupArrangement,
    coordinator: Membership,
    teacher: Membership,
    case_route: object,
    names: list[str],
    rng: random.Random,
    faker: Faker,
    today: dt.date,
) -> None:
    """Two toddlers of the region's peuteropvang who reached the intake age this year, their
    joint intake still to come: not at school yet, the peuteropvang and the Startklas' school
    on their team with the parents' consent; each with a plan holding the education goal the
    place will serve."""
    school = group.school
    assert school is not None
    preschool = _preschool(group.region, rng.randint(0, 10_000))
    children = [
        Child(
            first_name=rng.choice(names),
            last_name=faker.last_name(),
            date_of_birth=months_before(today, months),
        )
        for months in (43, 46)
    ]
    Child.objects.bulk_create(children)
    parents = LegalRepresentative.objects.bulk_create(
        LegalRepresentative(
            child=c,
            first_name=faker.first_name(),
            last_name=c.last_name,
            relation="ouder",
            has_authority=True,
        )
        for c in children
    )
    cases = [
        _case(
            child,
            group,
            coordinator,
            case_route,
            closed_on=None,
            destination="",
            since=today - dt.timedelta(days=14),
            first=True,
        )
        for child in children
    ]
    Case.objects.bulk_create(cases)
    consents = Consent.objects.bulk_create(
        Consent(
            case=case,
            organisation=organisation,
            categories=[DataCategory.EDUCATION],
            purpose="Peuteropvang en school bereiden samen de intake voor de Startklas voor.",
            given_by_representative=parent,
            age_band_at_giving=AgeBand.UNDER_12,
            valid_from=today - dt.timedelta(days=30),
            evidence=Evidence.SIGNED_FORM,
            recorded_by=coordinator.user,
        )
        for case, parent in zip(cases, parents, strict=True)
        for organisation in (school, preschool.organisation)
    )
    consent_of = {(c.case_id, c.organisation_id): c for c in consents}
    now = timezone.now()
    TeamMember.objects.bulk_create(
        TeamMember(
            case=case,
            membership=membership,
            status=MemberStatus.ACTIVE,
            basis=MemberBasis.CONSENT,
            consent=consent_of[(case.pk, membership.organisation_id)],
            proposed_by=coordinator.user,
            decided_at=now,
            decided_by=coordinator.user,
        )
        for case in cases
        for membership in (coordinator, teacher, preschool)
    )
    plans = [
        Plan(case=case, status=PlanStatus.DRAFT, created_by=coordinator.user) for case in cases
    ]
    Plan.objects.bulk_create(plans)
    Goal.objects.bulk_create(
        Goal(
            plan=plan,
            category=DataCategory.EDUCATION,
            author=coordinator.user,
            author_organisation=school.name,
            updated_by=coordinator.user,
            side=Side.EDUCATION,
            domain="leren",
            what="Het kind speelt en leert mee in een kleine groep",
            indicator="Observatie in de klas",
            baseline="Speelt vooral alleen",
            target="Doet mee aan de kring en het spel",
            deadline=today + dt.timedelta(days=180),
            owner="Het kind, met de leerkracht",
            scale="behaald",
        )
        for plan in plans
    )
