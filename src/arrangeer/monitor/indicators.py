"""The indicators of docs/monitor.md, per theme: what is counted, over which period, from
which field. Each theme gives its tables (published through the suppression rule) and, for
durations, medians from a histogram the database groups by number of days.

This module holds the rules the themes share (the scope and filters, the period, the fact
tables they count from, ThemeResult), the goals' and the questionnaire's themes, and
theme_result, which picks a theme's module: the themes counted per case (reach, lead time,
dropout, thuiszitters) are in indicators_cases.py, the region's processes in
indicators_region.py, the funding in financing.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case as When_,
)
from django.db.models import (
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.cases.selectors import counted_in_region
from arrangeer.plans.constants import Realisation, Side
from arrangeer.portal.models import SatisfactionAnswer
from arrangeer.routes.models import Route, Step

from . import published
from .constants import (
    TREND_YEARS,
    AgeGroup,
    Measure,
    Respondent,
    Theme,
    count_date,
    year_end,
    year_label,
    year_start,
)
from .models import CaseFact, RatingTally
from .scope import Scope
from .state import FactState, facts_as_of, facts_state
from .suppression import THRESHOLD
from .tables import (
    DIMENSION_PATHS,
    Column,
    Filters,
    PublishedTable,
    Row,
    Source,
    TableSpec,
    build_all,
)

UNKNOWN = "?"


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# The choices of every filter that narrows within the scope (set per request by
# theme_result): a school's monitor has one school, so only sector and route.
Choices = dict[str, list[Hashable]]


def trend_years(filters: Filters) -> list[int]:
    return list(range(filters.year - TREND_YEARS + 1, filters.year + 1))


def in_region(prefix: str, scope: Scope, filters: Filters, *, case: str = "pk") -> Q:
    """The rows whose case counts in the scope's region in the page's school year: a case
    that moved with its child counts in the region it left for the school years before the
    move, in the new one from the school year of the move (cases.selectors). `case`: where
    a row holds its case's key, when not as its own (a rating's facts)."""
    return counted_in_region(
        prefix,
        scope.region,
        _moment(year_start(filters.year)),
        _moment(year_end(filters.year)),
        case=case,
    )


def _apply(queryset: QuerySet[Any], prefix: str, scope: Scope, filters: Filters) -> QuerySet[Any]:
    """The scope (region, or one school) and the filters, on a queryset whose rows lead to a
    case through `prefix`."""
    queryset = queryset.filter(in_region(prefix, scope, filters))
    for name, value in scope.fixed().items():
        queryset = queryset.filter(**{prefix + DIMENSION_PATHS[name]: value})
    for name in filters.active():
        queryset = queryset.filter(**{prefix + DIMENSION_PATHS[name]: getattr(filters, name)})
    return queryset


# Where the themes count: the monitor's fact tables, one narrow row per case (CaseFact) and
# per rating of a goal (RatingFact), whose columns carry the names services.live_cases and
# services.live_ratings give the same values read live (the tests count both ways).
FACT_PATHS: dict[str, str] = {name: name for name in DIMENSION_PATHS}


def case_rows() -> QuerySet[Any]:
    """The facts of every case (models.CaseFact)."""
    return CaseFact.objects.all()


def rating_rows() -> QuerySet[Any]:
    """The ratings of goals that were not removed, folded per case, school year, round and
    side (models.RatingTally): how many were reached, partly, not."""
    return RatingTally.objects.all()


def answer_paths() -> dict[str, str]:
    """From a questionnaire's answer to its case's dimensions: the case's facts."""
    return {name: f"{SATISFACTION_PREFIX}monitor_fact__{name}" for name in FACT_PATHS}


def _apply_facts(
    queryset: QuerySet[Any], scope: Scope, filters: Filters, paths: dict[str, str] | None = None
) -> QuerySet[Any]:
    """The scope and the filters, on rows that carry the case's dimensions (`paths`: where
    each is, the row's own columns by default)."""
    paths = paths or FACT_PATHS
    for name, value in scope.fixed().items():
        queryset = queryset.filter(**{paths[name]: value})
    for name in filters.active():
        queryset = queryset.filter(**{paths[name]: getattr(filters, name)})
    return queryset


