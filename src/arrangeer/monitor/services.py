"""The monitor's writes: its fact tables (models.Milestones, models.EvaluationRound), rebuilt
whole by `manage.py refresh_monitor` (cron) and for the case or plan a write touched, once that
write is committed (receivers.py). Set-based (upsert.py): a few statements per table, for all
rows or for one case's, whatever the number of meetings, plan versions, modules and
evaluations, that write only the rows whose values changed; each refresh returns how many."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import (
    BooleanField,
    DateField,
    ExpressionWrapper,
    F,
    Model,
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

from arrangeer.cases.models import Case
from arrangeer.loket.models import Registration
from arrangeer.meetings.constants import MeetingKind, MeetingStatus
from arrangeer.meetings.models import Meeting
from arrangeer.plans.constants import Instrument, Realisation
from arrangeer.plans.models import Evaluation, GoalEvaluation, Module, Plan, PlanVersion

from . import funding_signals, services_region, state
from .columns import (
    CASE_FACT_COLUMNS,
    MILESTONE_COLUMNS,
    RATING_FACT_COLUMNS,
    ROUND_COLUMNS,
    SIGNAL_COLUMNS,
    case_row_only,
)
from .constants import YEAR_START_MONTH
from .dimensions import case_dimensions
from .models import (
    CaseFact,
    EvaluationRound,
    Milestones,
    ModuleFact,
    RatingFact,
    RatingTally,
    SignalFact,
)
from .models_region import MatchFact
from .module_facts import MODULE_FACT_COLUMNS, module_fact_rows
from .upsert import refresh_needed, replace_folded, replace_found, upsert

# Decisions another body takes on the arrangement: the lead time runs to the first of them.
DECISION_INSTRUMENTS = (Instrument.TLV, Instrument.TBV, Instrument.BESCHIKKING)
LATER_ROUND = 3


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


Changed = dict[str, int]


def _within(model: type[Model], field: str, keys: QuerySet[Any] | None) -> QuerySet[Any] | None:
    """The rows of a fact table a refresh of `keys` covers (None: all, the whole table)."""
    if keys is None:
        return None
    return model._default_manager.filter(**{f"{field}__in": keys.order_by().values("pk")})


def _or_all(rows: QuerySet[Any] | None, model: type[Model]) -> QuerySet[Any]:
    """`rows`, or every row of `model` when None."""
    return model._default_manager.all() if rows is None else rows


def _milestones(cases: QuerySet[Case] | None = None) -> int:
    # The WHERE keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
    rows = milestone_rows(_or_all(cases, Case).filter(pk__isnull=False))
    return upsert(rows, Milestones, MILESTONE_COLUMNS, _within(Milestones, "case", cases))


def _rounds(evaluations: QuerySet[Evaluation] | None = None) -> int:
    rows = round_rows(_or_all(evaluations, Evaluation).filter(pk__isnull=False))
    scope = _within(EvaluationRound, "evaluation", evaluations)
    return upsert(rows, EvaluationRound, ROUND_COLUMNS, scope)


def _case_facts(cases: QuerySet[Case] | None = None) -> int:
    rows = case_fact_rows(_or_all(cases, Case).filter(pk__isnull=False))
    return upsert(rows, CaseFact, CASE_FACT_COLUMNS, _within(CaseFact, "case", cases))


def _rating_facts(ratings: QuerySet[GoalEvaluation] | None = None) -> int:
    rows = rating_fact_rows(_or_all(ratings, GoalEvaluation).filter(pk__isnull=False))
    return upsert(rows, RatingFact, RATING_FACT_COLUMNS, _within(RatingFact, "rating", ratings))


def _tallies(cases: QuerySet[Case] | None = None) -> int:
    """Fold the rating facts of `cases` (None: all) anew into models.RatingTally: a folded
    row has no key of its own, so the rows that vanished are deleted and the new inserted."""
    facts = RatingFact.objects.all()
    if cases is not None:
        facts = facts.filter(case__in=cases.order_by().values("pk"))
    scope = _within(RatingTally, "case", cases)
    return replace_folded(tally_rows(facts), RatingTally, TALLY_COLUMNS, scope)


def _module_facts(modules: QuerySet[Module] | None = None) -> int:
    rows = module_fact_rows(_or_all(modules, Module).filter(pk__isnull=False))
    return upsert(rows, ModuleFact, MODULE_FACT_COLUMNS, _within(ModuleFact, "module", modules))


def _signal_facts(cases: QuerySet[Case] | None = None) -> int:
    """Judge the funding of `cases` (None: all) anew into models.SignalFact, for the school
    years a page offers: what the rules find and the table does not hold yet is inserted,
    what it holds and they no longer find deleted."""
    found = funding_signals.judge(_or_all(cases, Case), funding_signals.judged_years())
    scope = _or_all(_within(SignalFact, "case", cases), SignalFact)
    return replace_found(found, SignalFact, SIGNAL_COLUMNS, scope)


@transaction.atomic
def refresh_dimension_facts() -> Changed:
    """Rebuild the facts of every case, every rating and every module (models.CaseFact,
    RatingFact, ModuleFact), after the evaluations' rounds (a rating's row carries its
    round), and the ratings' tally; returns the rows changed per table."""
    changed = {
        "ModuleFact": _module_facts(),
        "SignalFact": _signal_facts(),
        "CaseFact": _case_facts(),
        "RatingFact": _rating_facts(),
    }
    changed["RatingTally"] = _tallies()
    changed |= services_region.refresh_region_facts()
    return changed


