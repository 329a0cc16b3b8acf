"""The monitor's facts per module (models.ModuleFact), and what the funding and the individual
→ collective themes count on them.

`live_modules` reads the modules with the names of the fact table's columns, joining plan,
case, child and school and looking up the region's tariff per module: what the facts hold
(services writes them from it) and what a count on them equals (the tests count both ways).

Amounts are exact: a module's `per_week` is intensity times the tariff's price in ten-thousandths
of a euro, a whole number (both have two decimals), and its amount within a period is
`per_week` times its days in the period, summed as whole numbers by the database (SQLite
included, whose decimals are floating point); the sum divided by `PER_EURO` is the amount in
euro (plans.funding.amount_of: intensity times weeks times price)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import (
    BigIntegerField,
    BooleanField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Round

from arrangeer.groups.models import Placement
from arrangeer.plans import funding
from arrangeer.plans.models import Module

from .columns import DIMENSION_COLUMNS
from .dimensions import case_dimensions

# per_week is in 1/10,000 euro a week; an amount is per_week times days / 7.
PER_EURO = 10_000 * 7
CASE = "plan__case__"
# The columns of models.ModuleFact, in the order the SELECT gives them (the key first).
MODULE_FACT_COLUMNS = (
    "module_id",
    "case_id",
    *DIMENSION_COLUMNS,
    "provider_id",
    "function",
    "place",
    "funding_framework",
    "instrument",
    "decision_status",
    "start_date",
    "end_date",
    "per_week",
    "in_group",
    "removed",
)


def live_modules(modules: QuerySet[Module]) -> QuerySet[Module]:
    """The modules with the names of models.ModuleFact's columns, read live (joining plan,
    case, child and school; the region's tariff per module, as plans.funding)."""
    price = funding.tariff_price()
    week = ExpressionWrapper(
        F("intensity") * price * Value(Decimal(10_000)),
        output_field=DecimalField(max_digits=20, decimal_places=4),
    )
    placed = Placement.objects.filter(module=OuterRef("pk"))
    return modules.annotate(
        case=F(f"{CASE}pk"),
        **case_dimensions(CASE),
        # Rounded first: SQLite multiplies its decimals as floating point.
        per_week=Cast(Round(week), BigIntegerField()),
        in_group=Exists(placed),
        removed=ExpressionWrapper(Q(removed_at__isnull=False), output_field=BooleanField()),
    )


def module_fact_rows(modules: QuerySet[Module]) -> QuerySet[Any]:
    """Per module: the columns of models.ModuleFact, in their order."""
    names = []
    for column in MODULE_FACT_COLUMNS[1:]:
        # The module's own foreign key keeps its column name; the annotations their own.
        names.append(column if column == "provider_id" else column.removesuffix("_id"))
    return live_modules(modules.order_by()).values_list("pk", *names)
