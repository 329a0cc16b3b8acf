"""Time on a case: due dates, overdue steps, a stalled process, thuiszitter days. Pure
functions of the case and a given day (never "now" hidden inside), so the pages, "My actions"
and the reminder job agree, and tests travel in time by passing `today`."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from arrangeer.audit.constants import Event
from arrangeer.audit.models import AccessLogEntry

from .constants import THUISZITTER_MARK_MONTHS, THUISZITTER_WARN_DAYS
from .models import Case

# What counts as activity on a case: anything anyone wrote (the access log records every
# create and change by every app, so a new app's writes count without extra work).
ACTIVITY_EVENTS = (Event.CREATE, Event.CHANGE)


def due_date(start: dt.datetime, days: int) -> dt.date:
    return timezone.localtime(start).date() + dt.timedelta(days=days)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def is_overdue(case: Case, today: dt.date) -> bool:
    return case.step_due is not None and case.step_due < today


def thuiszitter_mark(since: dt.date) -> dt.date:
    """The Thuiszitterspact mark: three months after the child stopped going to school."""
    return add_months(since, THUISZITTER_MARK_MONTHS)


def latest_thuiszitter_since(today: dt.date) -> dt.date:
    """The last start date whose warning has come by `today` (the warning comes
    THUISZITTER_WARN_DAYS before the 3-month mark, and later for a later start)."""

    def warns(since: dt.date) -> bool:
        return thuiszitter_mark(since) - dt.timedelta(days=THUISZITTER_WARN_DAYS) <= today

    since = add_months(today + dt.timedelta(days=THUISZITTER_WARN_DAYS), -3)
    while warns(since + dt.timedelta(days=1)):
        since += dt.timedelta(days=1)
    while not warns(since):
        since -= dt.timedelta(days=1)
    return since


def thuiszitter_days(case: Case, today: dt.date) -> int | None:
    if not case.is_thuiszitter or case.thuiszitter_since is None:
        return None
    return max(0, (today - case.thuiszitter_since).days)


def last_activity_subquery() -> Subquery:
    """For `.annotate(last_activity=...)` on cases: the time of the latest write."""
    return Subquery(
        AccessLogEntry.objects.filter(case_ref=OuterRef("uuid"), event__in=ACTIVITY_EVENTS)
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )


def last_activity(case: Case) -> dt.datetime | None:
    return (
        AccessLogEntry.objects.filter(case_ref=case.uuid, event__in=ACTIVITY_EVENTS)
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)
        .first()
    )


def stalled_since(last: dt.datetime | None, stall_days: int, today: dt.date) -> dt.date | None:
    """The day the process counts as stalled, if that day has come."""
    if last is None:
        return None
    mark = timezone.localtime(last).date() + dt.timedelta(days=stall_days)
    return mark if mark <= today else None


@dataclass(frozen=True)
class Signal:
    kind: str  # "overdue", "stalled", "thuiszitter"
    message: str
    due: dt.date | None
    urgent: bool


def case_signals(case: Case, *, today: dt.date, last: dt.datetime | None) -> list[Signal]:
    """What the regisseur and the people responsible should see on the case's pages."""
    signals = []
    if case.current_step_id and is_overdue(case, today):
        assert case.step_due is not None
        signals.append(
            Signal(
                "overdue",
                _("The step is overdue: it was due on %(due)s.")
                % {"due": case.step_due.strftime("%d-%m-%Y")},
                case.step_due,
                True,
            )
        )
    stall_days = case.route.stall_days if case.route_id and case.route else None
    if stall_days:
        mark = stalled_since(last, stall_days, today)
        if mark is not None:
            signals.append(
                Signal(
                    "stalled",
                    _(
                        "Nothing has happened in this case for %(days)d days: the process "
                        "stalls. Consider an extra MDO, more expertise or escalation."
                    )
                    % {"days": stall_days},
                    mark,
                    True,
                )
            )
    days = thuiszitter_days(case, today)
    if days is not None and case.thuiszitter_since is not None:
        mark = thuiszitter_mark(case.thuiszitter_since)
        signals.append(
            Signal(
                "thuiszitter",
                _(
                    "Thuiszitter for %(days)d days (since %(since)s). The 3-month mark of the "
                    "Thuiszitterspact is %(mark)s."
                )
                % {
                    "days": days,
                    "since": case.thuiszitter_since.strftime("%d-%m-%Y"),
                    "mark": mark.strftime("%d-%m-%Y"),
                },
                mark,
                today >= mark - dt.timedelta(days=THUISZITTER_WARN_DAYS),
            )
        )
    return signals
