"""The monitor's writes: its fact tables (models.Milestones, models.EvaluationRound), rebuilt
whole by `manage.py refresh_monitor` (cron) and for the case or plan a write touched, once that
write is committed (receivers.py). Set-based: one INSERT … SELECT … ON CONFLICT DO UPDATE
statement per table, for all rows or for one case's, whatever the number of meetings, plan
versions, modules and evaluations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    DateField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models import Case as Cases
from django.db.models.functions import ExtractYear, Least, Rank, TruncDate
from django.utils import timezone

from arrangeer.cases.models import Case
from arrangeer.meetings.constants import MeetingKind, MeetingStatus
from arrangeer.meetings.models import Meeting
from arrangeer.plans.constants import Instrument, Realisation
from arrangeer.plans.models import Evaluation, GoalEvaluation, Module, PlanVersion

from . import funding_signals, services_region
from .constants import YEAR_START_MONTH
from .dimensions import case_dimensions
from .models import (
    CaseFact,
    EvaluationRound,
    Milestones,
    ModuleFact,
    RatingFact,
    RatingTally,
    Refresh,
    SignalFact,
)
from .module_facts import MODULE_FACT_COLUMNS, module_fact_rows

# Decisions another body takes on the arrangement: the lead time runs to the first of them.
DECISION_INSTRUMENTS = (Instrument.TLV, Instrument.TBV, Instrument.BESCHIKKING)
FACTS = "monitor"
# A write's refresh of some rows (receivers.py): its `rows` counts them, so the published
# figures kept per fact state (published.py) are not reused after one.
WRITES = "monitor-writes"
# The fact tables' columns, in the order the SELECTs below give them (the key first).
MILESTONE_COLUMNS = ("case_id", "opened_on", "on_mdo", "on_plan", "on_besluit")
ROUND_COLUMNS = ("evaluation_id", "round")
LATER_ROUND = 3

CASE_FACT_COLUMNS = (
    "case_id",
    "region_id",
    "child_id",
    "school_id",
    "municipality",
    "sector",
    "route_id",
    "swv_id",
    "school_board_id",
    "date_of_birth",
    "opened_at",
    "closed_at",
    "close_reason",
    "is_thuiszitter",
    "thuiszitter_since",
    "has_absence",
    "is_complex",
    "has_risk_behaviour",
    "has_exemption",
)
RATING_FACT_COLUMNS = (
    "rating_id",
    "case_id",
    "region_id",
    "child_id",
    "school_id",
    "municipality",
    "sector",
    "route_id",
    "swv_id",
    "school_board_id",
    "held_on",
    "round",
    "side",
    "realisation",
    "goal_removed",
)


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


def round_rows(evaluations: QuerySet[Evaluation]) -> QuerySet[Any]:
    """Per evaluation: its round among its plan's evaluations by date (1 + the number held
    before it, so two on one day share a round), 3 for the third or later. `evaluations` must
    hold every evaluation of the plans it touches (the rank is within them)."""
    rank = Window(Rank(), partition_by=[F("plan_id")], order_by=F("held_on").asc())
    return (
        evaluations.order_by()
        .annotate(m_round=Least(rank, Value(LATER_ROUND)))
        .values_list("pk", "m_round")
    )


def live_cases(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The cases with the names of models.CaseFact's columns, read live (joining child and
    school): what the fact table holds, and what a count on it equals."""
    own = ("region", "child", "route")  # the case's own columns, under their own names
    dimensions = {k: v for k, v in case_dimensions().items() if k not in own}
    return cases.annotate(**dimensions, date_of_birth=F("child__date_of_birth"))


def case_fact_rows(cases: QuerySet[Case]) -> QuerySet[Any]:
    """Per case: the columns of models.CaseFact, in their order."""
    names = ["pk", *(c.removesuffix("_id") for c in CASE_FACT_COLUMNS[1:])]
    return live_cases(cases.order_by()).values_list(*names)


RATING_CASE = "evaluation__plan__case__"


def live_ratings(ratings: QuerySet[GoalEvaluation]) -> QuerySet[GoalEvaluation]:
    """The ratings of goals with the names of models.RatingFact's columns, read live (joining
    evaluation, plan, case, child, school, goal and the evaluation's round)."""
    return ratings.annotate(
        case=F(f"{RATING_CASE}pk"),
        **case_dimensions(RATING_CASE),
        held_on=F("evaluation__held_on"),
        round=F("evaluation__monitor_round__round"),
        side=F("goal__side"),
        goal_removed=ExpressionWrapper(
            Q(goal__removed_at__isnull=False), output_field=BooleanField()
        ),
    )


def rating_fact_rows(ratings: QuerySet[GoalEvaluation]) -> QuerySet[Any]:
    """Per rating: the columns of models.RatingFact, in their order."""
    names = [c.removesuffix("_id") for c in RATING_FACT_COLUMNS[1:]]
    return live_ratings(ratings.order_by()).values_list("pk", *names)


