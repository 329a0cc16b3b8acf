"""Three school years of history for the monitor of a demo region, written in bulk: children
with an arrangement that opened, met, adopted a plan, got a decision, was evaluated and
(mostly) closed, so every chart of the monitor shows real figures above the threshold.

The history is plausible, not real: rates follow the rough shape of the Startklas monitor
(000) and the Thuiszitterspact (most arrangements reach their goals, goals are reached more
often in later evaluation rounds). Called from `seed_demo`; the cases are closed except those
of the last months, so they add little to anyone's caseload."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
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
from arrangeer.meetings.constants import MeetingKind, MeetingStatus
from arrangeer.meetings.models import Meeting
from arrangeer.organisations.constants import OrganisationType, Role
from arrangeer.organisations.models import Membership, Organisation, Region
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
from arrangeer.portal.models import Moment, SatisfactionAnswer
from arrangeer.routes.services import route_for_new_case
from arrangeer.vocabulary import DataCategory

from .constants import TREND_YEARS, school_year_of, year_start
from .demo_outcomes import seed_enrolment_checks
from .demo_region import seed_processes
from .models_targets import TargetRule

__all__ = ["seed_enrolment_checks", "seed_history", "seed_target_rules"]

# Marks the generated history, so seeding twice adds nothing.
HISTORY_NOTE = "Monitorhistorie (demo)"
CLOSE_WEIGHTS = [
    (CloseReason.GOALS_REACHED, 55),
    (CloseReason.REFERRED, 15),
    (CloseReason.MOVED, 12),
    (CloseReason.PARENTS_WITHDREW, 10),
    (CloseReason.OTHER, 8),
]
# Per evaluation round (1, 2, 3+): reached, partly, not.
REALISATION_WEIGHTS = {1: (30, 45, 25), 2: (45, 40, 15), 3: (60, 30, 10)}


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 16), 0)))


@transaction.atomic
def seed_history(region: Region, *, per_year: int = 110, seed: int = 2026) -> int:
    """Generated arrangements for the last complete school years (one more than a trend shows,
    so its first year has arrangements that continued from before); returns how many."""
    if Case.objects.filter(region=region, school_plan_missing_reason=HISTORY_NOTE).exists():
        return 0
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
        return 0
    steps = list(route.steps.order_by("number"))
    rng = random.Random(seed)
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    today = timezone.localdate()
    now = timezone.now()
    last = school_year_of(today) - 1
    years = range(last - TREND_YEARS, last + 1)

    plan: list[tuple[dt.date, Organisation, Membership]] = []
    for year in years:
        start = year_start(year)
        for _ in range(per_year):
            opened = start + dt.timedelta(days=rng.randint(0, 364))
            school = rng.choice(schools)
            lead = next((m for m in leads if m.organisation_id == school.pk), rng.choice(leads))
            plan.append((opened, school, lead))

    # Each child is at school age when the arrangement opened and still fits its school and
    # group today; generated children never take a professional's first name.
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

    cases: list[Case] = []
    opened_at: dict[int, dt.datetime] = {}
    for index, (child, (opened, school, lead)) in enumerate(zip(children, plan, strict=True)):
        closed = opened + dt.timedelta(days=rng.randint(120, 420))
        is_closed = closed < today
        thuiszitter = rng.random() < 0.3
        step = steps[-1] if is_closed else steps[min(6, len(steps) - 1)]
        cases.append(
            Case(
                child=child,
                region=region,
                initiator=Initiator.SCHOOL if rng.random() < 0.8 else Initiator.YOUTH_TEAM,
                initiating_organisation=school,
                regisseur=lead.user,
                created_by=lead.user,
                status=CaseStatus.CLOSED if is_closed else CaseStatus.OPEN,
                closed_at=_at(closed, rng) if is_closed else None,
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
                route=route,
                current_step=step,
                step_since=_at(opened, rng),
                step_due=opened + dt.timedelta(days=step.duration_days),
            )
        )
        opened_at[index] = _at(opened, rng)
    Case.objects.bulk_create(cases)
    # `opened_at` is set on creation: the history's own dates go in afterwards.
    for index, case in enumerate(cases):
        case.opened_at = opened_at[index]
    Case.objects.bulk_update(cases, ["opened_at"], batch_size=500)

    members = [
        TeamMember(
            case=case,
            membership=lead,
            status=MemberStatus.ENDED if case.status == CaseStatus.CLOSED else MemberStatus.ACTIVE,
            basis=MemberBasis.LEGAL_TASK_SCHOOL,
            proposed_by=lead.user,
            decided_at=now,
            decided_by=lead.user,
            ended_at=case.closed_at,
        )
        for case, (_o, _s, lead) in zip(cases, plan, strict=True)
    ]
    TeamMember.objects.bulk_create(members)

    meetings, plans = [], []
    mdo_day: dict[int, dt.date] = {}
    for case, member in zip(cases, members, strict=True):
        day = case.opened_at.date() + dt.timedelta(days=rng.randint(14, 80))
        if day >= today:
            continue
        mdo_day[case.pk] = day
        starts = _at(day, rng)
        meetings.append(
            Meeting(
                case=case,
                kind=MeetingKind.FIRST,
                status=MeetingStatus.APPROVED,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=1),
                chair=member,
                created_by=case.regisseur,
                held_recorded_at=starts + dt.timedelta(hours=2),
                minutes_approved_at=starts + dt.timedelta(days=2),
                minutes_approved_by=case.regisseur,
            )
        )
        plans.append(
            Plan(
                case=case,
                status=PlanStatus.CLOSED if not case.is_open else PlanStatus.ADOPTED,
                created_by=case.regisseur,
            )
        )
    Meeting.objects.bulk_create(meetings)
    Plan.objects.bulk_create(plans)

    versions, goals, modules = [], [], []
    adopted_day: dict[int, dt.date] = {}
    for p in plans:
        case = p.case
        day = mdo_day[case.pk] + dt.timedelta(days=rng.randint(3, 45))
        if day >= today:
            continue
        adopted_day[p.pk] = day
        content = f'{{"plan": "{p.uuid}", "demo": true}}'
        versions.append(
            PlanVersion(
                plan=p,
                number=1,
                status=VersionStatus.ADOPTED,
                content={"demo": True},
                content_hash=hashlib.sha256(content.encode()).hexdigest(),
                sent_at=_at(day - dt.timedelta(days=2), rng),
                sent_by=case.regisseur,
                adopted_at=_at(day, rng),
                adopted_by=case.regisseur,
            )
        )
        common = {
            "plan": p,
            "author": case.regisseur,
            "author_organisation": "Demo",
            "updated_by": case.regisseur,
        }
        for side in rng.sample([Side.EDUCATION, Side.CARE, Side.EDUCATION], rng.randint(2, 3)):
            goals.append(
                Goal(
                    **common,
                    category=DataCategory.EDUCATION
                    if side == Side.EDUCATION
                    else DataCategory.YOUTH_CARE,
                    side=side,
                    what="Doel (demo)",
                    deadline=day + dt.timedelta(days=180),
                )
            )
        if rng.random() < 0.45:
            function = rng.choice(ModuleFunction.values)
            tlv = rng.random() < 0.5
            requested = day + dt.timedelta(days=rng.randint(0, 14))
            decided = requested + dt.timedelta(days=rng.randint(14, 70))
            modules.append(
                Module(
                    **common,
                    category=DataCategory.EDUCATION if tlv else DataCategory.YOUTH_CARE,
                    title="Module (demo)",
                    side=Side.EDUCATION if tlv else Side.CARE,
                    provider=rng.choice(providers),
                    function=function,
                    # Support within the class ("versterken") takes place at school.
                    place=Place.SCHOOL
                    if function == ModuleFunction.VERSTERKEN
                    else rng.choice(Place.values),
                    intensity=Decimal(rng.randint(2, 8)),
                    start_date=day,
                    end_date=day + dt.timedelta(days=180),
                    funding_framework=FundingFramework.WPO_SWV
                    if tlv
                    else FundingFramework.JEUGDWET_ZIN,
                    instrument=Instrument.TLV if tlv else Instrument.BESCHIKKING,
                    decision_status=DecisionStatus.GRANTED
                    if decided < today
                    else DecisionStatus.REQUESTED,
                    requested_on=requested,
                    decided_on=decided if decided < today else None,
                )
            )
    PlanVersion.objects.bulk_create(versions)
    Goal.objects.bulk_create(goals)
    Module.objects.bulk_create(modules)

    goals_of: dict[int, list[Goal]] = {}
    for goal in goals:
        goals_of.setdefault(goal.plan_id, []).append(goal)
    evaluations: list[tuple[Evaluation, int]] = []
    for version in versions:
        p = version.plan
        day = adopted_day[p.pk]
        closed = p.case.closed_at.date() if p.case.closed_at else today
        for round_ in (1, 2, 3):
            held = day + dt.timedelta(days=100 * round_ + rng.randint(-10, 10))
            if held >= min(closed, today):
                break
            evaluations.append(
                (
                    Evaluation(
                        plan=p,
                        version=version,
                        held_on=held,
                        decision=EvaluationDecision.CONTINUE,
                        next_evaluation_on=held + dt.timedelta(days=100),
                        category=DataCategory.EDUCATION,
                        recorded_by=p.case.regisseur,
                    ),
                    round_,
                )
            )
    Evaluation.objects.bulk_create([e for e, _r in evaluations])
    ratings = []
    for evaluation, round_ in evaluations:
        weights = REALISATION_WEIGHTS[round_]
        for goal in goals_of.get(evaluation.plan_id, []):
            ratings.append(
                GoalEvaluation(
                    evaluation=evaluation,
                    goal=goal,
                    realisation=rng.choices(
                        [Realisation.REACHED, Realisation.PARTLY, Realisation.NOT_REACHED], weights
                    )[0],
                    recorded_by=evaluation.recorded_by,
                )
            )
    GoalEvaluation.objects.bulk_create(ratings, batch_size=1000)
    _seed_answers(evaluations, rng)
    seed_processes(region, cases, modules, rng, faker)
    return len(cases)


# Most families are content; some are not. (score, weight) per question.
USEFUL_WEIGHTS = [(1, 3), (2, 7), (3, 20), (4, 45), (5, 25)]
HEARD_WEIGHTS = [(1, 2), (2, 6), (3, 22), (4, 40), (5, 30)]
MARK_WEIGHTS = [(4, 3), (5, 6), (6, 14), (7, 30), (8, 32), (9, 12), (10, 3)]


def _score(rng: random.Random, weighted: list[tuple[int, int]]) -> int:
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def _seed_answers(evaluations: list[tuple[Evaluation, int]], rng: random.Random) -> None:
    """The questionnaire after evaluations: about two in three parents answer, and about half
    of the young people from 12. In bulk; the answer date is the evaluation's."""
    answers = []
    for evaluation, _round in evaluations:
        case = evaluation.plan.case
        asked = [("parent", 0.65)]
        born = case.child.date_of_birth
        if born is not None and (evaluation.held_on - born).days >= 12 * 365:
            asked.append(("youth", 0.5))
        for respondent, chance in asked:
            if rng.random() >= chance:
                continue
            answers.append(
                SatisfactionAnswer(
                    case=case,
                    moment=Moment.EVALUATION,
                    moment_ref=str(evaluation.uuid),
                    respondent=respondent,
                    respondent_key=hashlib.sha256(
                        f"demo:{respondent}:{evaluation.uuid}".encode()
                    ).hexdigest(),
                    usefulness=_score(rng, USEFUL_WEIGHTS),
                    heard=_score(rng, HEARD_WEIGHTS),
                    overall=_score(rng, MARK_WEIGHTS),
                )
            )
    SatisfactionAnswer.objects.bulk_create(answers, batch_size=1000)
    # The date is set by the database on creation: give each the day after its evaluation.
    days = {str(e.uuid): e.held_on for e, _r in evaluations}
    for answer in answers:
        answer.answered_at = _at(days[answer.moment_ref] + dt.timedelta(days=1), rng)
    SatisfactionAnswer.objects.bulk_update(answers, ["answered_at"], batch_size=1000)


# The target group the demo regions set in functional management (docs/monitor.md, *Bereik*):
# thuiszitters, the complex questions of young children, and the older pupils who miss school.
DEMO_TARGET_RULES: tuple[dict[str, object], ...] = (
    {"name": "Thuiszitters", "is_thuiszitter": True},
    {
        "name": "Complexe vragen in het primair onderwijs",
        "sectors": ["po", "sbo", "so"],
        "is_complex": True,
    },
    {
        "name": "Jongeren van 12 tot en met 17 met verzuim",
        "age_from": 12,
        "age_to": 17,
        "has_absence": True,
    },
)


def seed_target_rules(region: Region) -> int:
    """The demo region's target group rules, once; returns how many were made."""
    made = 0
    for fields in DEMO_TARGET_RULES:
        values = dict(fields)
        name = str(values.pop("name"))
        _rule, created = TargetRule.objects.get_or_create(region=region, name=name, defaults=values)
        made += int(created)
    return made
