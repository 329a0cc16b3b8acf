"""Three school years of history for the monitor of a demo region, written in bulk: children
with an arrangement that opened, met, adopted a plan, got a decision, was evaluated and
(mostly) closed, so every chart of the monitor shows real figures above the threshold.

The history is plausible, not real: rates follow the rough shape of the Startklas monitor
(000) and the Thuiszitterspact (most arrangements reach their goals, goals are reached more
often in later evaluation rounds). Called from `seed_demo`; the cases are closed except those
of the last months, so they add little to anyone's caseload.

One module per part, called in order by `seed_history`: `demo_cases` (the children, their
arrangements and regisseurs), `demo_plans` (the first MDO, the adopted plan, its evaluations
and the families' answers) and `demo_region` (the region's processes on them)."""

from __future__ import annotations

from django.db import transaction

from arrangeer.cases.models import Case
from arrangeer.organisations.models import Region

from .demo_cases import HISTORY_NOTE, history_of, openings, seed_cases, seed_children, seed_team
from .demo_outcomes import seed_enrolment_checks
from .demo_plans import seed_adopted_plans, seed_answers, seed_evaluations, seed_first_meetings
from .demo_region import seed_processes
from .models_targets import TargetRule

__all__ = ["HISTORY_NOTE", "seed_enrolment_checks", "seed_history", "seed_target_rules"]


@transaction.atomic
def seed_history(region: Region, *, per_year: int = 110, seed: int = 2026) -> int:
    """Generated arrangements for the last complete school years (one more than a trend shows,
    so its first year has arrangements that continued from before); returns how many.

    The steps draw from one random generator (seeded with `seed`) in this order: the same seed
    gives the same history."""
    if Case.objects.filter(region=region, school_plan_missing_reason=HISTORY_NOTE).exists():
        return 0
    history = history_of(region, seed)
    if history is None:
        return 0
    plan = openings(history, per_year)
    children = seed_children(history, plan)
    cases = seed_cases(history, plan, children)
    members = seed_team(history, plan, cases)
    plans, mdo_day = seed_first_meetings(history, cases, members)
    adopted = seed_adopted_plans(history, plans, mdo_day)
    evaluations = seed_evaluations(history, adopted)
    seed_answers(evaluations, history.rng)
    seed_processes(region, cases, adopted.modules, history.rng, history.faker)
    return len(cases)


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