@transaction.atomic
def refresh_facts() -> Changed:
    """Rebuild the fact tables whole (cron, and after loading in bulk); returns the rows
    changed per table (inserted, updated or deleted: 0 everywhere when the facts were right).
    The rows of deleted cases and evaluations went with them (cascade). The rebuild is the
    facts' "as of" (`state.FACTS`), whether or not it changed a row; the facts' state moves
    only when it did (`state.written`)."""
    changed = {"Milestones": _milestones(), "EvaluationRound": _rounds()}
    changed |= refresh_dimension_facts()
    state.rebuilt(sum(changed.values()))
    return changed


def _refresh_case(case_id: int) -> int:
    """Refresh one case's rows: its milestones and its facts, and of its ratings, their tally,
    its modules, the regional outcomes' and the Loket's tables and its funding signals those
    where it has a source row or a fact (upsert.refresh_needed, one query reading which: a
    case without a plan compares no rating). Returns the rows changed."""
    case = Case.objects.filter(pk=case_id)
    ratings = GoalEvaluation.objects.filter(**{f"{RATING_CASE}pk": case_id})
    modules = Module.objects.filter(plan__case=case_id)
    # The facts a refresh of the ratings or modules writes are those of their source rows; the
    # tally folds the rating facts of the case, those there and those the ratings give.
    rated = (
        ratings,
        RatingFact.objects.filter(case=case_id),
        RatingTally.objects.filter(case=case_id),
    )
    changed = _milestones(case) + _case_facts(case)
    changed += refresh_needed(
        [
            ((ratings,), partial(_rating_facts, ratings)),
            (rated, partial(_tallies, case)),
            ((modules,), partial(_module_facts, modules)),
            *services_region.case_refreshes([case_id]),
            # The funding is judged on its plan (funding_signals.judge: none without one).
            (
                (Plan.objects.filter(case=case_id), SignalFact.objects.filter(case=case_id)),
                partial(_signal_facts, case),
            ),
        ]
    )
    return changed


def _refresh_plan(plan_id: int) -> int:
    """Refresh the rows of a plan's case that a write of an item of the plan may change: its
    milestones, and of its evaluations' rounds, its ratings, their tally, its modules, its
    funding signals and its TLVs those where it has a source row or a fact
    (upsert.refresh_needed, one query reading which: a plan with goals only compares its
    milestones alone). Returns the rows changed."""
    cases = Case.objects.filter(plan=plan_id)
    evaluations = Evaluation.objects.filter(plan=plan_id)
    ratings = GoalEvaluation.objects.filter(evaluation__plan=plan_id)
    modules = Module.objects.filter(plan=plan_id)
    # The facts a refresh of the rounds, ratings or modules writes are those of their source
    # rows (a rating's fact reads its round only through the rating: none without ratings);
    # the tally folds the rating facts of the case, those there and those the ratings give.
    rated = (
        ratings,
        RatingFact.objects.filter(case__plan=plan_id),
        RatingTally.objects.filter(case__plan=plan_id),
    )
    changed = _milestones(cases)
    changed += refresh_needed(
        [
            ((evaluations,), partial(_rounds, evaluations)),
            ((ratings,), partial(_rating_facts, ratings)),
            (rated, partial(_tallies, cases)),
            ((modules,), partial(_module_facts, modules)),
            # The funding is judged on the plan's modules (funding_signals.judge: a plan
            # without one has no signal), whatever its goals.
            (
                (modules, SignalFact.objects.filter(case__plan=plan_id)),
                partial(_signal_facts, cases),
            ),
            *services_region.plan_refreshes(plan_id),
        ]
    )
    return changed


