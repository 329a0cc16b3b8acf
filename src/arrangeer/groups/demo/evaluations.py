"""The evaluated plans of the children who left the Startklas: each adopted before the
placement with the goals the place serves, evaluated in the group, every goal rated so the
group monitor shows its goal realisation."""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from arrangeer.cases.models import Case
from arrangeer.organisations.models import Membership
from arrangeer.plans.constants import (
    EvaluationDecision,
    Realisation,
    Side,
    VersionStatus,
)
from arrangeer.plans.models import Evaluation, Goal, GoalEvaluation, Module, Plan, PlanVersion
from arrangeer.vocabulary import DataCategory

from .data import (
    EVALUATION_WEEKS,
    SHOWN_CHILDREN,
    STARTKLAS_GOALS,
    STARTKLAS_REALISATION,
    at,
)

LeftOut = tuple[Case, Plan, Module, dt.date, dt.date]


def evaluated_goals(left_out: list[LeftOut], coordinator: Membership, rng: random.Random) -> None:
    """The plans of the children who went through the Startklas: adopted before the
    placement with the goals the place serves, and evaluated in the group twice and at the end
    of the school year (deciding to close the plan, the child moving on), every goal rated."""
    versions, goals_of = _adopted_plans(left_out, coordinator, rng)
    evaluations = _evaluations(left_out, versions, coordinator, rng)
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
            recorded_by=coordinator.user,
        )
        for child, child_goals in enumerate(goals_of)
        for number in range(rounds)
        for index, goal in enumerate(child_goals)
    )


def _adopted_plans(
    left_out: list[LeftOut], coordinator: Membership, rng: random.Random
) -> tuple[list[PlanVersion], list[list[Goal]]]:
    """Each plan's adopted version, and its goals (those the place serves, linked to the
    place's module), per child."""
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
                sent_at=at(adopted - dt.timedelta(days=2)),
                sent_by=user,
                adopted_at=at(adopted),
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
    return versions, goals_of


def _evaluations(
    left_out: list[LeftOut],
    versions: list[PlanVersion],
    coordinator: Membership,
    rng: random.Random,
) -> list[Evaluation]:
    """Each plan's evaluations: twice in the school year, and at its end closing the plan."""
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
                    recorded_by=coordinator.user,
                )
            )
    Evaluation.objects.bulk_create(evaluations)
    return evaluations


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
