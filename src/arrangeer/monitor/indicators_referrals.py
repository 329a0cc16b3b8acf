"""The themes of the region's processes on the way to care and between schools
(docs/monitor.md): the aanmeldingen (referrals to a provider, accepted, waiting, declined),
the warm handovers at transitions (done on time or not) and the quality contact point's
concerns (acknowledged on time). Built on indicators_region_rules.py, picked by
indicators_region.region_theme. Aggregates only: no question, reason or name is read here."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from arrangeer.organisations.constants import OrganisationType
from arrangeer.quality.constants import ConcernKind
from arrangeer.quality.models import Concern
from arrangeer.referrals.constants import ReferralStatus
from arrangeer.referrals.models import Referral
from arrangeer.transitions.constants import TransitionKind, TransitionStatus
from arrangeer.transitions.models import Transition

from .constants import Theme
from .indicators import Choices, Median, ThemeResult, trend_years
from .indicators_region_rules import (
    CASE,
    _choice_rows,
    _days_between,
    _in,
    _in_year,
    _medians,
    _paths,
    _scoped,
    _trend,
    _unknown,
    _window,
)
from .scope import Scope
from .tables import Column, Filters, Source, TableSpec

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
