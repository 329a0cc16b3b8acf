"""What a module costs: the region's tariff for it and the amount (intensity times weeks
times the price), in Python for one plan and in SQL for the monitor's many modules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Greatest, Least, Trim, Upper

from ..models import Module, Tariff


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
