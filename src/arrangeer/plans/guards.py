"""The plan's guards for the route map (routes/guards.py). Each asks plans/rules.py, where
the rule lives, so the route, the services and the pages agree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from arrangeer.cases.models import StepChange
from arrangeer.routes import checklist
from arrangeer.routes.guards import register

from . import rules
from .models import Plan

if TYPE_CHECKING:
    from arrangeer.cases.models import Case


def _plan(case: Case) -> Plan | None:
    return Plan.objects.filter(case=case).first()


@register(
    "support_needs_recorded",
    label=_("Support needs recorded"),
    blocked=_(
        "Record the support needs of the child, the parents and the teacher or school in the "
        "plan first."
    ),
)
def support_needs_recorded(case: Case) -> bool:
    plan = _plan(case)
    return plan is not None and not rules.missing_support_needs(plan)


@register(
    "smart_goal_present",
    label=_("A SMART goal is set"),
    blocked=_(
        "Write at least one shared goal with every SMART part: what, indicator, baseline, "
        "target, by when and who works on it."
    ),
)
def smart_goal_present(case: Case) -> bool:
    plan = _plan(case)
    return plan is not None and rules.smart_goal_count(plan) > 0


@register(
    "goals_served_by_modules",
    label=_("Every goal is served by a module"),
    blocked=_(
        "Every goal needs at least one arrangement module that works on it. Add a module, or "
        "link an existing one to the goals that have none."
    ),
)
def goals_served_by_modules(case: Case) -> bool:
    plan = _plan(case)
    return (
        plan is not None
        and rules.live_goals(plan).exists()
        and rules.goals_without_module(plan) == 0
    )


@register(
    "handelingsdeel_agreed",
    label=_("Parents agreed with the handelingsdeel"),
    blocked=_(
        "Each parent with parental authority must agree with the handelingsdeel of the current "
        "version of the plan. Send the plan for agreement and record their instemming."
    ),
)
def handelingsdeel_agreed(case: Case) -> bool:
    plan = _plan(case)
    return plan is not None and rules.handelingsdeel_agreed(plan)


@register(
    "evaluation_recorded",
    label=_("Evaluation recorded"),
    blocked=_(
        "Evaluate the adopted plan: per goal how far it was reached, and decide to continue, "
        "adjust or close."
    ),
)
def evaluation_recorded(case: Case) -> bool:
    plan = _plan(case)
    if plan is None:
        return False
    # Coming back to this step (the route's loop) asks for a new evaluation: one recorded
    # after the case last left it.
    left = (
        StepChange.objects.filter(case=case, from_step_id=case.current_step_id)
        .exclude(to_step_id=case.current_step_id)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
        if case.current_step_id is not None
        else None
    )
    return rules.evaluation_recorded(plan, since=left)


@register(
    "plan_adopted",
    label=_("The plan is adopted"),
    blocked=_(
        "Adopt the plan first: send it to the parents, record their instemming and the "
        "child's view, then adopt it. After an adjustment the changed plan is adopted again."
    ),
)
def plan_adopted(case: Case) -> bool:
    plan = _plan(case)
    return plan is not None and rules.plan_adopted(plan)


@checklist.register("decisions_issued")
def decisions_issued(case: Case) -> bool:
    """The regisseur's checklist: the plan has modules, and every module that needs a decision
    (a TLV, a beschikking, an arrangement of the SWV, ...) has it granted."""
    plan = _plan(case)
    return plan is not None and rules.decisions_issued(plan)