def _case_facts(scope: Scope, filters: Filters) -> QuerySet[Any]:
    # A case that moved with its child counts in the region it left for the years before
    # (in_region; a fact row's key is its case's).
    return _apply_facts(case_rows().filter(in_region("", scope, filters)), scope, filters)


def running(year: int, prefix: str = "") -> Q:
    """The arrangement ran on some day of the school year."""
    return Q(**{f"{prefix}opened_at__lt": _moment(year_end(year))}) & (
        Q(**{f"{prefix}closed_at__isnull": True})
        | Q(**{f"{prefix}closed_at__gte": _moment(year_start(year))})
    )


def opened_in(year: int) -> Q:
    return Q(opened_at__gte=_moment(year_start(year)), opened_at__lt=_moment(year_end(year)))


def closed_in(year: int) -> Q:
    return Q(closed_at__gte=_moment(year_start(year)), closed_at__lt=_moment(year_end(year)))


def _dated(field_name: str, year: int) -> Q:
    return Q(**{f"{field_name}__gte": year_start(year), f"{field_name}__lt": year_end(year)})


def _age_group(year: int) -> When_:
    day = count_date(year)
    twelve = day.replace(year=day.year - 12)
    sixteen = day.replace(year=day.year - 16)
    return When_(
        When(date_of_birth__gt=twelve, then=Value(AgeGroup.UNDER_12.value)),
        When(date_of_birth__gt=sixteen, then=Value(AgeGroup.FROM_12.value)),
        default=Value(AgeGroup.FROM_16.value),
    )


def _unknown(value: Any) -> Hashable:
    return UNKNOWN if value in (None, "") else value


def _choice_rows(choices: Any) -> list[Row]:
    return [Row(value, str(label)) for value, label in choices]


@dataclass
class Median:
    """A duration's median and 80th percentile in days, for a group of at least THRESHOLD
    children (None otherwise). Not a count: the number of children is in the tables."""

    label: str
    median: int | None
    p80: int | None


@dataclass
class ThemeResult:
    """A theme's tables, counted and published when asked for (an export needs one)."""

    theme: str
    filters: Filters
    pending: list[tuple[TableSpec, Source]]
    durations: Callable[[], list[tuple[str, list[Median]]]] | None = None
    # A theme counted from a fact table: when that table was last rebuilt whole (None when
    # never). None for the themes counted live from the plans.
    as_of: Callable[[], dt.datetime | None] | None = None
    # Whose figures these are (theme_result): the page's figures are kept for the next
    # reader of the same scope (published.py) when the theme is counted from the facts.
    scope: Scope | None = None
    _state: FactState | None = field(default=None, init=False, repr=False)

    def table_keys(self) -> list[str]:
        return [spec.key for spec, _source in self.pending]

    def fact_state(self) -> FactState:
        """The state of the fact tables and of the scope's region, read once per page
        (state.facts_state)."""
        if self._state is None:
            self._state = facts_state(self.scope.region.pk if self.scope is not None else None)
        return self._state

    def known_state(self, state: FactState | None) -> None:
        """The state of the fact tables, when the page read it already."""
        if state is not None:
            self._state = state

    def figures_as_of(self) -> dt.datetime | None:
        """When the fact tables were last rebuilt whole (the page's "figures as of")."""
        return self.fact_state()[0] if self.as_of is not None else None

    def tables(self, only: str | None = None) -> list[PublishedTable]:
        pending = [
            (spec, source) for spec, source in self.pending if only is None or spec.key == only
        ]
        if only is None and self.scope is not None:
            # The whole page: kept for the next reader of the same figures (published.py).
            return published.tables(self.theme, self.scope, self.filters, pending, self.fact_state)
        return build_all(pending, self.filters)

    def medians(self) -> list[tuple[str, list[Median]]]:
        return self.durations() if self.durations is not None else []


