"""The regional outcomes besides the thuiszitters (docs/monitor.md, *Regionale uitkomsten*):
TLVs issued for special education and how long they are valid, the vrijstellingen van de
leerplicht leerplicht recorded, where the children go after their arrangement closed, and
whether they are still in school a year later (the school success leerplicht confirms,
referrals.EnrolmentCheck).
Counted in SQL from the monitor's facts (models_region: a row per TLV, vrijstelling and closed
case with its case's dimensions) with the machinery of the other themes (tables.py, published
through the suppression rule; durations as medians from a histogram by days). Aggregates only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arrangeer.cases.constants import Destination
from arrangeer.organisations.constants import SchoolSector
from arrangeer.referrals.constants import (
    ENROLMENT_CHECK_AFTER_DAYS,
    IN_REGULAR_SCHOOL,
    IN_SPECIAL_SCHOOL,
    EnrolmentOutcome,
    ExemptionGround,
)

from .constants import Theme, year_end, year_start
from .indicators import FACT_PATHS, UNKNOWN, Choices, Median, ThemeResult, trend_years
from .indicators_region import (
    _facts_scoped,
    _in_year,
    _medians,
    _moment,
    _trend,
    _unknown,
    _window,
)
from .models_region import ExemptionFact, OutcomeFact, TlvFact
from .scope import Scope
from .state import facts_as_of
from .tables import Column, Filters, Row, Source, TableSpec

# The validity of a TLV, in days (a year is counted as 366 days, so a TLV of exactly one or
# two years falls in its band).
ONE_YEAR = 366
TWO_YEARS = 731

# Where the children go after the arrangement, in the groups of the trend (the table of the
# school year shows every destination).
DESTINATION_GROUPS: list[tuple[str, Any, tuple[str, ...]]] = [
    ("regulier", gettext_lazy("Regular education"), (Destination.REGULAR,)),
    (
        "speciaal",
        gettext_lazy("Special education (SBO, SO, VSO)"),
        (Destination.SBO, Destination.SPECIAL),
    ),
    ("vervolg", gettext_lazy("MBO, work or day activities"), (Destination.MBO, Destination.WORK)),
    (
        "geen_school",
        gettext_lazy("No school (at home, exempt)"),
        (Destination.AT_HOME, Destination.EXEMPT),
    ),
]


def _for_so() -> Q:
    """A TLV for SO: the module's provider is an SO school, or, when the provider is no
    special school, the child is at a primary school (PO, SBO, SO)."""
    primary = (SchoolSector.PO, SchoolSector.SBO, SchoolSector.SO)
    return Q(provider_sector=SchoolSector.SO) | (
        ~Q(provider_sector=SchoolSector.VSO) & Q(sector__in=primary)
    )


def _tlv_columns() -> list[Column]:
    """By the level of special education the TLV admits to: every TLV is in one of them."""
    return [
        Column("so", _("TLV for SO"), _for_so()),
        Column("vso", _("TLV for VSO"), ~_for_so()),
    ]


def _validity_columns() -> list[Column]:
    return [
        Column("le1", _("Up to 1 year"), Q(m_days__lte=dt.timedelta(days=ONE_YEAR))),
        Column(
            "1-2",
            _("1 to 2 years"),
            Q(m_days__gt=dt.timedelta(days=ONE_YEAR), m_days__lte=dt.timedelta(days=TWO_YEARS)),
        ),
        Column("gt2", _("More than 2 years"), Q(m_days__gt=dt.timedelta(days=TWO_YEARS))),
        Column("open", _("No end date"), Q(decision_ends_on__isnull=True)),
    ]


def _tlv_source(scope: Scope, years: list[int], choices: Choices) -> Source:
    def queryset(f: Filters) -> QuerySet[Any]:
        base = TlvFact.objects.filter(_window("decided_on", years, moment=False))
        base = _facts_scoped(base, scope, f)
        annotated: QuerySet[Any] = base.annotate(
            m_days=ExpressionWrapper(
                F("decision_ends_on") - F("decided_on"), output_field=DurationField()
            )
        )
        return annotated

    return Source(queryset, dimensions=choices, paths=FACT_PATHS)


def _tlv_tables(
    scope: Scope, filters: Filters, choices: Choices
) -> tuple[list[tuple[TableSpec, Source]], Source]:
    year = filters.year
    years = trend_years(filters)
    source = _tlv_source(scope, years, choices)
    decided = _trend(
        "tlv",
        _("Children with a TLV issued, per school year, by the special education it admits to"),
        years,
        lambda y: _in_year("decided_on", y, moment=False),
        _tlv_columns(),
    )
    decided.count_rows = True  # TLVs, with the children behind them for the threshold
    validity = _trend(
        "tlv_duur",
        _("TLVs issued per school year, by how long they are valid"),
        years,
        lambda y: _in_year("decided_on", y, moment=False),
        _validity_columns(),
    )
    in_year = _in_year("decided_on", year, moment=False)
    by_municipality = TableSpec(
        key="tlv_gemeente",
        title=_("TLVs issued in the school year, by municipality of the school"),
        row_heading=_("Municipality"),
        rows=[
            *(Row(m, str(m)) for m in choices.get("municipality", [])),
            Row(UNKNOWN, _("No school known")),
        ],
        columns=[Column(c.key, c.label, c.q & in_year) for c in _tlv_columns()],
        group_by="municipality",
        row_key=_unknown,
        count_rows=True,
        narrows=("municipality", "school"),
    )
    return [(decided, source), (validity, source), (by_municipality, source)], source


def _exemption_tables(
    scope: Scope, filters: Filters, choices: Choices
) -> list[tuple[TableSpec, Source]]:
    years = trend_years(filters)

    def in_force(first: int, last: int) -> Q:
        return Q(starts_on__lt=year_end(last)) & (
            Q(ends_on__isnull=True) | Q(ends_on__gt=year_start(first))
        )

    def queryset(f: Filters) -> QuerySet[Any]:
        base = ExemptionFact.objects.filter(in_force(years[0], years[-1]))
        return _facts_scoped(base, scope, f)

    source = Source(queryset, dimensions=choices, paths=FACT_PATHS)
    trend = _trend(
        "vrijstelling",
        _("Vrijstellingen van de leerplicht in force per school year, by ground"),
        years,
        lambda y: in_force(y, y),
        [Column(value, str(label), Q(ground=value)) for value, label in ExemptionGround.choices],
    )
    trend.count_rows = True  # vrijstellingen, with the children behind them for the threshold
    return [(trend, source)]


def _closed_cases(scope: Scope, years: list[int], choices: Choices) -> Source:
    """The cases closed in the trend's years (their facts: where the child went, the check a
    year later), counted in the scope as every theme does."""

    def queryset(f: Filters) -> QuerySet[Any]:
        return _facts_scoped(OutcomeFact.objects.filter(_window("closed_at", years)), scope, f)

    return Source(queryset, dimensions=choices, paths=FACT_PATHS)


def _destination_tables(filters: Filters, source: Source) -> list[tuple[TableSpec, Source]]:
    year = filters.year
    years = trend_years(filters)
    grouped = [value for _key, _label, values in DESTINATION_GROUPS for value in values]
    trend = _trend(
        "na_afsluiting",
        _("Children whose arrangement closed, per school year, by where they went"),
        years,
        lambda y: _in_year("closed_at", y),
        [
            *(
                Column(key, str(label), Q(destination__in=values))
                for key, label, values in DESTINATION_GROUPS
            ),
            Column("anders", _("Other or not recorded"), ~Q(destination__in=grouped)),
        ],
    )
    by_destination = TableSpec(
        key="bestemming",
        title=_("Children whose arrangement closed in the school year, by where they went"),
        row_heading=_("After the arrangement"),
        rows=[
            *(Row(value, str(label)) for value, label in Destination.choices),
            Row(UNKNOWN, _("Not recorded")),
        ],
        columns=[Column("children", _("Children"), _in_year("closed_at", year))],
        group_by="destination",
        row_key=_unknown,
        col_totals=True,
    )
    return [(trend, source), (by_destination, source)]


def _success_columns() -> list[Column]:
    """Where the child is a year after closing, as leerplicht confirmed it; every closed case
    whose check is due is in one of them."""
    return [
        Column("regulier", _("In school: regular education"), Q(success__in=IN_REGULAR_SCHOOL)),
        Column("speciaal", _("In school: special education"), Q(success__in=IN_SPECIAL_SCHOOL)),
        Column("geen_school", _("Not in school"), Q(success=EnrolmentOutcome.NOT_IN_SCHOOL)),
        Column(
            "onbekend", _("Unknown or moved out of the region"), Q(success=EnrolmentOutcome.UNKNOWN)
        ),
        Column("niet_bevestigd", _("Not confirmed"), Q(success__isnull=True)),
    ]


def _success_tables(filters: Filters, closed: Source) -> list[tuple[TableSpec, Source]]:
    """School success: of the cases closed in a school year whose check is due (closed at
    least a year ago), where the child is a year later: the check's outcome (`success`, none
    when no check is recorded)."""
    years = trend_years(filters)
    due_from = timezone.localdate() - dt.timedelta(days=ENROLMENT_CHECK_AFTER_DAYS)
    # In the rows' conditions, not the base's: the day is part of what the table counts, so
    # the figures kept for the next reader (published.py) are not read again the next day; and
    # the table is counted in one query with those of where the children went (the same base).
    due = Q(closed_at__lt=_moment(due_from + dt.timedelta(days=1)))
    trend = _trend(
        "schoolsucces",
        _(
            "Children whose arrangement closed a year ago or more, per school year of the "
            "closing, by whether they are still in school a year later"
        ),
        years,
        lambda y: _in_year("closed_at", y) & due,
        _success_columns(),
    )
    trend.count_rows = False  # children, as where they went after the arrangement
    return [(trend, closed)]


def outcomes(scope: Scope, filters: Filters, choices: Choices) -> ThemeResult:
    """TLVs for special education and their validity, vrijstellingen by ground, where the
    children went after the arrangement, and whether they are still in school a year later."""
    years = trend_years(filters)
    tlv, tlv_source = _tlv_tables(scope, filters, choices)
    closed = _closed_cases(scope, years, choices)
    pending = [
        *tlv,
        *_exemption_tables(scope, filters, choices),
        *_destination_tables(filters, closed),
        *_success_tables(filters, closed),
    ]

    def durations() -> list[tuple[str, list[Median]]]:
        return [
            (
                _("Validity of the TLVs issued"),
                _medians(
                    tlv_source.queryset(filters),
                    "m_days",
                    lambda y: _in_year("decided_on", y, moment=False),
                    "child",
                    years,
                ),
            )
        ]

    return ThemeResult(Theme.OUTCOMES, filters, pending, durations, as_of=facts_as_of)
