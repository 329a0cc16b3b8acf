"""The gaps and overlaps in the funding of arrangements (plans.funding's signals) per case and
school year, for the funding theme: `judge` runs the funding overview's rules on the plans of
some cases, once per school year in which the case runs, and the refresh keeps what it finds
in models.SignalFact; the page counts the children of those cases in its grouped query.

The tests compare the facts with the same judgement read on the request (monitor/tests/
test_module_facts.py)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from arrangeer.cases.models import Case
from arrangeer.plans import funding
from arrangeer.plans.models import Goal, Module, Plan
from arrangeer.routes.constants import DEFAULT_DECISION_DAYS

from .constants import school_year_of, year_end, year_start

PREFIX = "plan__case__"
# The school years a page offers (selectors.MAX_YEARS): the refresh judges these.
JUDGED_YEARS = 6


def today_in(year: int) -> dt.date:
    """The day the gaps and overlaps are judged on: today, or the school year's last day."""
    return min(timezone.localdate(), year_end(year) - dt.timedelta(days=1))


def judged_years() -> list[int]:
    """The school years the refresh judges: the current one and those before it a page offers."""
    this_year = school_year_of(timezone.localdate())
    return list(range(this_year - JUDGED_YEARS + 1, this_year + 1))


def _runs(opened: dt.datetime, closed: dt.datetime | None, year: int) -> bool:
    """The case ran on some day of the school year (indicators.running, in Python)."""
    start, end = _moment(year_start(year)), _moment(year_end(year))
    return opened < end and (closed is None or closed >= start)


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def judge(cases: QuerySet[Case], years: Iterable[int]) -> list[tuple[int, int, str]]:
    """(case, school year, rule) for every signal of the plans of `cases`, in each of `years`
    in which the case runs: every module of the plan that was not removed, its goals and
    their links, judged on `today_in(year)`. Four queries, whatever the number of plans."""
    years = list(years)
    plans = {
        pk: (case_id, decision_days, opened, closed)
        for pk, case_id, decision_days, opened, closed in Plan.objects.filter(
            case__in=cases.order_by().values("pk")
        ).values_list(
            "pk", "case_id", "case__route__decision_days", "case__opened_at", "case__closed_at"
        )
    }
    if not plans:
        return []
    mine = Plan.objects.filter(case__in=cases.order_by().values("pk")).values("pk")
    by_plan: dict[int, list[Module]] = defaultdict(list)
    for module in Module.objects.filter(plan__in=mine, removed_at__isnull=True).order_by(
        "plan_id", "side", "start_date", "pk"
    ):
        by_plan[module.plan_id].append(module)
    goals: dict[int, list[funding.GoalRow]] = defaultdict(list)
    for plan_id, *goal in Goal.objects.filter(plan__in=mine, removed_at__isnull=True).values_list(
        "plan_id", "pk", "what", "deadline", "removed_at"
    ):
        goals[plan_id].append(funding.GoalRow(*goal))
    links: dict[int, list[int]] = defaultdict(list)
    for module_id, goal_id in Module.goals.through.objects.filter(
        module__plan__in=mine
    ).values_list("module_id", "goal_id"):
        links[module_id].append(goal_id)
    found: set[tuple[int, int, str]] = set()
    for plan_id, plan_modules in by_plan.items():
        case_id, decision_days, opened, closed = plans[plan_id]
        for year in years:
            if not _runs(opened, closed, year):
                continue
            for signal in funding.find_signals(
                goals[plan_id],
                plan_modules,
                links,
                decision_days=decision_days or DEFAULT_DECISION_DAYS,
                today=today_in(year),
            ):
                found.add((case_id, year, signal.rule))
    return sorted(found)
