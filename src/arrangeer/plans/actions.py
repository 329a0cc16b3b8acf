"""The plan's signals in "My actions" (cases/actions/): an evaluation coming up or past,
an arrangement module that ends within four weeks, a decision (a TLV or a beschikking)
still pending after the route's number of days, and the gaps and overlaps in the plan's
funding (the rules of plans/funding/). They go to the regisseur, who keeps the plan
moving; each reads one to three queries whatever the number of cases, and names no content
of the plan (the regisseur may not see every category of it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from arrangeer.cases.actions import CASE_FIELDS, PERSON, Action, first, register_action_source
from arrangeer.cases.models import Case
from arrangeer.routes.constants import DEFAULT_DECISION_DAYS

from . import funding
from .constants import DecisionStatus, PlanStatus
from .models import Evaluation, Goal, Module, Plan

if TYPE_CHECKING:
    from arrangeer.accounts.models import User

EVALUATION_NOTICE_DAYS = 14
MODULE_END_NOTICE_DAYS = 28


def _evaluation_probe(today: dt.date) -> list[QuerySet[Any]]:
    """An evaluation of an adopted plan naming a next one by the notice date: the latest
    evaluation of a plan that is due is among them."""
    return [
        Evaluation.objects.filter(
            plan__case__regisseur=PERSON,
            plan__status=PlanStatus.ADOPTED,
            next_evaluation_on__lte=today + dt.timedelta(days=EVALUATION_NOTICE_DAYS),
        ).values("pk")
    ]


@register_action_source(
    "evaluation_due",
    label=gettext_lazy("Evaluations coming up"),
    mail=gettext_lazy("The evaluation of a plan of which you are the regisseur is coming up."),
    led=True,
    probe=_evaluation_probe,
)
def evaluation_due(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
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
    # The regisseur's own plans: read those few, cut before building.
    for plan in first(plans, lambda p: (p.next_on, p.case.child.last_name, p.case_id, p.pk), limit):
        due: dt.date = plan.next_on
        yield Action(
            source="evaluation_due",
            case=plan.case,
            title=_("Evaluate the plan with the team and the parents"),
            due=due,
            view="plans:evaluation_new",
            key=f"evaluation_due:{plan.pk}:{due.isoformat()}",
            remind_from=due - dt.timedelta(days=EVALUATION_NOTICE_DAYS),
            tiebreak=plan.pk,
        )


def _ending_probe(today: dt.date) -> list[QuerySet[Any]]:
    return [
        Module.objects.filter(
            plan__case__regisseur=PERSON,
            plan__status=PlanStatus.ADOPTED,
            removed_at__isnull=True,
            end_date__gte=today,
            end_date__lte=today + dt.timedelta(days=MODULE_END_NOTICE_DAYS),
        ).values("pk")
    ]


@register_action_source(
    "module_ending",
    label=gettext_lazy("Arrangement modules ending"),
    mail=gettext_lazy(
        "An arrangement module in a plan of which you are the regisseur ends within four weeks."
    ),
    led=True,
    probe=_ending_probe,
)
def module_ending(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    modules = Module.objects.filter(
        plan__case__in=cases.filter(regisseur=user),
        plan__status=PlanStatus.ADOPTED,
        removed_at__isnull=True,
        end_date__gte=today,
        end_date__lte=today + dt.timedelta(days=MODULE_END_NOTICE_DAYS),
    ).select_related("plan__case__child")
    ordered = first(
        modules,
        lambda m: (m.end_date, m.plan.case.child.last_name, m.plan.case_id, m.pk),
        limit,
    )
    for module in ordered:
        case = module.plan.case
        yield Action(
            source="module_ending",
            case=case,
            title=_("A module of the arrangement ends on %(date)s: decide what comes next")
            % {"date": formats.date_format(module.end_date)},
            due=module.end_date,
            view="plans:plan",
            anchor="#modules",
            key=f"module_ending:{module.pk}:{module.end_date.isoformat()}",
            remind_from=module.end_date - dt.timedelta(days=MODULE_END_NOTICE_DAYS),
            tiebreak=module.pk,
        )


def _pending_probe(today: dt.date) -> list[QuerySet[Any]]:
    return [
        Module.objects.filter(
            plan__case__regisseur=PERSON,
            removed_at__isnull=True,
            decision_status=DecisionStatus.REQUESTED,
            requested_on__isnull=False,
        ).values("pk")
    ]


@register_action_source(
    "decision_pending",
    label=gettext_lazy("Decisions still pending"),
    mail=gettext_lazy(
        "A requested decision (a TLV or a beschikking) in a plan of which you are the "
        "regisseur is still pending."
    ),
    led=True,
    probe=_pending_probe,
)
def decision_pending(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    # The route's number of days decides when a request is overdue: decide on the dates of
    # the regisseur's requested decisions first (a few per case), then build what is shown.
    pending = []
    for module in Module.objects.filter(
        plan__case__in=cases.filter(regisseur=user),
        removed_at__isnull=True,
        decision_status=DecisionStatus.REQUESTED,
        requested_on__isnull=False,
    ).select_related("plan__case__child", "plan__case__route"):
        case = module.plan.case
        days = case.route.decision_days if case.route is not None else DEFAULT_DECISION_DAYS
        due = funding.decision_due(module, days)
        if due is not None and due <= today:
            pending.append((due, case.child.last_name, case.pk, module.pk, module))
    pending.sort(key=lambda row: row[:4])
    for due, _name, _case, _pk, module in pending if limit is None else pending[:limit]:
        case = module.plan.case
        assert module.requested_on is not None
        yield Action(
            source="decision_pending",
            case=case,
            title=_(
                "A decision requested on %(date)s is still pending: ask the SWV or the municipality"
            )
            % {"date": formats.date_format(module.requested_on)},
            due=due,
            view="plans:plan",
            anchor="#modules",
            key=f"decision_pending:{module.pk}:{module.requested_on.isoformat()}",
            remind_from=due,
            tiebreak=module.pk,
        )


# Shown by the "decision_pending" source already, with its own date.
_FUNDING_RULES_HERE = frozenset(funding.Rule.values) - {funding.Rule.DECISION_OVERDUE}
_MODULE_FIELDS = (
    "pk",
    "plan_id",
    "title",
    "side",
    "function",
    "start_date",
    "end_date",
    "funding_framework",
    "instrument",
    "decision_status",
    "requested_on",
    "decision_ends_on",
    "in_school_time",
    "cost_agreement",
    "removed_at",
)


@register_action_source(
    "funding_signals",
    label=gettext_lazy("Gaps and overlaps in the funding"),
    mail=gettext_lazy(
        "The funding of a plan of which you are the regisseur shows a gap or an overlap."
    ),
    led=True,
    counted=lambda user, cases, today, limit: _funding_signals(user, cases, today, limit),
)
def funding_signals(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> Iterable[Action]:
    """One line per case whose plan shows funding signals, dated by the earliest. The rules
    run on the regisseur's own open plans (bounded by what they lead). A plan without a live
    module has one rule only (every live goal is unfunded, dated by its deadline): the plans
    are read with whether they have a live goal and the earliest deadline, and the goals are
    read (as values) for the plans with modules and for the first `limit` of the others
    alone: a caseload of plans with ten goals each is ten thousand goals run through the
    rules to show fifty lines (the whole list, without `limit`, reads them all). Four
    queries, then only the shown cases are loaded."""
    return _funding_signals(user, cases, today, limit)[0]


def _funding_signals(
    user: User, cases: QuerySet[Case], today: dt.date, limit: int | None
) -> tuple[list[Action], int]:
    """The first `limit` lines, and the number of all: a plan without a module has a line
    when it has a live goal (read or not), one with modules when the rules find a signal."""
    open_plans = Plan.objects.filter(case__in=cases.filter(regisseur=user)).exclude(
        status=PlanStatus.CLOSED
    )
    plans, unfunded = _led_plans(open_plans, with_goals=limit is not None)
    if not plans:
        return [], 0
    modules, links = _plan_modules(open_plans, plans)
    read = plans
    unread = 0  # the lines of the plans without a module whose goals were not read
    if limit is not None:
        # Among the plans without a module, those that can be shown (the rules give each
        # the order read above).
        plain_plans = [pk for pk in unfunded if not modules[pk]]
        plain = first(plain_plans, unfunded.__getitem__, limit)
        unread = len(plain_plans) - len(plain)
        read = {pk: plans[pk] for pk in [*(pk for pk, m in modules.items() if m), *plain]}
    goals = _plan_goals(open_plans, read, everything=limit is None)
    found = _signals_per_case(read, modules, goals, links, today)
    shown = first(found, lambda row: row[0], limit)
    loaded = (
        Case.objects.select_related("child")
        .only(*CASE_FIELDS)
        .in_bulk([order[3] for order, _rows in shown])
    )
    actions = []
    for (undated, due, _name, case_id), rows in shown:
        count = len(rows)
        actions.append(
            Action(
                source="funding_signals",
                case=loaded[case_id],
                title=ngettext(
                    "The funding overview shows %(count)d gap or overlap: resolve it with the team",
                    "The funding overview shows %(count)d gaps or overlaps: resolve them with "
                    "the team",
                    count,
                )
                % {"count": count},
                due=None if undated else due,
                view="plans:plan",
                anchor="#financiering",
                key=f"funding_signals:{case_id}:{funding.digest(rows)}",
                remind_from=None if undated else due,
            )
        )
    return actions, len(found) + unread


# A plan's line among those without a module: undated last, the deadline, the name, the case.
LineOrder = tuple[bool, dt.date, str, int]


def _led_plans(
    open_plans: QuerySet[Plan], *, with_goals: bool
) -> tuple[dict[int, tuple[int, str]], dict[int, LineOrder]]:
    """The open plans (their case and child's last name), and, `with_goals`, the order of the
    line of each plan with a live goal were it to have no module (its earliest deadline). One
    query."""
    plans: dict[int, tuple[int, str]] = {}
    unfunded: dict[int, LineOrder] = {}
    columns = ["pk", "case_id", "case__child__last_name"]
    read_plans = open_plans
    if with_goals:  # the whole list reads every goal anyway
        live_goals = Goal.objects.filter(plan=OuterRef("pk"), removed_at__isnull=True)
        read_plans = open_plans.annotate(
            has_goals=Exists(live_goals),
            first_deadline=Subquery(
                live_goals.order_by(F("deadline").asc(nulls_last=True)).values("deadline")[:1]
            ),
        )
        columns += ["has_goals", "first_deadline"]
    for pk, case_id, last_name, *goal in read_plans.values_list(*columns):
        plans[pk] = (case_id, last_name)
        if goal and goal[0]:
            deadline = goal[1]
            unfunded[pk] = (deadline is None, deadline or dt.date.max, last_name, case_id)
    return plans, unfunded


def _plan_modules(
    open_plans: QuerySet[Plan], plans: dict[int, tuple[int, str]]
) -> tuple[dict[int, list[Module]], dict[int, list[int]]]:
    """The plans' live modules per plan, and which goals each module serves: two queries."""
    # The plans as a subquery, not a thousand keys as parameters (sent and prepared one by one).
    mine = open_plans.values("pk")
    modules: dict[int, list[Module]] = {pk: [] for pk in plans}
    for module in Module.objects.filter(plan__in=mine, removed_at__isnull=True).only(
        *_MODULE_FIELDS
    ):
        modules[module.plan_id].append(module)
    links: dict[int, list[int]] = {}
    for module_id, goal_id in Module.goals.through.objects.filter(
        module__plan__in=mine
    ).values_list("module_id", "goal_id"):
        links.setdefault(module_id, []).append(goal_id)
    return modules, links


def _plan_goals(
    open_plans: QuerySet[Plan], plans: dict[int, tuple[int, str]], *, everything: bool
) -> dict[int, list[funding.GoalRow]]:
    """The live goals (as values) of these plans: all open plans' (`everything`) through a
    subquery, else the few plans' by key. One query (none for no plan)."""
    goals: dict[int, list[funding.GoalRow]] = {pk: [] for pk in plans}
    if not plans:
        return goals
    rows = Goal.objects.filter(removed_at__isnull=True)
    rows = (
        rows.filter(plan__in=open_plans.values("pk"))
        if everything
        else rows.filter(plan__in=list(plans))
    )
    for plan_id, *goal in rows.values_list("plan_id", "pk", "what", "deadline", "removed_at"):
        goals[plan_id].append(funding.GoalRow(*goal))
    return goals


def _signals_per_case(
    plans: dict[int, tuple[int, str]],
    modules: dict[int, list[Module]],
    goals: dict[int, list[funding.GoalRow]],
    links: dict[int, list[int]],
    today: dt.date,
) -> list[tuple[tuple[bool, dt.date, str, int], list[funding.Signal]]]:
    """(undated, earliest date, child's last name, case) → the case's signals, for each plan
    with a signal of the rules shown here."""
    found: list[tuple[tuple[bool, dt.date, str, int], list[funding.Signal]]] = []
    for plan_id, (case_id, last_name) in plans.items():
        # The decision period matters only to the rule shown elsewhere.
        rows = [
            s
            for s in funding.find_signals(
                goals[plan_id],
                modules[plan_id],
                links,
                decision_days=DEFAULT_DECISION_DAYS,
                today=today,
            )
            if s.rule in _FUNDING_RULES_HERE
        ]
        if rows:
            due = min((s.due for s in rows if s.due is not None), default=None)
            found.append(((due is None, due or dt.date.max, last_name, case_id), rows))
    return found
