"""The rules the themes of the region's processes share (indicators_region.py,
indicators_referrals.py, outcomes.py): the school year as a window on a date or a moment, the
paths from a row to its case's dimensions, the scope and the one narrowing filter applied, a
duration's medians per school year from one grouped query, and the trend table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, Q, QuerySet
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import year_end, year_label, year_start
from .indicators import UNKNOWN, Median, _apply_facts, _percentiles, in_region
from .scope import Scope
from .tables import DIMENSION_PATHS, Column, Filters, Row, TableSpec


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _in_year(field_name: str, year: int, *, moment: bool = True) -> Q:
    """The field falls in the school year (a date, or a moment when `moment`)."""
    start, end = year_start(year), year_end(year)
    if moment:
        return Q(**{f"{field_name}__gte": _moment(start), f"{field_name}__lt": _moment(end)})
    return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})


def _window(field_name: str, years: list[int], *, moment: bool = True) -> Q:
    """From the first trend year's start to the selected year's end."""
    start, end = year_start(years[0]), year_end(years[-1])
    if moment:
        return Q(**{f"{field_name}__gte": _moment(start), f"{field_name}__lt": _moment(end)})
    return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})


def _paths(prefix: str, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    return {name: prefix + path for name, path in DIMENSION_PATHS.items()} | dict(overrides or {})


def _scoped(
    queryset: QuerySet[Any],
    region_path: str,
    paths: Mapping[str, str],
    scope: Scope,
    filters: Filters,
) -> QuerySet[Any]:
    """The scope (region, an SWV's schools, or one school) and the one narrowing filter."""
    if region_path.endswith("case__region"):
        queryset = queryset.filter(in_region(region_path.removesuffix("region"), scope, filters))
    else:
        queryset = queryset.filter(**{region_path: scope.region})
    for name, value in scope.fixed().items():
        queryset = queryset.filter(**{paths[name]: value})
    for name in filters.active():
        queryset = queryset.filter(**{paths[name]: getattr(filters, name)})
    return queryset


def _facts_scoped(queryset: QuerySet[Any], scope: Scope, filters: Filters) -> QuerySet[Any]:
    """The scope and the one narrowing filter on the rows of a fact table of a case's child
    data (models_region: the case's key, region and dimensions as its own columns); a case that
    moved with its child counts in the region it left for the years before (in_region)."""
    return _apply_facts(queryset.filter(in_region("", scope, filters, case="case")), scope, filters)


def _days_between(later: str, earlier: str) -> ExpressionWrapper[CombinedExpression]:
    return ExpressionWrapper(TruncDate(later) - TruncDate(earlier), output_field=DurationField())


def _as_days(value: Any) -> int:
    return value.days if isinstance(value, dt.timedelta) else int(value)


def _medians(
    base: QuerySet[Any], days_field: str, when: Callable[[int], Q], person: str, years: list[int]
) -> list[Median]:
    """Median and 80th percentile per school year: one query, grouped by days."""
    counts = {f"y{y}": Count(person, distinct=True, filter=when(y)) for y in years}
    records = list(
        base.filter(**{f"{days_field}__isnull": False})
        .values(days_field)
        .annotate(**counts)
        .order_by()
    )
    per_year = []
    for y in years:
        histogram: dict[int, int] = {}
        for record in records:
            if record[f"y{y}"]:
                days = max(0, _as_days(record[days_field]))
                histogram[days] = histogram.get(days, 0) + record[f"y{y}"]
        median, p80 = _percentiles(histogram)
        per_year.append(Median(year_label(y), median, p80))
    return per_year


def _trend(
    key: str, title: str, years: list[int], when: Callable[[int], Q], columns: list[Column]
) -> TableSpec:
    return TableSpec(
        key=key,
        title=title,
        row_heading=_("School year"),
        rows=[Row(y, year_label(y), when(y)) for y in years],
        columns=columns,
        col_totals=False,
        count_rows=True,
    )


def _choice_rows(choices: Any) -> list[Row]:
    return [Row(value, str(label)) for value, label in choices]


def _unknown(value: Any) -> Hashable:
    return UNKNOWN if value in (None, "") else value


def _in(columns: list[Column], q: Q) -> list[Column]:
    return [Column(c.key, c.label, c.q & q, c.hidden) for c in columns]


# Where a row of the region's processes holds its case.
CASE = "case__"
