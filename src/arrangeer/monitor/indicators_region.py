"""The indicators of the region's processes (docs/monitor.md): the escalatieladder, the
Integraal Loket, "known in both domains" and the Meldcode and Verwijsindex activities, the
aanmeldingen, the warm handovers at
transitions and the quality contact point; individual → collective is in collective.py. The
same machinery as the other themes
(indicators.py): tables counted in SQL and published through the suppression rule, durations
as medians from a histogram the database groups by days. Aggregates only: no question, advice,
name or reason is read here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.escalations.constants import EscalationStatus
from arrangeer.escalations.models import Escalation, LadderLevel
from arrangeer.loket.constants import Source as RegistrationSource
from arrangeer.loket.constants import Urgency
from arrangeer.loket.models import Consult, Match
from arrangeer.organisations.constants import OrganisationType
from arrangeer.quality.constants import ConcernKind
from arrangeer.quality.models import Concern
from arrangeer.referrals.constants import MeldcodeDecision, MeldcodeStepKind, ReferralStatus
from arrangeer.referrals.models import MeldcodeStep, Referral, VerwijsindexSignal
from arrangeer.transitions.constants import TransitionKind, TransitionStatus
from arrangeer.transitions.models import Transition

from .collective import collective
from .constants import Theme, year_end, year_label, year_start
from .indicators import (
    UNKNOWN,
    Choices,
    Median,
    ThemeResult,
    _percentiles,
    in_region,
    trend_years,
)
from .scope import Scope
from .tables import DIMENSION_PATHS, Column, Filters, Row, Source, TableSpec


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
