"""The plans of the monitor's demo history (monitor/demo.py), in bulk: the first MDO and the
plan of each arrangement, the adopted version with its goals and (for about half) a funded
module, the evaluations with their goal ratings, and the families' answers after them.

Goals are reached more often in later evaluation rounds (the rough shape of the Startklas
monitor and the Thuiszitterspact). The steps draw from the history's random generator in the
order `seed_history` calls them: moving a draw changes the whole demo."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from arrangeer.cases.models import Case, TeamMember
from arrangeer.meetings.constants import MeetingKind, MeetingStatus
from arrangeer.meetings.models import Meeting
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
from arrangeer.vocabulary import DataCategory

from .demo_cases import History
from .demo_common import at

# Per evaluation round (1, 2, 3+): reached, partly, not.
REALISATION_WEIGHTS = {1: (30, 45, 25), 2: (45, 40, 15), 3: (60, 30, 10)}
# Most families are content; some are not. (score, weight) per question.
USEFUL_WEIGHTS = [(1, 3), (2, 7), (3, 20), (4, 45), (5, 25)]
HEARD_WEIGHTS = [(1, 2), (2, 6), (3, 22), (4, 40), (5, 30)]
MARK_WEIGHTS = [(4, 3), (5, 6), (6, 14), (7, 30), (8, 32), (9, 12), (10, 3)]

# An evaluation and its round (1, 2 or 3).
Round = tuple[Evaluation, int]


@dataclass
class Adopted:
    """The adopted first versions, with the goals and modules of their plans, and the day
    each plan (by pk) was adopted."""

    versions: list[PlanVersion] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    modules: list[Module] = field(default_factory=list)
    day: dict[int, dt.date] = field(default_factory=dict)


def seed_first_meetings(
    history: History, cases: list[Case], members: list[TeamMember]
) -> tuple[list[Plan], dict[int, dt.date]]:
    """The first MDO of each arrangement (held unless still to come) and the plan it started;
    returns the plans and the day of each case's (by pk) MDO."""
    rng, today = history.rng, history.today
    meetings, plans = [], []
    mdo_day: dict[int, dt.date] = {}
    for case, member in zip(cases, members, strict=True):
        day = case.opened_at.date() + dt.timedelta(days=rng.randint(14, 80))
        if day >= today:
            continue
        mdo_day[case.pk] = day
        starts = at(day, rng)
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
    return plans, mdo_day


def seed_adopted_plans(history: History, plans: list[Plan], mdo_day: dict[int, dt.date]) -> Adopted:
    """Each plan adopted some days after its MDO (unless still to come), with two or three
    goals and, for about half, a funded module."""
    rng = history.rng
    adopted = Adopted()
    for p in plans:
        case = p.case
        day = mdo_day[case.pk] + dt.timedelta(days=rng.randint(3, 45))
        if day >= history.today:
            continue
        adopted.day[p.pk] = day
        adopted.versions.append(_version(p, day, rng))
        common = {
            "plan": p,
            "author": case.regisseur,
            "author_organisation": "Demo",
            "updated_by": case.regisseur,
        }
        adopted.goals += _goals(common, day, rng)
        if rng.random() < 0.45:
            adopted.modules.append(_module(history, common, day))
    PlanVersion.objects.bulk_create(adopted.versions)
    Goal.objects.bulk_create(adopted.goals)
    Module.objects.bulk_create(adopted.modules)
    return adopted


def _version(p: Plan, day: dt.date, rng: random.Random) -> PlanVersion:
    """The first version, sent two days before it was adopted on `day`."""
    content = f'{{"plan": "{p.uuid}", "demo": true}}'
    return PlanVersion(
        plan=p,
        number=1,
        status=VersionStatus.ADOPTED,
        content={"demo": True},
        content_hash=hashlib.sha256(content.encode()).hexdigest(),
        sent_at=at(day - dt.timedelta(days=2), rng),
        sent_by=p.case.regisseur,
        adopted_at=at(day, rng),
        adopted_by=p.case.regisseur,
    )


def _goals(common: dict[str, Any], day: dt.date, rng: random.Random) -> list[Goal]:
    """Two or three goals, on education or care, due half a year after adoption."""
    return [
        Goal(
            **common,
            category=DataCategory.EDUCATION if side == Side.EDUCATION else DataCategory.YOUTH_CARE,
            side=side,
            what="Doel (demo)",
            deadline=day + dt.timedelta(days=180),
        )
        for side in rng.sample([Side.EDUCATION, Side.CARE, Side.EDUCATION], rng.randint(2, 3))
    ]


def _module(history: History, common: dict[str, Any], day: dt.date) -> Module:
    """A module funded by the SWV (a TLV) or under the Jeugdwet (a beschikking), requested
    within two weeks of adoption and granted unless its decision is still to come."""
    rng, today = history.rng, history.today
    function = rng.choice(ModuleFunction.values)
    tlv = rng.random() < 0.5
    requested = day + dt.timedelta(days=rng.randint(0, 14))
    decided = requested + dt.timedelta(days=rng.randint(14, 70))
    return Module(
        **common,
        category=DataCategory.EDUCATION if tlv else DataCategory.YOUTH_CARE,
        title="Module (demo)",
        side=Side.EDUCATION if tlv else Side.CARE,
        provider=rng.choice(history.providers),
        function=function,
        # Support within the class ("versterken") takes place at school.
        place=Place.SCHOOL if function == ModuleFunction.VERSTERKEN else rng.choice(Place.values),
        intensity=Decimal(rng.randint(2, 8)),
        start_date=day,
        end_date=day + dt.timedelta(days=180),
        funding_framework=FundingFramework.WPO_SWV if tlv else FundingFramework.JEUGDWET_ZIN,
        instrument=Instrument.TLV if tlv else Instrument.BESCHIKKING,
        decision_status=DecisionStatus.GRANTED if decided < today else DecisionStatus.REQUESTED,
        requested_on=requested,
        decided_on=decided if decided < today else None,
    )


def seed_evaluations(history: History, adopted: Adopted) -> list[Round]:
    """Up to three evaluations of each adopted plan, about a hundred days apart, while the
    arrangement ran; each rates every goal of the plan."""
    rng, today = history.rng, history.today
    evaluations: list[Round] = []
    for version in adopted.versions:
        p = version.plan
        day = adopted.day[p.pk]
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
    _seed_ratings(evaluations, adopted.goals, rng)
    return evaluations


def _seed_ratings(evaluations: list[Round], goals: list[Goal], rng: random.Random) -> None:
    """How far each goal was realised at each evaluation, by the weights of its round."""
    goals_of: dict[int, list[Goal]] = {}
    for goal in goals:
        goals_of.setdefault(goal.plan_id, []).append(goal)
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


def _score(rng: random.Random, weighted: list[tuple[int, int]]) -> int:
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def seed_answers(evaluations: list[Round], rng: random.Random) -> None:
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
        answer.answered_at = at(days[answer.moment_ref] + dt.timedelta(days=1), rng)
    SatisfactionAnswer.objects.bulk_update(answers, ["answered_at"], batch_size=1000)
