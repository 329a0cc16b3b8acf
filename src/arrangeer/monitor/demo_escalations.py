"""The escalations of the demo history (monitor/demo_region.py), in bulk: about half of the
arrangements with a funded module had a dispute about it; most are decided at the first or
second level, a few go up to the doorbraakfunctionaris. All are closed."""

from __future__ import annotations

import datetime as dt
import random

from arrangeer.cases.models import Case
from arrangeer.escalations.constants import EscalationStatus, StepKind
from arrangeer.escalations.models import Escalation, EscalationStep, LadderLevel
from arrangeer.organisations.models import Region
from arrangeer.plans.models import Module

from .demo_common import DEMO_TEXT, at, ended

# An escalation, the levels it climbed and how it ended.
Climb = tuple[Escalation, list[LadderLevel], str]


def seed_escalations(
    region: Region, cases: list[Case], modules: list[Module], rng: random.Random, today: dt.date
) -> None:
    """Disputes about the generated arrangements' `modules` (of `cases`), with their steps."""
    levels = list(LadderLevel.objects.filter(region=region).order_by("number"))
    if not levels:
        return
    case_of = {c.pk: c for c in cases}
    found: list[Climb] = []
    for module in modules:
        case = case_of[module.plan.case_id]
        if rng.random() > 0.55:
            continue
        climb = _escalation(case, module, levels, rng, today)
        if climb is not None:
            found.append(climb)
    Escalation.objects.bulk_create([e for e, _c, _s in found])
    steps = [step for climb in found for step in _steps(climb, levels)]
    EscalationStep.objects.bulk_create(steps, batch_size=1000)


def _escalation(
    case: Case, module: Module, levels: list[LadderLevel], rng: random.Random, today: dt.date
) -> Climb | None:
    """A dispute raised soon after the module started that climbed the ladder and was
    decided (or withdrawn) in time; None when that would still be to come."""
    raised = module.start_date + dt.timedelta(days=rng.randint(3, 30))
    reached = rng.choices(range(1, len(levels) + 1), [50, 30, 12, 8][: len(levels)])[0]
    climb = levels[:reached]
    days = sum(level.deadline_days for level in climb) + rng.randint(-3, 10)
    closed = raised + dt.timedelta(days=max(2, days))
    if closed >= min(ended(case, today), today):
        return None
    status: str = EscalationStatus.DECIDED if rng.random() < 0.85 else EscalationStatus.WITHDRAWN
    escalation = Escalation(
        case=case,
        module=module,
        question=DEMO_TEXT,
        options=DEMO_TEXT,
        cost_at_stake=module.intensity * 40 * 75,
        raised_by=case.regisseur,
        raised_at=at(raised, rng),
        status=status,
        level=climb[-1],
        level_since=at(raised + dt.timedelta(days=days // 2), rng),
        level_due=closed + dt.timedelta(days=3),
        closed_at=at(closed, rng),
    )
    return escalation, climb, status


def _steps(found: Climb, levels: list[LadderLevel]) -> list[EscalationStep]:
    """Raised, moved up a level at each deadline, and decided (binding at the last level) or
    withdrawn."""
    escalation, climb, status = found
    assert escalation.closed_at is not None
    common = {"escalation": escalation, "by": escalation.raised_by, "note": DEMO_TEXT}
    steps = [
        EscalationStep(**common, kind=StepKind.RAISED, level=climb[0], at=escalation.raised_at)
    ]
    for level in climb[1:]:
        steps.append(
            EscalationStep(
                **common,
                kind=StepKind.MOVED_UP_DEADLINE,
                level=level,
                at=escalation.level_since,
            )
        )
    last = StepKind.DECIDED if status == EscalationStatus.DECIDED else StepKind.WITHDRAWN
    steps.append(
        EscalationStep(
            **common,
            kind=last,
            level=climb[-1],
            at=escalation.closed_at,
            binding=status == EscalationStatus.DECIDED and climb[-1] == levels[-1],
        )
    )
    return steps
