"""The funding of a plan across laws: who pays each module, how much, and where the funds
leave a gap or overlap.

The rules are here and nowhere else: the funding overview (dossier and plan page), the
regisseur's *Mijn acties* and the "decision pending" line all call them. Each rule takes the
plan's modules and goals as plain rows and returns plain `Signal`s; none reads the database.

The rules, each a function below:
- a goal with no funded module (granted, or paid without a separate decision);
- a module whose requested decision is still pending after the route's decision period;
- a decision that ends before the module does;
- a beschikking that ends within four weeks (shown instead of the previous one);
- two modules on the same side (education or care) for the same function and an overlapping
  period, paid from different laws (possible double funding: an education module and a care
  module with one function are the arrangement working together, not a double payment);
- a care module in school time without an agreement on who pays;
- PGB and zorg in natura for the same function in an overlapping period.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from itertools import combinations
from typing import Any, NamedTuple

from django.db import models
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Greatest, Least, Trim, Upper
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.cases.access import CaseAccess
from arrangeer.routes.constants import DEFAULT_DECISION_DAYS
from arrangeer.routes.models import Route

from .constants import (
    DECISION_EXPIRY_NOTICE_DAYS,
    FRAMEWORK_DECIDER,
    FRAMEWORK_LAW,
    DecisionStatus,
    FundingFramework,
    Instrument,
    Law,
    Side,
)
from .models import Goal, Module, Plan, Tariff
from .parts import PlanParts, read_parts

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


# --- Amounts ----------------------------------------------------------------------------


def tariff_for(module: Module, tariffs: Iterable[Tariff]) -> Tariff | None:
    """The region's tariff for the module's product code, framework and unit, valid on the
    module's start (the latest that started by then)."""
    code = (module.product_code or "").strip().upper()
    if not code:
        return None
    fitting = [
        t
        for t in tariffs
        if t.product_code == code
        and t.funding_framework == module.funding_framework
        and t.unit == module.intensity_unit
        and t.valid_from <= module.start_date
        and (t.valid_to is None or t.valid_to >= module.start_date)
    ]
    return max(fitting, key=lambda t: (t.valid_from, t.pk), default=None)


def weeks_of(module: Module) -> Decimal:
    return Decimal((module.end_date - module.start_date).days) / Decimal(7)


def amount_of(module: Module, tariff: Tariff | None) -> Decimal | None:
    """Intensity times weeks times the tariff's price, in euro; None without a tariff."""
    if tariff is None:
        return None
    return (module.intensity * weeks_of(module) * tariff.price).quantize(Decimal("0.01"))


class _DaysBetween(models.Func):
    """end minus start in days, for two date expressions (an integer on every database)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = models.IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def days_between(later: Any, earlier: Any) -> models.Func:
    """`later` minus `earlier` in days, for two date expressions (an integer)."""
    return _DaysBetween(later, earlier)


def tariff_price(region_path: str = "plan__case__region_id") -> models.Subquery:
    """`tariff_for` in SQL, for a queryset of modules: the price of the region's tariff for
    the module's product code, framework and unit, valid on the module's start (the latest
    that started by then); NULL without one."""
    fitting = (
        Tariff.objects.filter(
            region_id=models.OuterRef(region_path),
            product_code=Upper(Trim(models.OuterRef("product_code"))),
            funding_framework=models.OuterRef("funding_framework"),
            unit=models.OuterRef("intensity_unit"),
            valid_from__lte=models.OuterRef("start_date"),
        )
        .filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.OuterRef("start_date"))
        )
        .order_by("-valid_from", "-pk")
        .values("price")[:1]
    )
    return models.Subquery(
        fitting, output_field=models.DecimalField(max_digits=8, decimal_places=2)
    )


def amount_within(
    price: str, start: dt.date, end: dt.date
) -> models.ExpressionWrapper[CombinedExpression]:
    """`amount_of` in SQL, for the part of a module within [start, end): intensity times the
    weeks of the module in that period times the price (the annotation named `price`, see
    `tariff_price`). NULL without a tariff; only meaningful for modules that run in the period."""
    days = _DaysBetween(
        Least(models.F("end_date"), models.Value(end, output_field=models.DateField())),
        Greatest(models.F("start_date"), models.Value(start, output_field=models.DateField())),
    )
    return models.ExpressionWrapper(
        models.F("intensity") * models.F(price) * days / models.Value(Decimal(7)),
        output_field=models.DecimalField(max_digits=14, decimal_places=2),
    )


# --- The overview -----------------------------------------------------------------------


@dataclass
class FundingRow:
    module: Module
    law: str
    decider: str
    weeks: Decimal
    tariff: Tariff | None
    amount: Decimal | None
    signals: list[Signal] = field(default_factory=list)

    @property
    def law_label(self) -> str:
        return str(Law(self.law).label)


@dataclass
class FundingOverview:
    plan: Plan | None
    rows: list[FundingRow] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    # Signals about parts of the plan outside the reader's categories: counted, not shown.
    hidden_signals: int = 0

    @property
    def total(self) -> Decimal | None:
        amounts = [row.amount for row in self.rows if row.amount is not None]
        return sum(amounts, Decimal(0)) if amounts else None

    @property
    def untariffed(self) -> int:
        return sum(1 for row in self.rows if row.amount is None)


def decision_days_of(route_id: int | None) -> int:
    if route_id is None:
        return DEFAULT_DECISION_DAYS
    days = Route.objects.filter(pk=route_id).values_list("decision_days", flat=True).first()
    return DEFAULT_DECISION_DAYS if days is None else days


def funding_overview(
    access: CaseAccess,
    *,
    plan: Plan | None = None,
    parts: PlanParts | None = None,
    today: dt.date | None = None,
) -> FundingOverview:
    """The case's funding as the reader may see it: a row per module of their categories,
    the signals about what they see, and how many other signals exist. `parts` when the page
    has read the plan's goals and modules already (`read_parts`)."""
    today = today or timezone.localdate()
    parts = parts or read_parts(access.case, plan=plan)
    plan = parts.plan
    overview = FundingOverview(plan=plan)
    if plan is None:
        return overview
    allowed = access.categories
    modules = parts.modules
    goals = parts.goals
    links: dict[int, list[int]] = defaultdict(list, parts.links)
    found = signals(
        goals,
        modules,
        links,
        decision_days=decision_days_of(access.case.route_id),
        today=today,
    )
    visible_modules = {m.pk for m in modules if m.category in allowed}
    visible_goals = {g.pk for g in goals if g.category in allowed}
    by_module: dict[int, list[Signal]] = defaultdict(list)
    for signal in found:
        if set(signal.module_ids) <= visible_modules and set(signal.goal_ids) <= visible_goals:
            overview.signals.append(signal)
            for pk in signal.module_ids:
                by_module[pk].append(signal)
        else:
            overview.hidden_signals += 1
    codes = {(m.product_code or "").strip().upper() for m in modules} - {""}
    tariffs = (
        list(Tariff.objects.filter(region_id=access.case.region_id, product_code__in=codes))
        if codes
        else []
    )
    for module in modules:
        if module.pk not in visible_modules:
            continue
        tariff = tariff_for(module, tariffs)
        overview.rows.append(
            FundingRow(
                module=module,
                law=law_of(module),
                decider=decider_of(module),
                weeks=weeks_of(module).quantize(Decimal("0.1")),
                tariff=tariff,
                amount=amount_of(module, tariff),
                signals=by_module[module.pk],
            )
        )
    return overview