def _percentiles(histogram: dict[int, int]) -> tuple[int | None, int | None]:
    """Median and 80th percentile (nearest rank) from {days: number of children}."""
    total = sum(histogram.values())
    if total < THRESHOLD:
        return None, None
    ordered = sorted(histogram.items())

    def rank(fraction: float) -> int:
        wanted = max(1, -(-int(fraction * total * 100) // 100))
        seen = 0
        for days, n in ordered:
            seen += n
            if seen >= wanted:
                return days
        return ordered[-1][0]

    return rank(0.5), rank(0.8)


def _days(value: Any) -> int:
    return value.days if isinstance(value, dt.timedelta) else int(value)


# Lead time: the norms per route (selectors.routes_of reads them; indicators_cases.lead_time
# counts against them).


def route_norms(routes: list[Route], steps: list[Step]) -> dict[int, dict[str, int]]:
    """Days a route allows from the signal to each milestone: its first phase (before the
    MDO) for the MDO, its first two phases for the adopted plan, and the plan's norm plus the
    route's decision days for the decision."""
    norms: dict[int, dict[str, int]] = {}
    for route in routes:
        own = [s for s in steps if s.route_id == route.pk]
        numbers = sorted({s.phase.number for s in own if s.phase is not None})
        first = set(numbers[:1])
        two = set(numbers[:2])
        to_mdo = sum(s.duration_days for s in own if s.phase and s.phase.number in first)
        to_plan = sum(s.duration_days for s in own if s.phase and s.phase.number in two)
        norms[route.pk] = {
            Measure.TO_MDO: to_mdo,
            Measure.TO_PLAN: to_plan,
            Measure.TO_DECISION: to_plan + route.decision_days,
        }
    return norms


# Goal realisation --------------------------------------------------------------------------

# Counted from models.RatingTally: per case, school year, evaluation round (1, 2, or 3 for the
# third or later, from models.EvaluationRound) and side of the goal, how many ratings were
# reached, partly, not, with the case's dimensions. A cell counts the ratings (the sum of its
# column) and the distinct children behind them (rows with a rating in the column). Ratings
# without their round yet are "unknown". A case that moved to another region counts its
# ratings as the case itself (in_region, by the row's case).
TALLY: dict[str, str] = {
    Realisation.REACHED: "reached",
    Realisation.PARTLY: "partly",
    Realisation.NOT_REACHED: "not_reached",
}


def goals(scope: Scope, filters: Filters, choices: Choices) -> ThemeResult:
    year = filters.year
    years = trend_years(filters)

    def queryset(f: Filters) -> QuerySet[Any]:
        window = Q(school_year__gte=years[0], school_year__lte=year)
        # A moved case's ratings count where its case counts (the rule of in_region).
        base = rating_rows().filter(window, in_region("", scope, f, case="case"))
        return _apply_facts(base, scope, f)

    source = Source(queryset, dimensions=choices, paths=FACT_PATHS)
    realisation = [
        Column(value, str(label), Q(**{f"{TALLY[value]}__gt": 0}), weight=TALLY[value])
        for value, label in Realisation.choices
    ]
    trend = TableSpec(
        key="trend",
        title=_("Goals rated per school year"),
        row_heading=_("School year"),
        rows=[Row(y, year_label(y), Q(school_year=y)) for y in years],
        columns=realisation,
        col_totals=False,
        count_rows=True,
    )
    in_year = Q(school_year=year)
    rounds = [
        Row(1, _("First evaluation")),
        Row(2, _("Second")),
        Row(3, _("Third or later")),
        Row(UNKNOWN, _("Not counted yet (tonight)")),
    ]
    pending = [(trend, source)]
    for side, label in Side.choices:
        spec = TableSpec(
            key=f"ronde-{side}",
            title=_("%(side)s goals per evaluation round, in the school year") % {"side": label},
            row_heading=_("Evaluation round"),
            rows=rounds,
            columns=[
                Column(c.key, c.label, c.q & in_year & Q(side=side), weight=c.weight)
                for c in realisation
            ],
            group_by="round",
            row_key=_unknown,
            count_rows=True,
        )
        pending.append((spec, source))
    return ThemeResult(Theme.GOALS, filters, pending, as_of=facts_as_of)


# Client satisfaction -----------------------------------------------------------------------

SATISFACTION_PREFIX = "case__"


# The questions of the questionnaire (portal.forms.QuestionnaireForm, in its words), each with
# its scale. The overall mark is shown
# in three bands: ten marks would leave most cells under the threshold.
def _questions() -> list[tuple[str, str, list[Row]]]:
    return [
        (
            "usefulness",
            _("How useful is the help? (1 = not at all, 5 = very)"),
            [Row(v, str(v), Q(usefulness=v)) for v in range(1, 6)],
        ),
        (
            "heard",
            _("Did people listen to you? (1 = not at all, 5 = very well)"),
            [Row(v, str(v), Q(heard=v)) for v in range(1, 6)],
        ),
        (
            "overall",
            _("What mark do you give overall? (1 to 10)"),
            [
                Row("1-5", _("1 to 5"), Q(overall__lte=5)),
                Row("6-7", _("6 or 7"), Q(overall__gte=6, overall__lte=7)),
                Row("8-10", _("8 to 10"), Q(overall__gte=8)),
            ],
        ),
    ]


def satisfaction(scope: Scope, filters: Filters, choices: Choices) -> ThemeResult:
    """The parents' and young people's answers to the questionnaire, per question: how many
    answers gave each score, in the school year the answer was given. Counts of answers; a
    cell is shown only when at least 10 children are behind it. The remarks are never read
    here (they are for the team)."""
    year = filters.year
    years = trend_years(filters)

    def queryset(f: Filters) -> QuerySet[Any]:
        window = Q(
            answered_at__gte=_moment(year_start(years[0])), answered_at__lt=_moment(year_end(year))
        )
        base = SatisfactionAnswer.objects.filter(window, in_region(SATISFACTION_PREFIX, scope, f))
        return _apply_facts(base, scope, f, paths)

    paths = answer_paths()
    source = Source(queryset, SATISFACTION_PREFIX, choices, paths=paths)
    in_year = Q(answered_at__gte=_moment(year_start(year)), answered_at__lt=_moment(year_end(year)))
    respondents = [
        Column(value, str(label), Q(respondent=value)) for value, label in Respondent.choices
    ]
    trend = TableSpec(
        key="trend",
        title=_("Questionnaires answered per school year"),
        row_heading=_("School year"),
        rows=[
            Row(
                y,
                year_label(y),
                Q(answered_at__gte=_moment(year_start(y)), answered_at__lt=_moment(year_end(y))),
            )
            for y in years
        ],
        columns=respondents,
        col_totals=False,
        count_rows=True,
    )
    pending = [(trend, source)]
    for key, question, rows in _questions():
        spec = TableSpec(
            key=key,
            title=_("%(question)s, answers in the school year") % {"question": question},
            row_heading=_("Score"),
            rows=rows,
            columns=[Column(c.key, c.label, c.q & in_year) for c in respondents],
            count_rows=True,
        )
        pending.append((spec, source))
    return ThemeResult(Theme.SATISFACTION, filters, pending, as_of=facts_as_of)


def theme_result(
    theme: str,
    scope: Scope,
    filters: Filters,
    *,
    routes: dict[int, str],
    norms: dict[int, dict[str, int]],
    choices: Choices,
) -> ThemeResult:
    # The themes counted per case build on this module's rules, so they are imported here.
    from .indicators_cases import dropout, lead_time, reach, thuiszitters

    makers: dict[str, Callable[[], ThemeResult]] = {
        Theme.REACH: lambda: reach(scope, filters, routes, choices),
        Theme.LEAD_TIME: lambda: lead_time(scope, filters, norms, choices),
        Theme.DROPOUT: lambda: dropout(scope, filters, choices),
        Theme.GOALS: lambda: goals(scope, filters, choices),
        Theme.THUISZITTERS: lambda: thuiszitters(scope, filters, choices),
        Theme.SATISFACTION: lambda: satisfaction(scope, filters, choices),
        Theme.FINANCING: lambda: _financing(scope, filters, choices),
    }
    if theme not in makers:
        # The region's processes: indicators_region.py builds on this module's rules.
        from .indicators_region import region_theme

        result = region_theme(theme, scope, filters, choices)
    else:
        result = makers[theme]()
    result.scope = scope
    return result


def _financing(scope: Scope, filters: Filters, choices: Choices) -> ThemeResult:
    # financing.py builds on this module's scope and period rules, so it is imported here.
    from .financing import financing

    return financing(scope, filters, choices)
