"""The monitor's writes: its fact table of lead-time milestones (models.Milestones), rebuilt
whole by `manage.py refresh_monitor` (cron) and for the cases a write touched, once that write
is committed (receivers.py). Set-based: one INSERT … SELECT … ON CONFLICT DO UPDATE statement
for all cases or for one, whatever the number of meetings, plan versions and modules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.db.models import DateField, OuterRef, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from arrangeer.cases.models import Case
from arrangeer.meetings.constants import MeetingKind, MeetingStatus
from arrangeer.meetings.models import Meeting
from arrangeer.plans.constants import Instrument
from arrangeer.plans.models import Module, PlanVersion

from .models import Milestones, Refresh

# Decisions another body takes on the arrangement: the lead time runs to the first of them.
DECISION_INSTRUMENTS = (Instrument.TLV, Instrument.TBV, Instrument.BESCHIKKING)
MILESTONES = "milestones"
# The fact table's columns, in the order the SELECT below gives them.
COLUMNS = ("case_id", "opened_on", "on_mdo", "on_plan", "on_besluit")


def milestone_rows(cases: QuerySet[Case]) -> QuerySet[Any]:
    """Per case: the day it opened, of its first held *eerste MDO*, of the first adoption of a
    plan version and of the first decision on a TLV, TBV or beschikking (None when not
    reached). Days in the region's time zone."""
    first_mdo = (
        Meeting.objects.filter(
            case=OuterRef("pk"),
            kind=MeetingKind.FIRST,
            status__in=[MeetingStatus.HELD, MeetingStatus.APPROVED],
        )
        .order_by("starts_at")
        .annotate(day=TruncDate("starts_at"))
        .values("day")[:1]
    )
    adopted = (
        PlanVersion.objects.filter(plan__case=OuterRef("pk"), adopted_at__isnull=False)
        .order_by("adopted_at")
        .annotate(day=TruncDate("adopted_at"))
        .values("day")[:1]
    )
    decided = (
        Module.objects.filter(
            plan__case=OuterRef("pk"),
            removed_at__isnull=True,
            decided_on__isnull=False,
            instrument__in=DECISION_INSTRUMENTS,
        )
        .order_by("decided_on")
        .values("decided_on")[:1]
    )
    # The annotations in the order of COLUMNS (the SELECT lists the key, then them).
    return (
        cases.order_by()
        .annotate(
            m_opened=TruncDate("opened_at"),
            m_mdo=Subquery(first_mdo, output_field=DateField()),
            m_plan=Subquery(adopted, output_field=DateField()),
            m_besluit=Subquery(decided, output_field=DateField()),
        )
        .values_list("pk", "m_opened", "m_mdo", "m_plan", "m_besluit")
    )


def _upsert(cases: QuerySet[Case]) -> int:
    """Write the milestones of `cases` in one statement; returns the rows written."""
    # The WHERE keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
    select, params = milestone_rows(cases.filter(pk__isnull=False)).query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in COLUMNS)
    updates = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in COLUMNS[1:])
    statement = (
        f"INSERT INTO {quote(Milestones._meta.db_table)} ({columns}) {select} "
        f"ON CONFLICT ({quote(COLUMNS[0])}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return max(cursor.rowcount, 0)


@transaction.atomic
def refresh_milestones() -> int:
    """Rebuild the whole fact table (cron, and after loading in bulk); returns its rows. The
    rows of deleted cases went with them (cascade)."""
    rows = _upsert(Case.objects.all())
    Refresh.objects.update_or_create(
        table=MILESTONES, defaults={"finished_at": timezone.now(), "rows": rows}
    )
    return rows


@transaction.atomic
def refresh_case_milestones(*, case_id: int | None = None, plan_id: int | None = None) -> int:
    """Refresh the row of one case, named by its key or its plan's (after a write)."""
    if case_id is not None:
        return _upsert(Case.objects.filter(pk=case_id))
    if plan_id is not None:
        return _upsert(Case.objects.filter(plan=plan_id))
    return 0


def milestones_as_of() -> dt.datetime | None:
    """When the fact table was last rebuilt whole (None: never). One query."""
    return Refresh.objects.filter(table=MILESTONES).values_list("finished_at", flat=True).first()
