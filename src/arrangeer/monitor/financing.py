"""The theme "Financiering": the region's funding of arrangements across laws, aggregates only.

Counted over the modules of the arrangements (not removed) that run in the school year, in the
scope and with the filters of every theme, and published through the same rule
(suppression.py, tables.build):

- children, modules and amounts per funding framework (the law and how it pays) and
  instrument, the amounts also per school year and per municipality and framework, by the
  funding overview's rule (intensity times weeks times the region's tariff, in `plans.funding`),
  for the part of each module within the school year; a module without a tariff counts in the
  modules, not in the amounts;
- children with a gap or an overlap of their funding, per rule of `plans.funding`.

The children, modules and amounts are counted from the monitor's facts per module
(models.ModuleFact, module_facts.py), each table with its lines across every filter's choices
in one grouped query, the amounts summed exactly as whole numbers. The gaps and overlaps are
the funding overview's own rules, run per plan by the refresh (funding_signals.py) and kept
per case, school year and rule (models.SignalFact); the table counts the children of those
cases in the same grouped query as the trend (a subquery per rule, no query of its own)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    BigIntegerField,
    CharField,
    DateField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Concat, Greatest, Least
from django.utils.translation import gettext as _

from arrangeer.plans import funding
from arrangeer.plans.constants import FundingFramework, Instrument

from .constants import Theme, year_end, year_label, year_start
from .indicators import (
    FACT_PATHS,
    Choices,
    ThemeResult,
    _apply_facts,
    in_region,
    trend_years,
)
from .models import ModuleFact, SignalFact
from .module_facts import PER_EURO
from .scope import Scope
from .state import facts_as_of
from .tables import Column, Filters, Row, Source, TableSpec

PREFIX = "plan__case__"
SEPARATOR = "|"


def module_rows() -> QuerySet[Any]:
    """The facts of every module (models.ModuleFact); the tests swap in the modules read
    live (module_facts.live_modules) to compare."""
    return ModuleFact.objects.all()


def modules_in(scope: Scope, filters: Filters, start: dt.date, end: dt.date) -> QuerySet[Any]:
    """The facts of the modules (not removed) that run on some day of [start, end), whose case
    counts in the scope's region in the page's school year, in the scope and the filter."""
    base = module_rows().filter(
        in_region("", scope, filters, case="case"),
        removed=False,
        start_date__lt=end,
        end_date__gt=start,
    )
    return _apply_facts(base, scope, filters, FACT_PATHS)


def amount_within(start: dt.date, end: dt.date) -> ExpressionWrapper[Any]:
    """A module's amount within [start, end) in 1/PER_EURO euro, a whole number: its
    `per_week` times its days in the period (NULL without a tariff), as plans.funding's
    `amount_within`. Only meaningful for modules that run in the period."""
    days = funding.days_between(
        Least(F("end_date"), Value(end, output_field=DateField())),
        Greatest(F("start_date"), Value(start, output_field=DateField())),
    )
    return ExpressionWrapper(F("per_week") * days, output_field=BigIntegerField())


def _amount(year: int) -> str:
    return f"m_amount_{year}"


def runs_in(year: int) -> Q:
    """The module runs on some day of the school year."""
    return Q(start_date__lt=year_end(year), end_date__gt=year_start(year))


def _combined(*paths: str) -> Concat:
    """A row key of two values, for a table whose rows are the combinations in the data (so
    no row of impossible combinations stands there as a suppressed zero)."""
    first, second = paths
    return Concat(F(first), Value(SEPARATOR), F(second), output_field=CharField())


def _framework_instrument_rows() -> list[Row]:
    return [
        Row(f"{framework}{SEPARATOR}{instrument}", f"{f_label} · {i_label}")
        for framework, f_label in FundingFramework.choices
        for instrument, i_label in Instrument.choices
    ]


def _municipality_rows(municipalities: list[Any]) -> list[Row]:
    return [
        Row(f"{town}{SEPARATOR}{framework}", f"{town or _('No school known')} · {label}")
        for town in [*municipalities, ""]
        for framework, label in FundingFramework.choices
    ]


def signal_rows(scope: Scope, year: int) -> dict[str, Q]:
    """rule → the condition on a module's facts that its case shows that gap or overlap in the
    school year (models.SignalFact, judged by the refresh): a subquery in the page's grouped
    query, no query of its own. The tests swap in the judgement read live."""
    del scope  # the page's base is scoped already; the facts are per case
    return {
        rule: Q(case__in=SignalFact.objects.filter(school_year=year, rule=rule).values("case_id"))
        for rule in funding.Rule.values
    }


def _module_source(scope: Scope, years: list[int], choices: Choices) -> Source:
    """The modules running in the trend's years, with each year's amount."""

    def queryset(f: Filters) -> QuerySet[Any]:
        base = modules_in(scope, f, year_start(years[0]), year_end(years[-1]))
        amounts = {_amount(y): amount_within(year_start(y), year_end(y)) for y in years}
        annotated: QuerySet[Any] = base.annotate(**amounts)
        return annotated

    return Source(queryset, dimensions=choices, paths=FACT_PATHS)


def _amount_trend(years: list[int]) -> TableSpec:
    return TableSpec(
        key="trend",
        title=_("Amounts per school year (euro)"),
        row_heading=_("School year"),
        rows=[Row(y, year_label(y), runs_in(y), sum_of=_amount(y)) for y in years],
        columns=[Column("amount", _("Amount"))],
        count_rows=True,
        sum_per_euro=PER_EURO,
        row_totals=False,
        col_totals=False,
    )


def _framework_tables(year: int, in_year: Q) -> list[TableSpec]:
    """Children, modules and amounts per funding framework and instrument: one grouping (the
    same expression), so they are counted in one query."""
    by_combination = _combined("funding_framework", "instrument")
    children = TableSpec(
        key="kinderen",
        title=_("Children per funding framework and instrument, in the school year"),
        row_heading=_("Funding framework · instrument"),
        rows=_framework_instrument_rows(),
        columns=[Column("children", _("Children"), in_year)],
        group_by=by_combination,
        # A child can have modules under several frameworks: children do not add up.
        row_totals=False,
        col_totals=False,
    )
    modules = TableSpec(
        key="modules",
        title=_("Modules per funding framework and instrument, in the school year"),
        row_heading=_("Funding framework · instrument"),
        rows=_framework_instrument_rows(),
        columns=[Column("modules", _("Modules"), in_year)],
        group_by=by_combination,
        count_rows=True,
        row_totals=False,
    )
    amounts = TableSpec(
        key="bedragen",
        title=_("Amounts per funding framework and instrument, in the school year (euro)"),
        row_heading=_("Funding framework · instrument"),
        rows=_framework_instrument_rows(),
        columns=[Column("amount", _("Amount"), in_year)],
        group_by=by_combination,
        count_rows=True,
        sum_of=_amount(year),
        sum_per_euro=PER_EURO,
        row_totals=False,
    )
    return [children, modules, amounts]


def _municipality_amounts(year: int, in_year: Q, choices: Choices) -> TableSpec:
    return TableSpec(
        key="gemeente",
        title=_("Amounts per municipality of the school and funding framework (euro)"),
        row_heading=_("Municipality · funding framework"),
        rows=_municipality_rows(choices.get("municipality", [])),
        columns=[Column("amount", _("Amount"), in_year)],
        group_by=_combined("municipality", "funding_framework"),
        count_rows=True,
        sum_of=_amount(year),
        sum_per_euro=PER_EURO,
        row_totals=False,
        narrows=("municipality", "school"),
    )


def _signal_table(scope: Scope, year: int, in_year: Q) -> TableSpec:
    """The children with a gap or an overlap in their funding (funding_signals.py)."""
    signalled = signal_rows(scope, year)
    return TableSpec(
        key="signalen",
        title=_("Children with a gap or an overlap in their funding, in the school year"),
        row_heading=_("Signal"),
        rows=[Row(rule, str(label), signalled[rule]) for rule, label in funding.Rule.choices],
        columns=[Column("children", _("Children"), in_year)],
        # A child can have several signals: the rows do not add up to a total.
        row_totals=False,
        col_totals=False,
    )


def financing(scope: Scope, filters: Filters, choices: Choices) -> ThemeResult:
    year = filters.year
    years = trend_years(filters)
    source = _module_source(scope, years, choices)
    in_year = runs_in(year)
    pending = [
        (_amount_trend(years), source),
        *((spec, source) for spec in _framework_tables(year, in_year)),
        (_municipality_amounts(year, in_year, choices), source),
        (_signal_table(scope, year, in_year), source),
    ]
    return ThemeResult(Theme.FINANCING, filters, pending, as_of=facts_as_of)
