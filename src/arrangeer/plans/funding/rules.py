"""The rules of funding: each takes the plan's modules and goals as plain rows and returns
plain `Signal`s (a gap or an overlap); none reads the database. `signals` runs them all
for one plan, `find_signals` for who counts the signals of many plans."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import combinations
from typing import NamedTuple

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..constants import (
    DECISION_EXPIRY_NOTICE_DAYS,
    FRAMEWORK_DECIDER,
    FRAMEWORK_LAW,
    DecisionStatus,
    FundingFramework,
    Instrument,
    Law,
    Side,
)
from ..models import Goal, Module

FUNDED_STATUSES = frozenset({DecisionStatus.GRANTED, DecisionStatus.NOT_APPLICABLE})


class Rule(models.TextChoices):
    GOAL_UNFUNDED = "goal_unfunded", gettext_lazy("Goal without a funded module")
    DECISION_OVERDUE = "decision_overdue", gettext_lazy("Decision overdue")
    DECISION_ENDS_EARLY = "decision_ends_early", gettext_lazy("Decision ends before the module")
    BESCHIKKING_EXPIRING = "beschikking_expiring", gettext_lazy("Beschikking ends soon")
    DOUBLE_FUNDING = "double_funding", gettext_lazy("Possible double funding")
    SCHOOL_TIME_UNAGREED = "school_time_unagreed", gettext_lazy("Care in school time: who pays?")
    PGB_AND_IN_KIND = "pgb_and_in_kind", gettext_lazy("PGB and zorg in natura together")


@dataclass(frozen=True)
class Signal:
    """One gap or overlap: which rule, about which modules and goals, from when. Its message
    is worded when read: the overview shows it, while Mijn acties and the monitor only count
    and date the signals of many plans."""

    rule: str
    words: Callable[[], str] = field(compare=False, repr=False)
    due: dt.date | None = None
    module_ids: tuple[int, ...] = ()
    goal_ids: tuple[int, ...] = ()

    @property
    def message(self) -> str:
        return self.words()

    @property
    def label(self) -> str:
        return str(Rule(self.rule).label)

    @property
    def key(self) -> str:
        items = ",".join(map(str, (*self.module_ids, *(f"g{g}" for g in self.goal_ids))))
        return f"{self.rule}:{items}:{self.due.isoformat() if self.due else ''}"


def law_of(module: Module) -> str:
    return FRAMEWORK_LAW.get(module.funding_framework, Law.OTHER)


def decider_of(module: Module) -> str:
    """Who must take the module's funding decision ("" when none is needed)."""
    if module.instrument == Instrument.NONE:
        return ""
    return str(FRAMEWORK_DECIDER.get(module.funding_framework, ""))


def is_funded(module: Module) -> bool:
    return module.decision_status in FUNDED_STATUSES


def decision_due(module: Module, decision_days: int) -> dt.date | None:
    """The day a requested decision is overdue: the request plus the route's decision
    period. None when no decision is pending or the request has no date."""
    if module.decision_status != DecisionStatus.REQUESTED or module.requested_on is None:
        return None
    return module.requested_on + dt.timedelta(days=decision_days)


def _running(modules: Iterable[Module], today: dt.date) -> list[Module]:
    return [m for m in modules if m.removed_at is None and m.end_date >= today]


def _overlap(a: Module, b: Module) -> bool:
    return a.start_date < b.end_date and b.start_date < a.end_date


def _date(day: dt.date) -> str:
    return formats.date_format(day)


# --- The rules --------------------------------------------------------------------------


class GoalRow(NamedTuple):
    """A goal as the rules read it: a list over many plans (Mijn acties) reads these values
    instead of building a model per goal."""

    pk: int
    what: str
    deadline: dt.date | None
    removed_at: dt.datetime | None


def goals_unfunded(
    goals: Iterable[Goal | GoalRow],
    modules: Iterable[Module],
    links: Mapping[int, Iterable[int]],
    today: dt.date,
) -> list[Signal]:
    """A goal that no running, funded module serves. `links` maps a module to its goals."""
    funded_goals: set[int] = set()
    for module in _running(modules, today):
        if is_funded(module):
            funded_goals.update(links.get(module.pk, ()))
    rule = Rule.GOAL_UNFUNDED  # once, not per goal: an enum member is slow to look up
    return [
        Signal(
            rule,
            partial(_unfunded_words, goal),
            goal.deadline,
            goal_ids=(goal.pk,),
        )
        for goal in goals
        if goal.removed_at is None and goal.pk not in funded_goals
    ]


def _unfunded_words(goal: Goal | GoalRow) -> str:
    return _("No funded module serves the goal “%(goal)s”.") % {"goal": goal.what}


def decisions_overdue(
    modules: Iterable[Module], decision_days: int, today: dt.date
) -> list[Signal]:
    found = []
    for module in modules:
        due = decision_due(module, decision_days) if module.removed_at is None else None
        if due is not None and due <= today:
            assert module.requested_on is not None
            found.append(
                Signal(
                    Rule.DECISION_OVERDUE,
                    partial(_overdue_words, module, decision_days),
                    due,
                    module_ids=(module.pk,),
                )
            )
    return found


def _overdue_words(module: Module, decision_days: int) -> str:
    assert module.requested_on is not None
    return _(
        "“%(module)s”: the decision requested on %(date)s is still pending after %(days)d days."
    ) % {
        "module": module.title,
        "date": _date(module.requested_on),
        "days": decision_days,
    }


def _expiring(module: Module, today: dt.date) -> bool:
    ends = module.decision_ends_on
    return (
        module.instrument == Instrument.BESCHIKKING
        and module.decision_status == DecisionStatus.GRANTED
        and ends is not None
        and today <= ends <= today + dt.timedelta(days=DECISION_EXPIRY_NOTICE_DAYS)
    )


