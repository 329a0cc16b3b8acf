"""The themes of docs/monitor.md counted per case: reach (arrangements running, new and
continued, by age, sector, municipality, route and flag), lead time (from the signal to the
MDO, the plan and the decision, against the route's norm), dropout (closed before the goals
were reached) and thuiszitters (time at home). Built on the rules of indicators.py, which
picks them in theme_result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce, Least, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.cases.constants import CloseReason
from arrangeer.cases.models import Case
from arrangeer.organisations.constants import SchoolSector

from . import targets
from .constants import (
    MONTH_DAYS,
    THREE_MONTHS_DAYS,
    AgeGroup,
    Duration,
    Measure,
    Theme,
    year_end,
    year_label,
    year_start,
)
from .histograms import day_histograms
from .indicators import (
    FACT_PATHS,
    UNKNOWN,
    Choices,
    Median,
    ThemeResult,
    _age_group,
    _apply,
    _case_facts,
    _choice_rows,
    _dated,
    _days,
    _moment,
    _percentiles,
    _unknown,
    closed_in,
    opened_in,
    running,
    trend_years,
)
from .scope import Scope
from .state import facts_as_of
from .tables import Column, Filters, Row, Source, TableSpec

# Reach -------------------------------------------------------------------------------------


def _case_source(
    scope: Scope, years: list[int], choices: Choices, *, read_once: bool = False
) -> Source:
    def queryset(filters: Filters) -> QuerySet[Any]:
        window = running(years[0]) | running(years[-1])
        if len(years) > 1:
            window = Q(opened_at__lt=_moment(year_end(years[-1]))) & (
                Q(closed_at__isnull=True) | Q(closed_at__gte=_moment(year_start(years[0])))
            )
        return _case_facts(scope, filters).filter(window)

    return Source(queryset, dimensions=choices, paths=FACT_PATHS, read_once=read_once)


FLAGS: list[tuple[str, Any]] = [
    ("is_thuiszitter", gettext_lazy("thuiszitter")),
    ("has_absence", gettext_lazy("absence (verzuim)")),
    ("is_complex", gettext_lazy("complex case")),
    ("has_risk_behaviour", gettext_lazy("risk behaviour")),
    ("has_exemption", gettext_lazy("exemption from compulsory education")),
]


def _new_and_continued(year: int) -> list[Column]:
    return [
        Column("new", _("New"), opened_in(year)),
        Column("continued", _("Continued from before"), ~opened_in(year)),
    ]


def _reach_trend(years: list[int], year: int) -> TableSpec:
    """The arrangements running per school year, new and continued."""
    return TableSpec(
        key="trend",
        title=_("Arrangements per school year"),
        row_heading=_("School year"),
        rows=[
            Row(y, year_label(y), running(y), {"new": opened_in(y), "continued": ~opened_in(y)})
            for y in years
        ],
        columns=_new_and_continued(year),
        col_totals=False,
    )


def _reach_groups(year: int, routes: dict[int, str]) -> list[TableSpec]:
    """The arrangements running in the school year, new and continued, by age group, sector,
    municipality and route."""
    columns = _new_and_continued(year)

    def grouped(
        key: str, title: str, heading: str, by: Any, rows: list[Row], narrows: tuple[str, ...] = ()
    ) -> TableSpec:
        return TableSpec(
            key=key,
            title=title,
            row_heading=heading,
            rows=rows,
            columns=columns,
            group_by=by,
            row_key=_unknown,
            narrows=narrows,
        )

    return [
        grouped(
            "leeftijd",
            _("By age group (on 1 October)"),
            _("Age group"),
            _age_group(year),
            _choice_rows(AgeGroup.choices),
        ),
        grouped(
            "sector",
            _("By school sector"),
            _("Sector"),
            "sector",
            [*_choice_rows(SchoolSector.choices), Row(UNKNOWN, _("No school known"))],
            ("sector", "school"),
        ),
        grouped(
            "gemeente",
            _("By municipality of the school"),
            _("Municipality"),
            "municipality",
            [Row(UNKNOWN, _("No school known"))],
            ("municipality", "school"),
        ),
        grouped(
            "route",
            _("By route"),
            _("Route"),
            "route",
            [*(Row(pk, name) for pk, name in routes.items()), Row(UNKNOWN, _("No route"))],
            ("route",),
        ),
    ]


def _flags_table(year: int) -> TableSpec:
    """The arrangements running in the school year with each flag."""
    flags = TableSpec(
        key="kenmerken",
        title=_("Arrangements with a flag"),
        row_heading=_("Flag"),
        rows=[Row(name, str(label), running(year)) for name, label in FLAGS],
        columns=[
            Column("with", _("With this flag"), Q(**{"is_thuiszitter": True})),
            Column("without", _("Without"), Q(**{"is_thuiszitter": False}), hidden=True),
        ],
        col_totals=False,
    )
    # The flag's own field in each row.
    for row in flags.rows:
        row.col_q = {"with": Q(**{str(row.key): True}), "without": Q(**{str(row.key): False})}
    return flags


def reach(scope: Scope, filters: Filters, routes: dict[int, str], choices: Choices) -> ThemeResult:
    year = filters.year
    years = trend_years(filters)
    trend = _reach_trend(years, year)
    source_trend = _case_source(scope, years, choices)
    # Its five tables on four kinds of rows and the flags' own: one read of the facts.
    source = _case_source(scope, [year], choices, read_once=True)
    specs = _reach_groups(year, routes)
    flags = _flags_table(year)
    running_now = running(year)
    for spec in specs:
        spec.columns = [Column(c.key, c.label, c.q & running_now, c.hidden) for c in spec.columns]
    pending = [(trend, source_trend), *((spec, source) for spec in specs), (flags, source)]
    # The region's target group (functional management): on the trend's rows, so it is
    # counted in the trend's query.
    rules = targets.rules_of(scope.region)
    if rules:
        target = targets.target_table(rules, years, {y: running(y) for y in years})
        pending.insert(1, (target, source_trend))
    return ThemeResult(Theme.REACH, filters, pending, as_of=facts_as_of)


# Lead time ---------------------------------------------------------------------------------


MILESTONE = "monitor_milestones__"


def _milestones(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """The lead times from the fact table (models.Milestones, one row per case, joined by
    the case's key): plain columns, so the cells, the suppression's lines and the histograms
    cost no subquery per case. A case without its row yet counts as reaching nothing."""
    return queryset.annotate(
        opened_on=F(f"{MILESTONE}opened_on"),
        **{f"on_{m}": F(f"{MILESTONE}on_{m}") for m in Measure.values},
    ).annotate(
        **{
            f"days_{m}": ExpressionWrapper(
                F(f"on_{m}") - F("opened_on"), output_field=DurationField()
            )
            for m in Measure.values
        }
    )


def _over_norm(measure: str, norms: dict[int, dict[str, int]]) -> Q:
    over = Q(pk__in=[])
    for route_id, norm in norms.items():
        over |= Q(route=route_id, **{f"days_{measure}__gt": dt.timedelta(days=norm[measure])})
    return over


def lead_time(
    scope: Scope, filters: Filters, norms: dict[int, dict[str, int]], choices: Choices
) -> ThemeResult:
    year = filters.year
    years = trend_years(filters)

    def queryset(f: Filters) -> QuerySet[Any]:
        base = _apply(Case.objects.filter(opened_at__lt=_moment(year_end(year))), "", scope, f)
        return _milestones(base)

    source = Source(queryset, dimensions=choices)
    rows = []
    for measure in Measure:
        reached = _dated(f"on_{measure.value}", year)
        over = _over_norm(measure.value, norms)
        rows.append(
            Row(measure.value, str(measure.label), reached, {"over": over, "within": ~over})
        )
    spec = TableSpec(
        key="norm",
        title=_("Over the route's norm, in the school year"),
        row_heading=_("Lead time"),
        rows=rows,
        columns=[
            Column("over", _("Over the norm")),
            Column("within", _("Within the norm"), hidden=True),
        ],
        col_totals=False,
    )

    def durations() -> list[tuple[str, list[Median]]]:
        return _lead_time_medians(queryset(filters), years)

    return ThemeResult(Theme.LEAD_TIME, filters, [(spec, source)], durations, as_of=facts_as_of)


def _lead_time_medians(base: QuerySet[Any], years: list[int]) -> list[tuple[str, list[Median]]]:
    """Median and 80th percentile per school year: the database groups by days."""
    medians: list[tuple[str, list[Median]]] = []
    for measure in Measure:
        days_field = f"days_{measure.value}"
        counts = {
            f"y{y}": Count("child", distinct=True, filter=_dated(f"on_{measure.value}", y))
            for y in years
        }
        histogram_rows = list(
            base.filter(**{f"{days_field}__isnull": False})
            .values(days_field)
            .annotate(**counts)
            .order_by()
        )
        per_year = []
        for y in years:
            histogram: dict[int, int] = {}
            for record in histogram_rows:
                if record[f"y{y}"]:
                    days = _days(record[days_field])
                    histogram[days] = histogram.get(days, 0) + record[f"y{y}"]
            median, p80 = _percentiles(histogram)
            per_year.append(Median(year_label(y), median, p80))
        medians.append((str(measure.label), per_year))
    return medians


# Dropout -----------------------------------------------------------------------------------

ENDED_EARLY = ~Q(close_reason=CloseReason.GOALS_REACHED)


def dropout(scope: Scope, filters: Filters, choices: Choices) -> ThemeResult:
    year = filters.year
    years = trend_years(filters)

    def queryset(f: Filters) -> QuerySet[Any]:
        window = Q(
            closed_at__gte=_moment(year_start(years[0])), closed_at__lt=_moment(year_end(year))
        )
        return _case_facts(scope, f).filter(window)

    source = Source(queryset, dimensions=choices, paths=FACT_PATHS)
    trend = TableSpec(
        key="trend",
        title=_("Arrangements closed per school year"),
        row_heading=_("School year"),
        rows=[Row(y, year_label(y), closed_in(y)) for y in years],
        columns=[
            Column("early", _("Ended before the goals were reached"), ENDED_EARLY),
            Column("reached", _("Goals reached"), Q(close_reason=CloseReason.GOALS_REACHED)),
        ],
        col_totals=False,
    )
    reasons = TableSpec(
        key="reden",
        title=_("Reasons for closing, in the school year"),
        row_heading=_("Reason"),
        rows=[*_choice_rows(CloseReason.choices), Row(UNKNOWN, _("No reason recorded"))],
        columns=[Column("n", _("Closed arrangements"), closed_in(year))],
        group_by="close_reason",
        row_key=_unknown,
        row_totals=False,
    )
    return ThemeResult(
        Theme.DROPOUT, filters, [(trend, source), (reasons, source)], as_of=facts_as_of
    )


# Thuiszitters ------------------------------------------------------------------------------


def _home_days(year: int) -> tuple[ExpressionWrapper[CombinedExpression], Least]:
    """Days at home at the end of the period: to the closing, the period's end or today."""
    last = min(year_end(year) - dt.timedelta(days=1), timezone.localdate())
    until = Least(Coalesce(TruncDate("closed_at"), Value(last)), Value(last))
    return ExpressionWrapper(
        F(f"m_until_{year}") - F("thuiszitter_since"), output_field=DurationField()
    ), until


def _duration_q(year: int) -> dict[Hashable, Q]:
    field_name = f"m_home_{year}"
    return {
        Duration.UNDER_MONTH: Q(**{f"{field_name}__lt": dt.timedelta(days=MONTH_DAYS)}),
        Duration.ONE_TO_THREE: Q(
            **{
                f"{field_name}__gte": dt.timedelta(days=MONTH_DAYS),
                f"{field_name}__lte": dt.timedelta(days=THREE_MONTHS_DAYS),
            }
        ),
        Duration.OVER_THREE: Q(**{f"{field_name}__gt": dt.timedelta(days=THREE_MONTHS_DAYS)}),
    }


def thuiszitters(scope: Scope, filters: Filters, choices: Choices) -> ThemeResult:
    year = filters.year
    years = trend_years(filters)

    def queryset(f: Filters) -> QuerySet[Any]:
        base = (
            _case_facts(scope, f)
            .filter(
                is_thuiszitter=True,
                thuiszitter_since__isnull=False,
                thuiszitter_since__lt=year_end(year),
            )
            .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=_moment(year_start(years[0]))))
        )
        for y in years:
            days, until = _home_days(y)
            base = base.annotate(**{f"m_until_{y}": until}).annotate(**{f"m_home_{y}": days})
        return base

    source = Source(queryset, dimensions=choices, paths=FACT_PATHS)
    durations = [Column(value, str(label)) for value, label in Duration.choices]
    rows = []
    for y in years:
        at_home = running(y) & Q(thuiszitter_since__lt=year_end(y))
        rows.append(Row(y, year_label(y), at_home, _duration_q(y)))
    trend = TableSpec(
        key="trend",
        title=_("Thuiszitters per school year, by time at home"),
        row_heading=_("School year"),
        rows=rows,
        columns=durations,
        col_totals=False,
    )
    at_home = running(year) & Q(thuiszitter_since__lt=year_end(year))
    long_ = _duration_q(year)[Duration.OVER_THREE]
    by_sector = TableSpec(
        key="sector",
        title=_("Thuiszitters in the school year, by sector"),
        row_heading=_("Sector"),
        rows=[*_choice_rows(SchoolSector.choices), Row(UNKNOWN, _("No school known"))],
        columns=[
            Column("gt3", _("More than 3 months"), at_home & long_),
            Column("le3", _("Up to 3 months"), at_home & ~long_, hidden=True),
        ],
        group_by="sector",
        row_key=_unknown,
        narrows=("sector", "school"),
    )

    def days_at_home() -> list[tuple[str, list[Median]]]:
        return [(_("Days at home"), _home_medians(queryset(filters), years))]

    return ThemeResult(
        Theme.THUISZITTERS,
        filters,
        [(trend, source), (by_sector, source)],
        days_at_home,
        as_of=facts_as_of,
    )


def _home_medians(base: QuerySet[Any], years: list[int]) -> list[Median]:
    """The median time at home per school year, from a histogram by days per year: one
    query for all the years (histograms.day_histograms)."""
    at_home = [(f"m_home_{y}", running(y) & Q(thuiszitter_since__lt=year_end(y))) for y in years]
    per_year = []
    for y, histogram in zip(years, day_histograms(base, at_home), strict=True):
        median, p80 = _percentiles(histogram)
        per_year.append(Median(year_label(y), median, p80))
    return per_year
