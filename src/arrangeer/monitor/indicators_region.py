"""The indicators of the region's processes (docs/monitor.md): the escalatieladder, the
Integraal Loket, "known in both domains" and the Meldcode and Verwijsindex activities, the
aanmeldingen, the warm handovers at
transitions and the quality contact point. The same machinery as the other themes
(indicators.py): tables counted in SQL and published through the suppression rule, durations
as medians from a histogram the database groups by days. Aggregates only: no question, advice,
name or reason is read here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast, Concat, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.escalations.constants import EscalationStatus
from arrangeer.escalations.models import Escalation, LadderLevel
from arrangeer.loket.constants import Source as RegistrationSource
from arrangeer.loket.constants import Urgency
from arrangeer.loket.models import Consult, Match
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Organisation
from arrangeer.plans.constants import FundingFramework, Instrument, ModuleFunction, Place
from arrangeer.quality.constants import ConcernKind
from arrangeer.quality.models import Concern
from arrangeer.referrals.constants import MeldcodeDecision, MeldcodeStepKind, ReferralStatus
from arrangeer.referrals.models import MeldcodeStep, Referral, VerwijsindexSignal
from arrangeer.transitions.constants import TransitionKind, TransitionStatus
from arrangeer.transitions.models import Transition

from .constants import CANDIDATE_MIN_CHILDREN, Theme, year_end, year_label, year_start
from .financing import amount_within, modules_in
from .indicators import (
    FACT_PATHS,
    UNKNOWN,
    Choices,
    Median,
    ThemeResult,
    _percentiles,
    in_region,
    trend_years,
)
from .module_facts import PER_EURO
from .scope import Scope
from .services import facts_as_of
from .suppression import THRESHOLD
from .tables import DIMENSION_PATHS, Column, Filters, PublishedTable, Row, Source, TableSpec


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


# Escalations -------------------------------------------------------------------------------

CASE = "case__"


def _escalation_columns() -> list[Column]:
    return [
        Column("decided", _("Decided"), Q(status=EscalationStatus.DECIDED)),
        Column("withdrawn", _("Withdrawn"), Q(status=EscalationStatus.WITHDRAWN)),
        Column("open", _("Still open"), Q(status=EscalationStatus.OPEN)),
    ]


def escalations(scope: Scope, filters: Filters, choices: Choices) -> ThemeResult:
    """Escalations raised per school year by how they ended, the level where they were decided
    (or are now), and the time from raising to the decision."""
    year = filters.year
    years = trend_years(filters)
    paths = _paths(CASE)

    def queryset(f: Filters) -> QuerySet[Any]:
        base = Escalation.objects.filter(_window("raised_at", years))
        base = _scoped(base, "case__region", paths, scope, f)
        return base.annotate(m_days=_days_between("closed_at", "raised_at"))

    source = Source(queryset, CASE, choices)
    trend = _trend(
        "trend",
        _("Escalations raised per school year, by how they ended"),
        years,
        lambda y: _in_year("raised_at", y),
        _escalation_columns(),
    )
    levels = list(
        LadderLevel.objects.filter(region=scope.region)
        .order_by("number")
        .values_list("number", "name")
    )
    by_level = TableSpec(
        key="niveau",
        title=_("Escalations raised in the school year, by the level that decided (or holds it)"),
        row_heading=_("Level of the ladder"),
        rows=[
            *(Row(number, f"{number}. {name}") for number, name in levels),
            Row(UNKNOWN, _("No level")),
        ],
        columns=_in(_escalation_columns(), _in_year("raised_at", year)),
        group_by="level__number",
        row_key=_unknown,
        count_rows=True,
    )

    def durations() -> list[tuple[str, list[Median]]]:
        decided = Q(status=EscalationStatus.DECIDED)
        return [
            (
                _("Raised to decision"),
                _medians(
                    queryset(filters).filter(decided),
                    "m_days",
                    lambda y: _in_year("closed_at", y),
                    "case__child",
                    years,
                ),
            )
        ]

    return ThemeResult(Theme.ESCALATIONS, filters, [(trend, source), (by_level, source)], durations)


# The Integraal Loket -----------------------------------------------------------------------


def _advice_columns() -> list[Column]:
    advised = Q(advised_at__isnull=False)
    return [
        Column("in_time", _("Advice within the deadline"), advised & Q(m_on__lte=F("due_on"))),
        Column("late", _("Advice after the deadline"), advised & Q(m_on__gt=F("due_on"))),
        Column("waiting", _("No advice yet"), Q(advised_at__isnull=True)),
    ]


# "Known in both domains": the education side's registration says where the child is at school.
MATCH_PATHS = {
    "municipality": "education__organisation__municipality",
    "school": "education__organisation",
    "sector": "education__organisation__sector",
    "route": "education__case__route",
    "swv": "education__organisation__swv",
    "school_board": "education__organisation__school_board",
}


def loket(scope: Scope, filters: Filters, choices: Choices) -> ThemeResult:
    """Consults of the Loket per school year, advised within the region's deadline or not;
    children found known in both domains; the time from the question to the advice."""
    year = filters.year
    years = trend_years(filters)
    paths = _paths(CASE)

    def consults(f: Filters) -> QuerySet[Any]:
        base = Consult.objects.filter(_window("asked_at", years))
        base = _scoped(base, "case__region", paths, scope, f)
        return base.annotate(
            m_on=TruncDate("advised_at"), m_days=_days_between("advised_at", "asked_at")
        )

    def matches(f: Filters) -> QuerySet[Any]:
        base = Match.objects.filter(_window("matched_at", years))
        return _scoped(base, "education__region", MATCH_PATHS, scope, f)

    consult_source = Source(consults, CASE, choices)
    match_source = Source(matches, dimensions=choices, person="education__bsn", paths=MATCH_PATHS)
    trend = _trend(
        "trend",
        _("Consults asked per school year, by the advice"),
        years,
        lambda y: _in_year("asked_at", y),
        _advice_columns(),
    )
    by_urgency = TableSpec(
        key="urgentie",
        title=_("Consults asked in the school year, by urgency"),
        row_heading=_("Urgency"),
        rows=_choice_rows(Urgency.choices),
        columns=_in(_advice_columns(), _in_year("asked_at", year)),
        group_by="urgency",
        row_key=_unknown,
        count_rows=True,
    )
    known = _trend(
        "bekend",
        _("Children known in both domains, per school year, by how the school came to know"),
        years,
        lambda y: _in_year("matched_at", y),
        [
            Column(
                value,
                str(label),
                Q(education__source=value),
            )
            for value, label in RegistrationSource.choices
            if value != RegistrationSource.SIGNAL
        ],
    )
    known.count_rows = False  # children (BSNs), not matches

    def durations() -> list[tuple[str, list[Median]]]:
        return [
            (
                _("Question to advice"),
                _medians(
                    consults(filters),
                    "m_days",
                    lambda y: _in_year("advised_at", y),
                    "case__child",
                    years,
                ),
            )
        ]

    pending = [
        (trend, consult_source),
        (by_urgency, consult_source),
        (known, match_source),
        *safety_activities(scope, filters, choices),
    ]
    return ThemeResult(Theme.LOKET, filters, pending, durations)


# Meldcode and Verwijsindex -----------------------------------------------------------------

# A child counts once per cell: a step done twice on one case, or on two cases of the child,
# is one child. Columns overlap (a child can be at several steps), so nothing adds up.
ANY_STEP = "any"


def safety_activities(
    scope: Scope, filters: Filters, choices: Choices
) -> list[tuple[TableSpec, Source]]:
    """The Meldcode steps and the Verwijsindex signals recorded on the cases of the region, as
    counts only: which steps, when, and how many signals found a match. Never the step's note,
    decision text, the organisations matched with, or who recorded it."""
    year = filters.year
    years = trend_years(filters)
    paths = _paths(CASE)

    def steps(f: Filters) -> QuerySet[Any]:
        base = MeldcodeStep.objects.filter(_window("done_on", years, moment=False))
        return _scoped(base, "case__region", paths, scope, f)

    def signals(f: Filters) -> QuerySet[Any]:
        base = VerwijsindexSignal.objects.filter(_window("given_on", years, moment=False))
        return _scoped(base, "case__region", paths, scope, f)

    def decided(f: Filters) -> QuerySet[Any]:
        return steps(f).filter(step=MeldcodeStepKind.DECIDE)

    step_source = Source(steps, CASE, choices)
    decision_source = Source(decided, CASE, choices)
    signal_source = Source(signals, CASE, choices)
    meldcode = _trend(
        "meldcode",
        _("Children whose case had a Meldcode step, per school year, by step"),
        years,
        lambda y: _in_year("done_on", y, moment=False),
        [
            *(Column(step, str(label), Q(step=step)) for step, label in MeldcodeStepKind.choices),
            Column(ANY_STEP, _("At least one step")),
        ],
    )
    meldcode.count_rows = False  # children, not steps
    meldcode.row_totals = False  # a child can be at several steps in a year
    decisions = TableSpec(
        key="meldcode_besluit",
        title=_("Children whose case had a Meldcode decision (step 5) in the school year"),
        row_heading=_("Decision"),
        rows=_choice_rows(MeldcodeDecision.choices),
        columns=[Column("children", _("Children"), _in_year("done_on", year, moment=False))],
        group_by="decision",
        # A child can have two decisions in a year (help first, a report later).
        row_totals=False,
        col_totals=False,
    )
    matched = ~Q(match_with="")
    verwijsindex = _trend(
        "verwijsindex",
        _("Verwijsindex signals given per school year, and those with a match"),
        years,
        lambda y: _in_year("given_on", y, moment=False),
        [
            Column("signals", _("Signals given"), Q()),
            Column("matched", _("Signals with a match"), matched),
        ],
    )
    verwijsindex.row_totals = False  # the signals with a match are among those given
    return [(meldcode, step_source), (decisions, decision_source), (verwijsindex, signal_source)]


# Aanmeldingen ------------------------------------------------------------------------------

# An aanmelding is counted where it was sent: the receiving school.
REFERRAL_PATHS = {
    "municipality": "receiving_organisation__municipality",
    "school": "receiving_organisation",
    "sector": "receiving_organisation__sector",
    "route": "case__route",
    "swv": "receiving_organisation__swv",
    "school_board": "receiving_organisation__school_board",
}
ACCEPTED = (ReferralStatus.ACCEPTED, ReferralStatus.STARTED, ReferralStatus.ENDED)
WAITING = (ReferralStatus.SUBMITTED, ReferralStatus.QUESTION)


def _referral_columns() -> list[Column]:
    return [
        Column("accepted", _("Accepted"), Q(status__in=ACCEPTED)),
        Column("declined", _("Declined"), Q(status=ReferralStatus.DECLINED)),
        Column("waiting", _("Not decided yet"), Q(status__in=WAITING)),
    ]


def referrals(scope: Scope, filters: Filters, choices: Choices) -> ThemeResult:
    """Aanmeldingen per school year by the receiving school's decision, per kind of referrer,
    and the time from the aanmelding to the intake. Each aanmelding counts as one child: before
    it is accepted there is no child in the product to tell two aanmeldingen of one child."""
    year = filters.year
    years = trend_years(filters)

    def queryset(f: Filters) -> QuerySet[Any]:
        base = Referral.objects.filter(_window("submitted_at", years))
        base = _scoped(base, "region", REFERRAL_PATHS, scope, f)
        return base.annotate(m_days=_days_between("intake__recorded_at", "submitted_at"))

    source = Source(queryset, dimensions=choices, person="pk", paths=REFERRAL_PATHS)
    trend = _trend(
        "trend",
        _("Aanmeldingen per school year, by the decision"),
        years,
        lambda y: _in_year("submitted_at", y),
        _referral_columns(),
    )
    trend.count_rows = False
    by_referrer = TableSpec(
        key="verwijzer",
        title=_("Aanmeldingen in the school year, by kind of referrer"),
        row_heading=_("Referrer"),
        rows=_choice_rows(OrganisationType.choices),
        columns=_in(_referral_columns(), _in_year("submitted_at", year)),
        group_by="referrer_membership__organisation__type",
        row_key=_unknown,
    )

    def durations() -> list[tuple[str, list[Median]]]:
        return [
            (
                _("Aanmelding to intake"),
                _medians(
                    queryset(filters),
                    "m_days",
                    lambda y: _in_year("intake__recorded_at", y),
                    "pk",
                    years,
                ),
            )
        ]

    return ThemeResult(
        Theme.REFERRALS, filters, [(trend, source), (by_referrer, source)], durations
    )


# Transitions -------------------------------------------------------------------------------

TIMELY = Q(status=TransitionStatus.DONE, m_done_on__lte=F("expected_on"))


def _handover_columns() -> list[Column]:
    return [
        Column("timely", _("With a timely handover"), TIMELY),
        Column("not_timely", _("Without a timely handover"), ~TIMELY),
    ]


def transitions(scope: Scope, filters: Filters, choices: Choices) -> ThemeResult:
    """Transitions per school year of their date, with a warm handover done by that date or
    not (transitions.selectors.transition_counts, per filter); cancelled ones are left out."""
    year = filters.year
    years = trend_years(filters)
    paths = _paths(CASE)

    def queryset(f: Filters) -> QuerySet[Any]:
        base = Transition.objects.filter(_window("expected_on", years, moment=False)).exclude(
            status=TransitionStatus.CANCELLED
        )
        base = _scoped(base, "case__region", paths, scope, f)
        return base.annotate(m_done_on=TruncDate("completed_at"))

    source = Source(queryset, CASE, choices)
    trend = _trend(
        "trend",
        _("Transitions per school year, with and without a timely handover"),
        years,
        lambda y: _in_year("expected_on", y, moment=False),
        _handover_columns(),
    )
    by_kind = TableSpec(
        key="soort",
        title=_("Transitions in the school year, by kind"),
        row_heading=_("Transition"),
        rows=_choice_rows(TransitionKind.choices),
        columns=_in(_handover_columns(), _in_year("expected_on", year, moment=False)),
        group_by="kind",
        row_key=_unknown,
        count_rows=True,
    )
    return ThemeResult(Theme.TRANSITIONS, filters, [(trend, source), (by_kind, source)])


# Quality concerns --------------------------------------------------------------------------


def _acknowledge_columns() -> list[Column]:
    acknowledged = Q(acknowledged_at__isnull=False)
    return [
        Column(
            "in_time", _("Acknowledged in time"), acknowledged & Q(m_on__lte=F("acknowledge_due"))
        ),
        Column("late", _("Acknowledged late"), acknowledged & Q(m_on__gt=F("acknowledge_due"))),
        Column("waiting", _("Not acknowledged yet"), Q(acknowledged_at__isnull=True)),
    ]


def quality(scope: Scope, filters: Filters, choices: Choices) -> ThemeResult:
    """Concerns about the quality of the support reported to the region's contact points, per
    school year, acknowledged in time or not, and by what they are about and who reported."""
    year = filters.year
    years = trend_years(filters)
    paths = _paths(CASE)

    def queryset(f: Filters) -> QuerySet[Any]:
        base = Concern.objects.filter(_window("reported_at", years))
        base = _scoped(base, "contact_point__region", paths, scope, f)
        return base.annotate(m_on=TruncDate("acknowledged_at"))

    source = Source(queryset, CASE, choices)
    trend = _trend(
        "trend",
        _("Concerns reported per school year, by the acknowledgement"),
        years,
        lambda y: _in_year("reported_at", y),
        _acknowledge_columns(),
    )
    by_kind = TableSpec(
        key="onderwerp",
        title=_("Concerns reported in the school year, by subject and reporter"),
        row_heading=_("About"),
        rows=_choice_rows(ConcernKind.choices),
        columns=_in(
            [
                Column("professional", _("By a professional"), Q(from_family=False)),
                Column("family", _("By the family"), Q(from_family=True)),
            ],
            _in_year("reported_at", year),
        ),
        group_by="kind",
        row_key=_unknown,
        count_rows=True,
    )
    return ThemeResult(Theme.QUALITY, filters, [(trend, source), (by_kind, source)])


# Individual → collective -------------------------------------------------------------------

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


def collective(scope: Scope, filters: Filters, choices: Choices) -> ThemeResult:
    """The individual modules running in the school year (not a place in a group arrangement),
    per provider, function and place: how many children carry them and what they cost
    (plans.funding's rule, as the funding theme). Where enough children carry similar modules,
    a group arrangement may serve them better (views: the candidates and their button)."""
    year = filters.year
    start, end = year_start(year), year_end(year)

    def queryset(f: Filters) -> QuerySet[Any]:
        # The facts per module (financing.modules_in), not a place in a group arrangement.
        base = modules_in(scope, f, start, end).filter(in_group=False)
        annotated: QuerySet[Any] = base.annotate(**{AMOUNT: amount_within(start, end)})
        return annotated

    source = Source(queryset, dimensions=choices, paths=FACT_PATHS)
    providers = list(
        Organisation.objects.filter(region=scope.region).order_by("name").values_list("pk", "name")
    )
    rows = [
        Row(
            candidate_key(pk, function, place),
            f"{name} · {function_label} · {place_label}",
        )
        for pk, name in providers
        for function, function_label in ModuleFunction.choices
        for place, place_label in Place.choices
    ]
    heading = _("Provider · function · place")
    similar = _similar()  # one object: the tables on these rows share their query
    by_function = TableSpec(
        key="functie",
        title=_("Children with individual modules, by function, in the school year"),
        row_heading=_("Function"),
        rows=[Row(value, str(label), Q(function=value)) for value, label in ModuleFunction.choices],
        columns=[Column("children", _("Children"))],
        # A child can have modules of several functions: children do not add up.
        row_totals=False,
        col_totals=False,
    )
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
    # The same children per funding framework and instrument: which law pays for what a group
    # arrangement could buy collectively (shown with the candidates on the funding theme).
    by_funding = TableSpec(
        key="kader",
        title=_(
            "Children with similar individual modules, per funding framework and instrument, "
            "in the school year"
        ),
        row_heading=_("Provider · function · place · funding framework · instrument"),
        rows=_funded_rows(queryset(Filters(year=year)), dict(providers)),
        columns=[Column("children", _("Children"))],
        group_by=_similar_funded(),
        row_totals=False,
        col_totals=False,
    )
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


def collective_candidates(scope: Scope, filters: Filters, choices: Choices) -> list[Candidate]:
    """The collective theme's candidates, counted and published by that theme (for the
    funding theme's page: the same figures, not a second computation)."""
    return candidates(collective(scope, filters, choices).tables())


MAKERS: dict[str, Callable[[Scope, Filters, Choices], ThemeResult]] = {
    Theme.ESCALATIONS: escalations,
    Theme.LOKET: loket,
    Theme.REFERRALS: referrals,
    Theme.TRANSITIONS: transitions,
    Theme.QUALITY: quality,
    Theme.COLLECTIVE: collective,
}


def region_theme(theme: str, scope: Scope, filters: Filters, choices: Choices) -> ThemeResult:
    if theme == Theme.OUTCOMES:
        # The regional outcomes (outcomes.py) build on this module's helpers.
        from .outcomes import outcomes

        return outcomes(scope, filters, choices)
    return MAKERS[theme](scope, filters, choices)
