"""The theme "Individueel → collectief" (issues 16 and 18): where five or more children
(configurable) carry similar individual modules (same provider, function and place) in the
school year, how many children, hours and what they cost, and the candidates for a group
arrangement; counted from the monitor's facts per module (models.ModuleFact), as the funding
theme. Part of the region's themes (indicators_region.region_theme)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _

from arrangeer.organisations.models import Organisation
from arrangeer.plans.constants import FundingFramework, Instrument, ModuleFunction, Place

from .constants import CANDIDATE_MIN_CHILDREN, Theme, year_end, year_start
from .financing import amount_within, modules_in
from .indicators import FACT_PATHS, Choices, ThemeResult
from .module_facts import PER_EURO
from .scope import Scope
from .state import FactState, facts_as_of
from .suppression import THRESHOLD
from .tables import Column, Filters, PublishedTable, Row, Source, TableSpec

# A smaller group than the threshold is not shown, so it is no candidate either.
CANDIDATE_MINIMUM = max(CANDIDATE_MIN_CHILDREN, THRESHOLD)
AMOUNT = "m_amount"
SEPARATOR = "|"


def candidate_key(provider: int, function: str, place: str) -> str:
    return SEPARATOR.join((str(provider), function, place))


def _similar() -> Concat:
    """The row key of similar modules: the same provider, function and place."""
    return Concat(
        Cast("provider_id", CharField()),
        Value(SEPARATOR),
        F("function"),
        Value(SEPARATOR),
        F("place"),
        output_field=CharField(),
    )


def _similar_funded() -> Concat:
    """The row key of similar modules under one funding framework and instrument."""
    return Concat(
        _similar(), Value(SEPARATOR), F("funding_framework"), Value(SEPARATOR), F("instrument")
    )


def _funded_rows(base: QuerySet[Any], providers: Mapping[int, str]) -> list[Row]:
    """The rows of the per-funding table: the combinations the scope's data has (one query),
    labelled; a table of every possible combination would be mostly empty."""
    functions, places = dict(ModuleFunction.choices), dict(Place.choices)
    frameworks, instruments = dict(FundingFramework.choices), dict(Instrument.choices)
    found = (
        base.order_by()
        .values_list("provider_id", "function", "place", "funding_framework", "instrument")
        .distinct()
    )
    rows = []
    for provider, function, place, framework, instrument in found:
        if provider not in providers:
            continue
        label = " · ".join(
            str(part)
            for part in (
                providers[provider],
                functions.get(function, function),
                places.get(place, place),
                frameworks.get(framework, framework),
                instruments.get(instrument, instrument),
            )
        )
        key = SEPARATOR.join((candidate_key(provider, function, place), framework, instrument))
        rows.append(Row(key, label))
    return sorted(rows, key=lambda row: row.label)


def _collective_source(scope: Scope, year: int, choices: Choices) -> Source:
    """The individual modules running in the school year, with what they cost in it."""
    start, end = year_start(year), year_end(year)

    def queryset(f: Filters) -> QuerySet[Any]:
        # The facts per module (financing.modules_in), not a place in a group arrangement.
        base = modules_in(scope, f, start, end).filter(in_group=False)
        annotated: QuerySet[Any] = base.annotate(**{AMOUNT: amount_within(start, end)})
        return annotated

    return Source(queryset, dimensions=choices, paths=FACT_PATHS)


def _function_table() -> TableSpec:
    return TableSpec(
        key="functie",
        title=_("Children with individual modules, by function, in the school year"),
        row_heading=_("Function"),
        rows=[Row(value, str(label), Q(function=value)) for value, label in ModuleFunction.choices],
        columns=[Column("children", _("Children"))],
        # A child can have modules of several functions: children do not add up.
        row_totals=False,
        col_totals=False,
    )


def _similar_tables(providers: list[tuple[int, str]]) -> list[TableSpec]:
    """The children and the amounts per provider, function and place: one grouping (the same
    expression), so they share their query."""
    # The labels translated once, not once per provider (a region has hundreds), and one
    # empty condition for every row (grouped rows have none; nothing changes a row's `q`).
    functions = [(value, str(label)) for value, label in ModuleFunction.choices]
    places = [(value, str(label)) for value, label in Place.choices]
    every = Q()
    rows = [
        Row(
            candidate_key(pk, function, place),
            f"{name} · {function_label} · {place_label}",
            every,
        )
        for pk, name in providers
        for function, function_label in functions
        for place, place_label in places
    ]
    heading = _("Provider · function · place")
    similar = _similar()  # one object: the tables on these rows share their query
    children = TableSpec(
        key="kinderen",
        title=_("Children with similar individual modules, in the school year"),
        row_heading=heading,
        rows=rows,
        columns=[Column("children", _("Children"))],
        group_by=similar,
        # A child can have modules of several providers: children do not add up.
        row_totals=False,
        col_totals=False,
    )
    amounts = TableSpec(
        key="bedragen",
        title=_("What these individual modules cost in the school year (euro)"),
        row_heading=heading,
        rows=rows,
        columns=[Column("amount", _("Amount"))],
        group_by=similar,
        count_rows=True,
        sum_of=AMOUNT,
        sum_per_euro=PER_EURO,
        row_totals=False,
    )
    return [children, amounts]


def _funding_table(source: Source, year: int, providers: list[tuple[int, str]]) -> TableSpec:
    """The same children per funding framework and instrument: which law pays for what a group
    arrangement could buy collectively (shown with the candidates on the funding theme)."""
    return TableSpec(
        key="kader",
        title=_(
            "Children with similar individual modules, per funding framework and instrument, "
            "in the school year"
        ),
        row_heading=_("Provider · function · place · funding framework · instrument"),
        rows=_funded_rows(source.queryset(Filters(year=year)), dict(providers)),
        columns=[Column("children", _("Children"))],
        group_by=_similar_funded(),
        row_totals=False,
        col_totals=False,
    )


def collective(scope: Scope, filters: Filters, choices: Choices) -> ThemeResult:
    """The individual modules running in the school year (not a place in a group arrangement),
    per provider, function and place: how many children carry them and what they cost
    (plans.funding's rule, as the funding theme). Where enough children carry similar modules,
    a group arrangement may serve them better (views: the candidates and their button)."""
    year = filters.year
    source = _collective_source(scope, year, choices)
    providers = list(
        Organisation.objects.filter(region=scope.region).order_by("name").values_list("pk", "name")
    )
    by_function = _function_table()
    children, amounts = _similar_tables(providers)
    by_funding = _funding_table(source, year, providers)
    pending = [(by_function, source), (children, source), (amounts, source), (by_funding, source)]
    return ThemeResult(Theme.COLLECTIVE, filters, pending, as_of=facts_as_of)


@dataclass(frozen=True)
class Funded:
    """A candidate's children under one funding framework and instrument: the published
    figure (None where it is suppressed)."""

    framework: str
    instrument: str
    children: int | None


@dataclass(frozen=True)
class Candidate:
    """A provider, function and place whose published count of children reaches the
    minimum: published figures only, never a child."""

    provider: int
    function: str
    place: str
    label: str
    children: int
    amount: int | None
    funding: tuple[Funded, ...] = ()


def candidates(tables: list[PublishedTable]) -> list[Candidate]:
    """From the published tables of the collective theme: the rows whose children are shown
    and reach the minimum, most children first, each with its children per funding
    framework and instrument as published."""
    by_key = {t.spec.key: t for t in tables}
    children, amounts = by_key.get("kinderen"), by_key.get("bedragen")
    funded = by_key.get("kader")
    if children is None:
        return []
    per_candidate: dict[str, list[Funded]] = {}
    for row in funded.rows if funded is not None else []:
        assert funded is not None
        provider, function, place, framework, instrument = str(row.key).split(SEPARATOR)
        per_candidate.setdefault(candidate_key(int(provider), function, place), []).append(
            Funded(framework, instrument, funded.figure(row.key, "children").value)
        )
    found = []
    for row in children.rows:
        figure = children.figure(row.key, "children")
        if figure.value is None or figure.value < CANDIDATE_MINIMUM:
            continue
        provider, function, place = str(row.key).split(SEPARATOR)
        amount = amounts.figure(row.key, "amount").value if amounts is not None else None
        found.append(
            Candidate(
                int(provider),
                function,
                place,
                row.label,
                figure.value,
                amount,
                tuple(per_candidate.get(str(row.key), ())),
            )
        )
    return sorted(found, key=lambda c: (-c.children, c.label))


@dataclass(frozen=True)
class LawCandidates:
    """On the funding theme: under one funding framework and instrument, the candidates for
    collective purchase whose children it pays for (the collective theme's figures)."""

    framework: str
    instrument: str
    label: str
    rows: list[tuple[Candidate, int | None]]  # the candidate, its children under this law


def candidates_per_law(found: list[Candidate]) -> list[LawCandidates]:
    """The candidates regrouped per funding framework and instrument, in the order of the
    choices; a candidate paid from two laws stands under both."""
    frameworks, instruments = dict(FundingFramework.choices), dict(Instrument.choices)
    grouped: dict[tuple[str, str], list[tuple[Candidate, int | None]]] = {}
    for candidate in found:
        for part in candidate.funding:
            grouped.setdefault((part.framework, part.instrument), []).append(
                (candidate, part.children)
            )
    order = {value: n for n, value in enumerate(frameworks)}
    order_i = {value: n for n, value in enumerate(instruments)}
    return [
        LawCandidates(
            framework,
            instrument,
            f"{frameworks.get(framework, framework)} · {instruments.get(instrument, instrument)}",
            rows,
        )
        for (framework, instrument), rows in sorted(
            grouped.items(), key=lambda kv: (order.get(kv[0][0], 99), order_i.get(kv[0][1], 99))
        )
    ]


def collective_candidates(
    scope: Scope, filters: Filters, choices: Choices, state: FactState | None = None
) -> list[Candidate]:
    """The collective theme's candidates, counted and published by that theme (for the
    funding theme's page: the same figures, not a second computation): as kept for that
    theme's page when they are (published.py; `state`: the facts' state the page read)."""
    result = collective(scope, filters, choices)
    result.scope = scope
    result.known_state(state)
    return candidates(result.tables())
