"""What the groeidocument prints of each goal's progress: its evaluation rounds (reached,
partly, not; when and by whom) and its measurements, cut to the reader's data categories.

Read only through the access layer's scoped querysets. For the draft these are the plan's
goals as they are now and every round they were rated in; for a version, the goals frozen in
that version (those of the reader's categories) and the rounds of the evaluations of that
version. Measurements belong to a goal, not to a version: a version's document shows all of
its goals' measurements. Three queries, whatever the number of goals, rounds or measurements.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

from arrangeer.cases.access import CaseAccess

from .models import Goal, GoalEvaluation, Measurement, Plan, PlanVersion


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    title: str
    rounds: list[GoalEvaluation]
    measurements: list[Measurement]


def goal_progress(
    access: CaseAccess, plan: Plan, version: PlanVersion | None
) -> list[GoalProgress]:
    """Per goal the reader may see, in the order of the document: rounds and measurements."""
    titles: dict[str, str] = {}
    if version is None:
        goals = list(
            Goal.objects.visible_to(access)
            .filter(plan=plan)
            .only(*_GOAL_FIELDS)
            .order_by("side", "deadline", "what", "pk")
        )
    else:
        frozen = [
            entry
            for entry in version.content.get("goal", [])
            if access.allows(str(entry.get("category", "")))
        ]
        titles = {str(entry["uuid"]): str(entry.get("what") or "") for entry in frozen}
        # A goal of an older version may have been removed since: its history still counts.
        goals = list(
            Goal.objects.of_case(access)
            .in_categories(access, with_removed=True)
            .filter(plan=plan, uuid__in=sorted(titles))
            .only(*_GOAL_FIELDS)
            .order_by("side", "deadline", "what", "pk")
        )
    if not goals:
        return []
    measurements: dict[int, list[Measurement]] = defaultdict(list)
    for measurement in (
        Measurement.objects.visible_to(access)
        .filter(goal__in=goals)
        .select_related("measured_by")
        .order_by("goal_id", "measured_on", "created_at", "pk")
    ):
        measurements[measurement.goal_id].append(measurement)
    ratings = GoalEvaluation.objects.visible_to(access).filter(goal__in=goals)
    if version is not None:
        ratings = ratings.filter(evaluation__version=version)
    rounds: dict[int, list[GoalEvaluation]] = defaultdict(list)
    for rating in ratings.select_related("evaluation", "recorded_by").order_by(
        "goal_id", "evaluation__held_on", "evaluation__recorded_at", "pk"
    ):
        rounds[rating.goal_id].append(rating)
    return [
        GoalProgress(
            goal=goal,
            title=titles.get(str(goal.uuid), goal.what),
            rounds=rounds[goal.pk],
            measurements=measurements[goal.pk],
        )
        for goal in goals
    ]


_GOAL_FIELDS = (
    "uuid",
    "plan_id",
    "category",
    "side",
    "what",
    "deadline",
    "scale",
    "scale_min",
    "scale_max",
    "removed_at",
)


def digest(progress: list[GoalProgress]) -> str:
    """A fingerprint of everything the document prints of the progress: a new measurement or
    rating (or a changed one) gives a new digest, so a kept document is built anew."""
    parts = [
        [
            str(item.goal.uuid),
            item.title,
            item.goal.scale,
            str(item.goal.scale_min),
            str(item.goal.scale_max),
            [
                [
                    r.pk,
                    r.realisation,
                    r.note,
                    str(r.recorded_by),
                    r.evaluation.held_on.isoformat(),
                    r.evaluation.decision,
                ]
                for r in item.rounds
            ],
            [
                [
                    m.pk,
                    m.measured_on.isoformat(),
                    str(m.value),
                    m.achievement,
                    m.note,
                    str(m.measured_by),
                ]
                for m in item.measurements
            ],
        ]
        for item in progress
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()
