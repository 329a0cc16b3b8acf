"""The funding overview of a case as the reader may see it (dossier and plan page): a row
per module of their categories with its law, decider and amount, and the signals."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from arrangeer.cases.access import CaseAccess
from arrangeer.cases.models import Case
from arrangeer.routes.constants import DEFAULT_DECISION_DAYS

from ..constants import Law
from ..models import Module, Plan, Tariff
from ..parts import PlanParts, read_parts
from .amounts import amount_of, tariff_for, weeks_of
from .rules import Signal, decider_of, law_of, signals


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


def decision_days_of(case: Case) -> int:
    """The case's route's days for a decision. The route is read through the case, which
    keeps it: the dossier's route part reads its stall days from the same row."""
    route = case.route if case.route_id is not None else None
    return DEFAULT_DECISION_DAYS if route is None else route.decision_days


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
        decision_days=decision_days_of(access.case),
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
