"""The parts of a plan that several views of one page use: the plan, its live goals and
modules, and which goals each module serves. Read once per page (the plan tab and the
dossier page show the plan and its funding; both work from the same rows)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from arrangeer.cases.models import Case

from . import compiled
from .constants import VersionStatus
from .models import Goal, Module, Plan, PlanVersion

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
    # With `versions`: the version in force and the current one (awaiting or adopted), as the
    # dossier names them (number, status, dates only), read with the plan.
    versions_read: bool = False
    in_force: PlanVersion | None = None
    current: PlanVersion | None = None


def _with_versions(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """The plans with the number and adoption of the version in force and the number and
    status of the current one (the last one awaiting or adopted)."""
    in_force = PlanVersion.objects.filter(
        plan=OuterRef("pk"), status=VersionStatus.ADOPTED
    ).order_by("-number")
    current = PlanVersion.objects.filter(
        plan=OuterRef("pk"), status__in=(VersionStatus.AWAITING, VersionStatus.ADOPTED)
    ).order_by("-number")
    return plans.annotate(
        in_force_number=Subquery(in_force.values("number")[:1]),
        in_force_adopted_at=Subquery(in_force.values("adopted_at")[:1]),
        current_number=Subquery(current.values("number")[:1]),
        current_status=Subquery(current.values("status")[:1]),
    )


def _shown_versions(plan: Any) -> tuple[PlanVersion | None, PlanVersion | None]:
    in_force = current = None
    if plan.in_force_number is not None:
        in_force = PlanVersion(
            plan=plan,
            number=plan.in_force_number,
            status=VersionStatus.ADOPTED,
            adopted_at=plan.in_force_adopted_at,
        )
    if plan.current_number is not None:
        current = (
            in_force
            if in_force is not None and plan.current_number == in_force.number
            else PlanVersion(plan=plan, number=plan.current_number, status=plan.current_status)
        )
    return in_force, current


def _plan_with_versions(case: Case) -> Plan | None:
    """The case's plan with its versions in force and current (`_with_versions`)."""
    found: list[Plan] = compiled.models_of(
        Plan,
        "with versions",
        lambda case_pk: _with_versions(Plan.objects.filter(case_id=case_pk)).order_by("pk")[:1],
        case.pk,
    )
    return found[0] if found else None


def read_parts(case: Case, *, plan: Plan | None = None, versions: bool = False) -> PlanParts:
    """The case's plan and its live goals, modules and links: four queries, or one without
    a plan. `versions` (without `plan`): with the version in force and the current one, in
    the plan's query."""
    shown: tuple[PlanVersion | None, PlanVersion | None] = (None, None)
    if plan is None and versions:
        plan = _plan_with_versions(case)
        if plan is None:
            return PlanParts(plan=None, versions_read=True)
        shown = _shown_versions(plan)
    else:
        versions = False
    plan = plan or Plan.objects.filter(case=case).first()
    if plan is None:
        return PlanParts(plan=None)
    goals: list[Goal] = compiled.models_of(
        Goal,
        "parts",
        lambda plan_pk: (
            Goal.objects.filter(plan_id=plan_pk, removed_at__isnull=True)
            .defer(*_UNREAD)
            .order_by("side", "deadline", "created_at", "pk")
        ),
        plan.pk,
    )
    modules = list(
        Module.objects.filter(plan=plan, removed_at__isnull=True)
        .select_related("provider", "intervention")
        .defer(*_UNREAD)
        .order_by("side", "start_date", "created_at", "pk")
    )
    live = {m.pk for m in modules}
    links: dict[int, list[int]] = defaultdict(list)
    for module_id, goal_id in compiled.rows_of(
        "links",
        lambda plan_pk: Module.goals.through.objects.filter(module__plan_id=plan_pk).values_list(
            "module_id", "goal_id"
        ),
        plan.pk,
    ):
        if module_id in live:
            links[module_id].append(goal_id)
    return PlanParts(
        plan=plan,
        goals=goals,
        modules=modules,
        links=links,
        versions_read=versions,
        in_force=shown[0],
        current=shown[1],
    )
