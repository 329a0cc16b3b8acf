"""The parts of a plan that several views of one page use: the plan, its live goals and
modules, and which goals each module serves. Read once per page (the plan tab and the
dossier page show the plan and its funding; both work from the same rows)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from arrangeer.cases.models import Case

from .models import Goal, Module, Plan

# Never shown, so not read (removed_at is: the funding rules look at it).
_UNREAD = ("created_at", "updated_at", "removed_by", "updated_by")


@dataclass(frozen=True)
class PlanParts:
    plan: Plan | None
    # Every live goal and module of the plan, whatever their category: the funding signals
    # count what the reader may not see; the views keep the reader's categories.
    goals: list[Goal] = field(default_factory=list)
    modules: list[Module] = field(default_factory=list)
    # module pk -> the pks of the goals it serves (live modules only)
    links: dict[int, list[int]] = field(default_factory=dict)


def read_parts(case: Case, *, plan: Plan | None = None) -> PlanParts:
    """The case's plan and its live goals, modules and links: four queries, or one without
    a plan."""
    plan = plan or Plan.objects.filter(case=case).first()
    if plan is None:
        return PlanParts(plan=None)
    goals = list(
        Goal.objects.filter(plan=plan, removed_at__isnull=True)
        .defer(*_UNREAD)
        .order_by("side", "deadline", "created_at", "pk")
    )
    modules = list(
        Module.objects.filter(plan=plan, removed_at__isnull=True)
        .select_related("provider", "intervention")
        .defer(*_UNREAD)
        .order_by("side", "start_date", "created_at", "pk")
    )
    live = {m.pk for m in modules}
    links: dict[int, list[int]] = defaultdict(list)
    for module_id, goal_id in Module.goals.through.objects.filter(module__plan=plan).values_list(
        "module_id", "goal_id"
    ):
        if module_id in live:
            links[module_id].append(goal_id)
    return PlanParts(plan=plan, goals=goals, modules=modules, links=links)
