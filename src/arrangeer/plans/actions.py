"""The plan's signals in "My actions" (routes/actions.py): an evaluation coming up or past,
an arrangement module that ends within four weeks, and a decision (a TLV or a beschikking)
still pending after the route's number of days. They go to the regisseur, who keeps the plan
moving; each reads one query whatever the number of cases, and names no content of the plan
(the regisseur may not see every category of it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.routes.actions import Action, register_action_source
from arrangeer.routes.constants import DEFAULT_DECISION_DAYS

from .constants import DecisionStatus, PlanStatus
from .models import Evaluation, Module, Plan

if TYPE_CHECKING:
    from arrangeer.accounts.models import User
    from arrangeer.cases.models import Case

EVALUATION_NOTICE_DAYS = 14
MODULE_END_NOTICE_DAYS = 28


def _plan_url(case: Case, anchor: str) -> str:
    return reverse("plans:plan", kwargs={"case_id": case.uuid}) + anchor


@register_action_source(
    "evaluation_due",
    label=gettext_lazy("Evaluations coming up"),
    mail=gettext_lazy("The evaluation of a plan of which you are the regisseur is coming up."),
)
def evaluation_due(user: User, cases: QuerySet[Case], today: dt.date) -> Iterable[Action]:
    latest = (
        Evaluation.objects.filter(plan=OuterRef("pk"))
        .order_by("-held_on", "-recorded_at")
        .values("next_evaluation_on")[:1]
    )
    plans = (
        Plan.objects.filter(case__in=cases.filter(regisseur=user), status=PlanStatus.ADOPTED)
        .annotate(next_on=Subquery(latest))
        .filter(next_on__lte=today + dt.timedelta(days=EVALUATION_NOTICE_DAYS))
        .select_related("case__child")
    )
    for plan in plans:
        due: dt.date = plan.next_on
        yield Action(
            source="evaluation_due",
            case=plan.case,
            title=_("Evaluate the plan with the team and the parents"),
            due=due,
            url=reverse("plans:evaluation_new", kwargs={"case_id": plan.case.uuid}),
            key=f"evaluation_due:{plan.pk}:{due.isoformat()}",
            remind_from=due - dt.timedelta(days=EVALUATION_NOTICE_DAYS),
        )


@register_action_source(
    "module_ending",
    label=gettext_lazy("Arrangement modules ending"),
    mail=gettext_lazy(
        "An arrangement module in a plan of which you are the regisseur ends within four weeks."
    ),
)
def module_ending(user: User, cases: QuerySet[Case], today: dt.date) -> Iterable[Action]:
    modules = Module.objects.filter(
        plan__case__in=cases.filter(regisseur=user),
        plan__status=PlanStatus.ADOPTED,
        removed_at__isnull=True,
        end_date__gte=today,
        end_date__lte=today + dt.timedelta(days=MODULE_END_NOTICE_DAYS),
    ).select_related("plan__case__child")
    for module in modules:
        case = module.plan.case
        yield Action(
            source="module_ending",
            case=case,
            title=_("A module of the arrangement ends on %(date)s: decide what comes next")
            % {"date": formats.date_format(module.end_date)},
            due=module.end_date,
            url=_plan_url(case, "#modules"),
            key=f"module_ending:{module.pk}:{module.end_date.isoformat()}",
            remind_from=module.end_date - dt.timedelta(days=MODULE_END_NOTICE_DAYS),
        )


@register_action_source(
    "decision_pending",
    label=gettext_lazy("Decisions still pending"),
    mail=gettext_lazy(
        "A requested decision (a TLV or a beschikking) in a plan of which you are the "
        "regisseur is still pending."
    ),
)
def decision_pending(user: User, cases: QuerySet[Case], today: dt.date) -> Iterable[Action]:
    modules = Module.objects.filter(
        plan__case__in=cases.filter(regisseur=user),
        removed_at__isnull=True,
        decision_status=DecisionStatus.REQUESTED,
        requested_on__isnull=False,
    ).select_related("plan__case__child", "plan__case__route")
    for module in modules:
        case = module.plan.case
        assert module.requested_on is not None
        days = case.route.decision_days if case.route is not None else DEFAULT_DECISION_DAYS
        due = module.requested_on + dt.timedelta(days=days)
        if due > today:
            continue
        yield Action(
            source="decision_pending",
            case=case,
            title=_(
                "A decision requested on %(date)s is still pending: ask the SWV or the municipality"
            )
            % {"date": formats.date_format(module.requested_on)},
            due=due,
            url=_plan_url(case, "#modules"),
            key=f"decision_pending:{module.pk}:{module.requested_on.isoformat()}",
            remind_from=due,
        )
