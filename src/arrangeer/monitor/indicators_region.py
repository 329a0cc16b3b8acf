"""The indicators of the region's processes (docs/monitor.md): the escalatieladder, the
Integraal Loket, "known in both domains" and the Meldcode and Verwijsindex activities here;
the aanmeldingen, the warm handovers at transitions and the quality contact point in
indicators_referrals.py; individual → collective in collective.py; the rules they share in
indicators_region_rules.py (named here too, for outcomes.py). region_theme picks the theme.
The same machinery as the other themes (indicators.py): tables counted in SQL and published
through the suppression rule, durations as medians from a histogram the database groups by
days. Aggregates only: no question, advice, name or reason is read here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import (
    F,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from arrangeer.escalations.constants import EscalationStatus
from arrangeer.escalations.models import Escalation, LadderLevel
from arrangeer.loket.constants import Source as RegistrationSource
from arrangeer.loket.constants import Urgency
from arrangeer.referrals.constants import MeldcodeDecision, MeldcodeStepKind

from .collective import collective
from .constants import Theme
from .indicators import FACT_PATHS, UNKNOWN, Choices, Median, ThemeResult, _apply_facts, trend_years
from .indicators_referrals import quality, referrals, transitions

# The rules the region's themes share; outcomes.py names them here.
from .indicators_region_rules import CASE as CASE
from .indicators_region_rules import _choice_rows, _days_between, _in
from .indicators_region_rules import _facts_scoped as _facts_scoped
from .indicators_region_rules import _in_year as _in_year
from .indicators_region_rules import _medians as _medians
from .indicators_region_rules import _moment as _moment
from .indicators_region_rules import _paths as _paths
from .indicators_region_rules import _scoped as _scoped
from .indicators_region_rules import _trend as _trend
from .indicators_region_rules import _unknown as _unknown
from .indicators_region_rules import _window as _window
from .models_region import ConsultFact, MatchFact, MeldcodeFact, VerwijsindexFact
from .scope import Scope
from .state import facts_as_of
from .tables import Column, Filters, Row, Source, TableSpec

# Escalations -------------------------------------------------------------------------------


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


def _loket_sources(scope: Scope, years: list[int], choices: Choices) -> tuple[Source, Source]:
    """The consults asked in the trend's years (with the day of the advice and the days to
    it), and the children found known in both domains (counted by their BSN: the match's
    facts carry who stands for it, `person`). A match's dimensions are those of the school
    that registered the child (the education side), its route that of the child's case."""

    def consults(f: Filters) -> QuerySet[Any]:
        base = _facts_scoped(ConsultFact.objects.filter(_window("asked_at", years)), scope, f)
        annotated: QuerySet[Any] = base.annotate(
            m_on=TruncDate("advised_at"), m_days=_days_between("advised_at", "asked_at")
        )
        return annotated

    def matches(f: Filters) -> QuerySet[Any]:
        base = MatchFact.objects.filter(_window("matched_at", years), region=scope.region)
        return _apply_facts(base, scope, f)

    consult_source = Source(consults, dimensions=choices, paths=FACT_PATHS)
    match_source = Source(matches, dimensions=choices, person="person", paths=FACT_PATHS)
    return consult_source, match_source


def _known_table(years: list[int]) -> TableSpec:
    known = _trend(
        "bekend",
        _("Children known in both domains, per school year, by how the school came to know"),
        years,
        lambda y: _in_year("matched_at", y),
        [
            Column(
                value,
                str(label),
                Q(source=value),
            )
            for value, label in RegistrationSource.choices
            if value != RegistrationSource.SIGNAL
        ],
    )
    known.count_rows = False  # children (BSNs), not matches
    return known


def loket(scope: Scope, filters: Filters, choices: Choices) -> ThemeResult:
    """Consults of the Loket per school year, advised within the region's deadline or not;
    children found known in both domains; the time from the question to the advice."""
    year = filters.year
    years = trend_years(filters)
    consult_source, match_source = _loket_sources(scope, years, choices)
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
    known = _known_table(years)

    def durations() -> list[tuple[str, list[Median]]]:
        return [
            (
                _("Question to advice"),
                _medians(
                    consult_source.queryset(filters),
                    "m_days",
                    lambda y: _in_year("advised_at", y),
                    "child",
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
    return ThemeResult(Theme.LOKET, filters, pending, durations, as_of=facts_as_of)


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

    def steps(f: Filters) -> QuerySet[Any]:
        base = MeldcodeFact.objects.filter(_window("done_on", years, moment=False))
        return _facts_scoped(base, scope, f)

    def signals(f: Filters) -> QuerySet[Any]:
        base = VerwijsindexFact.objects.filter(_window("given_on", years, moment=False))
        return _facts_scoped(base, scope, f)

    def decided(f: Filters) -> QuerySet[Any]:
        return steps(f).filter(step=MeldcodeStepKind.DECIDE)

    step_source = Source(steps, dimensions=choices, paths=FACT_PATHS)
    decision_source = Source(decided, dimensions=choices, paths=FACT_PATHS)
    signal_source = Source(signals, dimensions=choices, paths=FACT_PATHS)
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
    matched = Q(matched=True)
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