# The tally of ratings (models.RatingTally): its key, then the columns it sums, per rating.
TALLY_KEY = (
    "case_id",
    "region_id",
    "child_id",
    "school_id",
    "municipality",
    "sector",
    "route_id",
    "swv_id",
    "school_board_id",
    "school_year",
    "round",
    "side",
)
TALLIED = {
    "reached": Realisation.REACHED,
    "partly": Realisation.PARTLY,
    "not_reached": Realisation.NOT_REACHED,
}
TALLY_COLUMNS = (*TALLY_KEY, *TALLIED)


def school_year(day: str) -> Cases:
    """The school year a date field falls in (constants.school_year_of, in SQL)."""
    return Cases(
        When(**{f"{day}__month__gte": YEAR_START_MONTH}, then=ExtractYear(day)),
        default=ExtractYear(day) - 1,
    )


def tallied(ratings: QuerySet[Any]) -> QuerySet[Any]:
    """Ratings with the RatingFact's names (the facts, or live_ratings), one row each, with
    the names of models.RatingTally's columns: its school year and a 1 in the column of its
    rating. What the tally holds summed, and what the goal realisation counts equally from
    either (the tests compare both)."""
    rows: QuerySet[Any] = ratings.filter(goal_removed=False).annotate(
        school_year=school_year("held_on"),
        **{
            name: Cases(When(realisation=value, then=Value(1)), default=Value(0))
            for name, value in TALLIED.items()
        },
    )
    return rows


def tally_rows(ratings: QuerySet[RatingFact]) -> QuerySet[Any]:
    """The rating facts folded per case, school year, round and side, in the columns' order."""
    key = [c.removesuffix("_id") for c in TALLY_KEY]
    sums = {f"t_{name}": Sum(name) for name in TALLIED}
    rows: QuerySet[Any] = (
        tallied(ratings.order_by())
        .values(*key)
        .annotate(**sums)
        .values_list(*key, *sums)
        .order_by()
    )
    return rows


def _upsert(rows: QuerySet[Any], model: type[Any], columns: tuple[str, ...]) -> int:
    """Write `rows` (a SELECT of `columns`) into `model`'s table in one statement; returns
    the rows written."""
    select, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    updates = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in columns[1:])
    statement = (
        f"INSERT INTO {quote(model._meta.db_table)} ({names}) {select} "
        f"ON CONFLICT ({quote(columns[0])}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        written: int = max(cursor.rowcount, 0)
        return written


def _milestones(cases: QuerySet[Case]) -> int:
    # The WHERE keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
    rows = milestone_rows(cases.filter(pk__isnull=False))
    return _upsert(rows, Milestones, MILESTONE_COLUMNS)


def _rounds(evaluations: QuerySet[Evaluation]) -> int:
    return _upsert(round_rows(evaluations.filter(pk__isnull=False)), EvaluationRound, ROUND_COLUMNS)


def _case_facts(cases: QuerySet[Case]) -> int:
    return _upsert(case_fact_rows(cases.filter(pk__isnull=False)), CaseFact, CASE_FACT_COLUMNS)


def _rating_facts(ratings: QuerySet[GoalEvaluation]) -> int:
    rows = rating_fact_rows(ratings.filter(pk__isnull=False))
    return _upsert(rows, RatingFact, RATING_FACT_COLUMNS)


def _tallies(cases: QuerySet[Case] | None = None) -> int:
    """Fold the rating facts of `cases` (None: all) anew into models.RatingTally: delete their
    rows and insert them again (a folded row has no key of its own to update)."""
    facts = RatingFact.objects.all()
    old = RatingTally.objects.all()
    if cases is not None:
        keys = cases.order_by().values("pk")
        facts, old = facts.filter(case__in=keys), old.filter(case__in=keys)
    old.delete()
    select, params = tally_rows(facts).query.sql_with_params()
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in TALLY_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(RatingTally._meta.db_table)} ({names}) {select}",
            params,
        )
        written: int = cursor.rowcount
    return max(written, 0)


def _module_facts(modules: QuerySet[Module]) -> int:
    rows = module_fact_rows(modules.filter(pk__isnull=False))
    return _upsert(rows, ModuleFact, MODULE_FACT_COLUMNS)


def _signal_facts(cases: QuerySet[Case] | None = None) -> int:
    """Judge the funding of `cases` (None: all) anew into models.SignalFact, for the school
    years a page offers: delete their rows and insert what the rules find."""
    old = SignalFact.objects.all()
    if cases is None:
        cases = Case.objects.all()
    else:
        old = old.filter(case__in=cases.order_by().values("pk"))
    old.delete()
    found = funding_signals.judge(cases, funding_signals.judged_years())
    SignalFact.objects.bulk_create(
        [SignalFact(case_id=case, school_year=year, rule=rule) for case, year, rule in found],
        batch_size=2000,
    )
    return len(found)