def decisions_ending_early(modules: Iterable[Module], today: dt.date) -> list[Signal]:
    """A granted decision valid until before the module ends (a beschikking within four
    weeks of its end is signalled as expiring instead)."""
    return [
        Signal(
            Rule.DECISION_ENDS_EARLY,
            partial(_ends_early_words, module),
            module.decision_ends_on,
            module_ids=(module.pk,),
        )
        for module in _running(modules, today)
        if module.decision_status == DecisionStatus.GRANTED
        and module.decision_ends_on is not None
        and module.decision_ends_on < module.end_date
        and not _expiring(module, today)
    ]


def _ends_early_words(module: Module) -> str:
    assert module.decision_ends_on is not None
    return _(
        "“%(module)s”: the decision is valid until %(ends)s, the module runs until %(end)s."
    ) % {
        "module": module.title,
        "ends": _date(module.decision_ends_on),
        "end": _date(module.end_date),
    }


def beschikkingen_expiring(modules: Iterable[Module], today: dt.date) -> list[Signal]:
    return [
        Signal(
            Rule.BESCHIKKING_EXPIRING,
            partial(_expiring_words, module),
            module.decision_ends_on,
            module_ids=(module.pk,),
        )
        for module in _running(modules, today)
        if _expiring(module, today) and module.decision_ends_on is not None
    ]


def _expiring_words(module: Module) -> str:
    assert module.decision_ends_on is not None
    return _("“%(module)s”: the beschikking ends on %(ends)s; ask for a new one in time.") % {
        "module": module.title,
        "ends": _date(module.decision_ends_on),
    }


def _pairs(modules: Iterable[Module], today: dt.date) -> Iterable[tuple[Module, Module]]:
    """Running modules of the same side and function whose periods overlap, in a stable
    order."""
    by_function: dict[tuple[str, str], list[Module]] = defaultdict(list)
    for module in sorted(_running(modules, today), key=lambda m: (m.start_date, m.pk)):
        by_function[module.side, module.function].append(module)
    for group in by_function.values():
        for a, b in combinations(group, 2):
            if _overlap(a, b):
                yield a, b


def double_funding(modules: Iterable[Module], today: dt.date) -> list[Signal]:
    return [
        Signal(
            Rule.DOUBLE_FUNDING,
            partial(_double_words, a, b),
            max(a.start_date, b.start_date),
            module_ids=(a.pk, b.pk),
        )
        for a, b in _pairs(modules, today)
        if law_of(a) != law_of(b)
    ]


def _double_words(a: Module, b: Module) -> str:
    return _(
        "“%(a)s” (%(law_a)s) and “%(b)s” (%(law_b)s) serve the same function in the "
        "same period: check that the care is not paid twice."
    ) % {
        "a": a.title,
        "law_a": Law(law_of(a)).label,
        "b": b.title,
        "law_b": Law(law_of(b)).label,
    }


def school_time_unagreed(modules: Iterable[Module], today: dt.date) -> list[Signal]:
    return [
        Signal(
            Rule.SCHOOL_TIME_UNAGREED,
            partial(_school_time_words, module),
            module.start_date,
            module_ids=(module.pk,),
        )
        for module in _running(modules, today)
        if module.side == Side.CARE and module.in_school_time and not module.cost_agreement.strip()
    ]


def _school_time_words(module: Module) -> str:
    return _(
        "“%(module)s” is care in school time, and nobody recorded who pays for it "
        "(school, SWV or municipality)."
    ) % {"module": module.title}


def pgb_and_in_kind(modules: Iterable[Module], today: dt.date) -> list[Signal]:
    kinds = {FundingFramework.JEUGDWET_PGB, FundingFramework.JEUGDWET_ZIN}
    return [
        Signal(
            Rule.PGB_AND_IN_KIND,
            partial(_pgb_words, a, b),
            max(a.start_date, b.start_date),
            module_ids=(a.pk, b.pk),
        )
        for a, b in _pairs(modules, today)
        if {a.funding_framework, b.funding_framework} == kinds
    ]


def _pgb_words(a: Module, b: Module) -> str:
    return _(
        "“%(a)s” and “%(b)s” give the same care in the same period, one as PGB and one in natura."
    ) % {"a": a.title, "b": b.title}


def signals(
    goals: Sequence[Goal | GoalRow],
    modules: Sequence[Module],
    links: Mapping[int, Iterable[int]],
    *,
    decision_days: int,
    today: dt.date,
) -> list[Signal]:
    """Every gap and overlap of one plan, the earliest first (undated last)."""
    found = find_signals(goals, modules, links, decision_days=decision_days, today=today)
    found.sort(key=lambda s: (s.due is None, s.due or dt.date.max, s.rule, s.key))
    return found


def find_signals(
    goals: Sequence[Goal | GoalRow],
    modules: Sequence[Module],
    links: Mapping[int, Iterable[int]],
    *,
    decision_days: int,
    today: dt.date,
) -> list[Signal]:
    """`signals` rule by rule, unsorted: for who counts or dates the signals of many plans."""
    if not modules:  # every other rule is about modules
        return goals_unfunded(goals, modules, links, today)
    return [
        *goals_unfunded(goals, modules, links, today),
        *decisions_overdue(modules, decision_days, today),
        *decisions_ending_early(modules, today),
        *beschikkingen_expiring(modules, today),
        *double_funding(modules, today),
        *school_time_unagreed(modules, today),
        *pgb_and_in_kind(modules, today),
    ]


def digest(found: Iterable[Signal]) -> str:
    """A short fingerprint of a set of signals: a new set is a new action to remind of."""
    return hashlib.sha256("|".join(sorted(s.key for s in found)).encode()).hexdigest()[:16]