@transaction.atomic
def refresh_case_facts(
    *, case_id: int | None = None, plan_id: int | None = None, fields: list[str] | None = None
) -> int:
    """Refresh one case's rows, the case named by its key or its plan's (after a write), the
    regional outcomes' and the Loket's (services_region) with the others; returns the rows
    changed. `fields`: the case's fields the write changed (None: any), when they are of its
    own row alone (case_row_only) that row is all it refreshes."""
    concerned = Q(pk__in=[])
    if case_id is not None:
        concerned |= Q(pk=case_id)
    if plan_id is not None:
        concerned |= Q(plan=plan_id)
    regions = state.regions_of(Case.objects.filter(concerned))
    if case_id is not None and plan_id is None and case_row_only(fields):
        return state.written(_case_facts(Case.objects.filter(pk=case_id)), regions)
    changed = 0 if case_id is None else _refresh_case(case_id)
    if plan_id is not None:
        changed += _refresh_plan(plan_id)
    return state.written(changed, regions)


def regions_of_case(case_id: int) -> list[int]:
    """The regions whose figures a case counts in (state.regions_of), read before it is
    deleted: its fact rows go with it by cascade, with no refresh to note the change."""
    return sorted(state.regions_of(Case.objects.filter(pk=case_id)))


@transaction.atomic
def case_deleted(region_ids: list[int]) -> None:
    """A case counted in `region_ids` was deleted (its facts went with it): their figures
    changed, so the figures kept for them are not read again (published.py)."""
    state.written(1, region_ids)


@transaction.atomic
def refresh_child_facts(child_id: int) -> int:
    """Refresh the rows of a child's cases (the school, or the birth date, changed), the
    regional outcomes' and the Loket's with the others."""
    cases = Case.objects.filter(child=child_id)
    regions = state.regions_of(cases)
    changed = _case_facts(cases)
    changed += _rating_facts(GoalEvaluation.objects.filter(**{f"{RATING_CASE}child": child_id}))
    changed += _tallies(cases)
    changed += _module_facts(Module.objects.filter(plan__case__child=child_id))
    changed += services_region.refresh_child_region_facts(child_id)
    return state.written(changed, regions)


@transaction.atomic
def refresh_school_facts(school_id: int) -> int:
    """Refresh the rows of a school's pupils' cases (its municipality, sector, SWV or board
    changed), the regional outcomes' and the Loket's with the others (and those of the TLVs
    the school provides and the matches it registered)."""
    cases = Case.objects.filter(child__school=school_id)
    # With the cases of the TLVs it provides and of the registrations it made (the matches').
    provided = Module.objects.filter(provider=school_id).values("plan__case")
    registered = Registration.objects.filter(organisation=school_id)
    regions = state.regions_of(
        Case.objects.filter(
            Q(child__school=school_id) | Q(pk__in=provided) | Q(pk__in=registered.values("case"))
        ),
        registered.values_list("region", flat=True),
        MatchFact.objects.filter(match__education__organisation=school_id).values_list(
            "region", flat=True
        ),
    )
    changed = _case_facts(cases)
    changed += _rating_facts(
        GoalEvaluation.objects.filter(**{f"{RATING_CASE}child__school": school_id})
    )
    changed += _tallies(cases)
    changed += _module_facts(Module.objects.filter(plan__case__child__school=school_id))
    changed += services_region.refresh_school_region_facts(school_id)
    return state.written(changed, regions)


@transaction.atomic
def refresh_tariff_facts(region_id: int) -> int:
    """Refresh the rows of the region's modules with a product code (a tariff of the region
    was saved or deleted: their amounts may change)."""
    modules = Module.objects.filter(plan__case__region=region_id).exclude(product_code="")
    regions = state.regions_of(Case.objects.filter(region=region_id)) | {region_id}
    return state.written(_module_facts(modules), regions)