@transaction.atomic
def refresh_dimension_facts() -> tuple[int, int]:
    """Rebuild the facts of every case, every rating and every module (models.CaseFact,
    RatingFact, ModuleFact), after the evaluations' rounds (a rating's row carries its
    round), and the ratings' tally; returns the rows of the cases and the ratings."""
    _module_facts(Module.objects.all())
    _signal_facts()
    cases, ratings = _case_facts(Case.objects.all()), _rating_facts(GoalEvaluation.objects.all())
    _tallies()
    services_region.refresh_region_facts()
    return cases, ratings


@transaction.atomic
def refresh_facts() -> tuple[int, int]:
    """Rebuild the fact tables whole (cron, and after loading in bulk); returns their rows
    (cases, evaluations). The rows of deleted cases and evaluations went with them
    (cascade)."""
    cases = _milestones(Case.objects.all())
    rounds = _rounds(Evaluation.objects.all())
    refresh_dimension_facts()
    Refresh.objects.update_or_create(
        table=FACTS, defaults={"finished_at": timezone.now(), "rows": cases}
    )
    return cases, rounds


@transaction.atomic
def refresh_case_facts(*, case_id: int | None = None, plan_id: int | None = None) -> None:
    """Refresh one case's rows, the case named by its key or its plan's (after a write)."""
    if case_id is not None:
        _milestones(Case.objects.filter(pk=case_id))
        _case_facts(Case.objects.filter(pk=case_id))
        _rating_facts(GoalEvaluation.objects.filter(**{f"{RATING_CASE}pk": case_id}))
        _tallies(Case.objects.filter(pk=case_id))
        _module_facts(Module.objects.filter(plan__case=case_id))
        _signal_facts(Case.objects.filter(pk=case_id))
    if plan_id is not None:
        _milestones(Case.objects.filter(plan=plan_id))
        _rounds(Evaluation.objects.filter(plan=plan_id))
        _rating_facts(GoalEvaluation.objects.filter(evaluation__plan=plan_id))
        _tallies(Case.objects.filter(plan=plan_id))
        _module_facts(Module.objects.filter(plan=plan_id))
        _signal_facts(Case.objects.filter(plan=plan_id))
    _written()


@transaction.atomic
def refresh_child_facts(child_id: int) -> None:
    """Refresh the rows of a child's cases (the school, or the birth date, changed)."""
    _case_facts(Case.objects.filter(child=child_id))
    _rating_facts(GoalEvaluation.objects.filter(**{f"{RATING_CASE}child": child_id}))
    _tallies(Case.objects.filter(child=child_id))
    _module_facts(Module.objects.filter(plan__case__child=child_id))
    _written()


@transaction.atomic
def refresh_school_facts(school_id: int) -> None:
    """Refresh the rows of a school's pupils' cases (its municipality, sector, SWV or board
    changed)."""
    _case_facts(Case.objects.filter(child__school=school_id))
    _rating_facts(GoalEvaluation.objects.filter(**{f"{RATING_CASE}child__school": school_id}))
    _tallies(Case.objects.filter(child__school=school_id))
    _module_facts(Module.objects.filter(plan__case__child__school=school_id))
    _written()


@transaction.atomic
def refresh_tariff_facts(region_id: int) -> None:
    """Refresh the rows of the region's modules with a product code (a tariff of the region
    was saved or deleted: their amounts may change)."""
    _module_facts(Module.objects.filter(plan__case__region=region_id).exclude(product_code=""))
    _written()


def _written() -> None:
    """Count a write's refresh (`WRITES`): the facts changed since the last rebuild."""
    now = timezone.now()
    if not Refresh.objects.filter(table=WRITES).update(rows=F("rows") + 1, finished_at=now):
        Refresh.objects.get_or_create(table=WRITES, defaults={"finished_at": now, "rows": 1})


def facts_as_of() -> dt.datetime | None:
    """When the fact tables were last rebuilt whole (None: never). One query."""
    return facts_state()[0]


FactState = tuple[dt.datetime | None, tuple[dt.datetime, int] | None]


def facts_state() -> FactState:
    """When the fact tables were last rebuilt whole (None: never), and when and how often a
    write refreshed some of their rows (None: never). One query: the facts are the same as
    long as these are."""
    found = {
        table: (finished_at, rows)
        for table, finished_at, rows in Refresh.objects.filter(
            table__in=[FACTS, WRITES]
        ).values_list("table", "finished_at", "rows")
    }
    rebuilt = found.get(FACTS)
    return (rebuilt[0] if rebuilt else None), found.get(WRITES)
