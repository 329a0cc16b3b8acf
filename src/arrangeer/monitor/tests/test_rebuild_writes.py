"""What a refresh of the monitor's facts writes (services.py, upsert.py): a nightly rebuild
that finds nothing new writes no row, keeps the facts' state and the figures kept for the next
reader (only its time, the page's "figures as of", moves); a changed case changes exactly its
rows; a rating deleted takes its fact and its tally row with it; a write's refresh that changes
nothing leaves the state alone, one that changes a row moves its region's state only. On
PostgreSQL each row's physical place (ctid) shows whether it was written: an UPDATE, even to
the same values, leaves a new version elsewhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from django.core.cache import caches
from django.db import connection
from django.db.models import Model, QuerySet
from django.test.utils import CaptureQueriesContext

import pytest

from arrangeer.cases.models import Case
from arrangeer.monitor import columns, region_facts, services
from arrangeer.monitor.constants import Theme
from arrangeer.monitor.models import (
    CaseFact,
    EvaluationRound,
    Milestones,
    ModuleFact,
    RatingFact,
    RatingTally,
    SignalFact,
)
from arrangeer.monitor.models_region import TlvFact
from arrangeer.monitor.state import facts_as_of, facts_state
from arrangeer.plans.models import Evaluation, Goal, GoalEvaluation, Module, Plan
from arrangeer.testing.world import World

from .helpers import arrangements, published, seed_history, theme_result

pytestmark = pytest.mark.django_db

# The facts of the regional outcomes and the Loket (region_facts) are rebuilt with the others.
TABLES = (
    Milestones,
    EvaluationRound,
    CaseFact,
    RatingFact,
    RatingTally,
    ModuleFact,
    SignalFact,
    *(table.model for table in region_facts.TABLES),
)
NONE = {model.__name__: 0 for model in TABLES}


@pytest.fixture(scope="module")
def history(world: World, django_db_blocker: Any) -> World:
    """Four school years of arrangements with plans, modules, evaluations and ratings."""
    with django_db_blocker.unblock():
        return seed_history(world, per_year=40, seed=7)


def _places() -> dict[str, dict[Hashable, str]]:
    """Per fact table, each row's physical place (PostgreSQL), or {} (SQLite has none)."""
    if connection.vendor != "postgresql":
        return {}
    places = {}
    with connection.cursor() as cursor:
        for model in TABLES:
            table, key = model._meta.db_table, model._meta.pk.column
            cursor.execute(f"SELECT {key}, ctid::text FROM {table}")  # noqa: S608
            places[model.__name__] = dict(cursor.fetchall())
    return places


def _moved(before: dict[str, dict[Hashable, str]]) -> dict[str, set[Hashable]]:
    """The rows written (or deleted) since `before`, per table (PostgreSQL)."""
    after = _places()
    return {
        table: {
            key
            for key in rows.keys() | after[table].keys()
            if rows.get(key) != after[table].get(key)
        }
        for table, rows in before.items()
    }


def _goal_figures(user: Any) -> tuple[dict[str, dict[Any, str]], int]:
    """The goal realisation page's published figures, and the queries that read the tally."""
    result = theme_result(user, Theme.GOALS)
    with CaptureQueriesContext(connection) as captured:
        figures = published(result.tables())
    reads = sum(1 for q in captured.captured_queries if "monitor_ratingtally" in q["sql"])
    return figures, reads


def _tally(case: Case) -> set[tuple[Any, ...]]:
    return set(
        RatingTally.objects.filter(case=case).values_list(*services.TALLY_COLUMNS).order_by()
    )


def _folded(case: Case) -> set[tuple[Any, ...]]:
    """The tally of `case` folded anew from its rating facts."""
    return set(services.tally_rows(RatingFact.objects.filter(case=case)))


def test_a_rebuild_that_finds_nothing_new_writes_nothing_and_keeps_the_figures(
    history: World, settings: Any
) -> None:
    first = services.refresh_facts()
    assert first["Milestones"] > 0 and first["EvaluationRound"] > 0
    assert all(model.objects.exists() for model in TABLES[:6])
    settings.MONITOR_CACHE_SECONDS = 60
    caches["monitor"].clear()
    officer = history.users["policy_officer"]
    figures, reads = _goal_figures(officer)
    assert reads > 0
    state, places = facts_state(), _places()

    assert services.refresh_facts() == NONE
    # The figures kept stay valid: the next reader is not counted for again.
    assert _goal_figures(officer) == (figures, 0)
    now = facts_state()
    assert now.changed == state.changed
    assert state.rebuilt is not None and now.rebuilt is not None and now.rebuilt >= state.rebuilt
    assert facts_as_of() == now.rebuilt
    assert not any(_moved(places).values())


def test_a_changed_case_changes_exactly_its_rows(history: World) -> None:
    services.refresh_facts()
    rated = RatingFact.objects.filter(goal_removed=False).values("case")
    case = Case.objects.filter(region=history.region, pk__in=rated).order_by("pk").first()
    assert case is not None
    ratings = RatingFact.objects.filter(case=case).count()
    modules = ModuleFact.objects.filter(case=case).count()
    tallies = RatingTally.objects.filter(case=case).count()
    carried = {
        table.model: table.model._default_manager.filter(case=case).count()
        for table in region_facts.CASE_TABLES
    }
    assert ratings and tallies
    state, places = facts_state(), _places()

    # Bypassing the writes (a repair in the database): the nightly rebuild catches it.
    Case.objects.filter(pk=case.pk).update(is_complex=not case.is_complex)
    assert services.refresh_facts() == {**NONE, "CaseFact": 1}
    assert CaseFact.objects.get(case=case).is_complex is not case.is_complex
    assert facts_state().changed != state.changed
    if places:
        assert _moved(places) == {**{t: set() for t in NONE}, "CaseFact": {case.pk}}

    # The child to another school: every row of the case carries the school.
    moved_to = history.other_school
    if case.child.school_id == moved_to.pk:
        moved_to = history.school
    case.child.school = moved_to
    case.child.save(update_fields=["school"])
    places = _places()
    changed = services.refresh_facts()
    # A folded row has no key: a changed one is deleted and inserted (2 each).
    expected = {"CaseFact": 1, "RatingFact": ratings, "ModuleFact": modules}
    # The case's rows of the regional outcomes carry the school as well.
    expected |= {table.model.__name__: carried[table.model] for table in region_facts.CASE_TABLES}
    assert changed == {**NONE, **expected, "RatingTally": 2 * tallies}
    assert set(RatingTally.objects.filter(case=case).values_list("school", flat=True)) == {
        moved_to.pk
    }
    if places:
        moved = _moved(places)
        assert moved["CaseFact"] == {case.pk}
        assert moved["RatingFact"] == set(
            RatingFact.objects.filter(case=case).values_list("pk", flat=True)
        )
        assert len(moved["RatingTally"]) == 2 * tallies  # the old ids, and the new
        assert moved["Milestones"] == moved["SignalFact"] == set()


def test_a_deleted_rating_takes_its_fact_and_its_tally_row_with_it(history: World) -> None:
    services.refresh_facts()
    rating = GoalEvaluation.objects.filter(
        evaluation__plan__case__region=history.region, goal__removed_at__isnull=True
    ).order_by("pk")[0]
    case = rating.evaluation.plan.case
    fact = RatingFact.objects.get(rating=rating)
    # The ratings folded into the same tally row as this one.
    folded = services.tallied(RatingFact.objects.filter(case=case))
    year = folded.get(pk=fact.pk).school_year
    facts_of = set(
        folded.filter(school_year=year, round=fact.round, side=fact.side).values_list(
            "pk", flat=True
        )
    )
    assert rating.pk in facts_of
    before = _tally(case)

    # All of them deleted, bypassing the writes (their facts linger until the rebuild: the
    # database checks the reference at the commit).
    same = GoalEvaluation.objects.filter(pk__in=facts_of)
    same._raw_delete(same.db)
    changed = services.refresh_facts()
    assert not RatingFact.objects.filter(pk__in=facts_of).exists()
    assert changed["RatingFact"] == len(facts_of)
    after = _tally(case)
    assert after == _folded(case)
    assert not [row for row in after if row[9:12] == (year, fact.round, fact.side)]
    assert len(before - after) >= 1
    assert changed["RatingTally"] == len(before - after) + len(after - before)

    # A write's refresh of the case: the tally row of its last rating goes with it.
    GoalEvaluation.objects.filter(evaluation__plan__case=case).delete()
    assert services.refresh_case_facts(case_id=case.pk) == len(after)
    assert not RatingTally.objects.filter(case=case).exists()


def test_a_write_that_changes_nothing_does_not_move_the_state(history: World) -> None:
    services.refresh_facts()
    case = Case.objects.filter(region=history.region).order_by("pk")[0]
    state = facts_state(history.region.pk)
    assert services.refresh_case_facts(case_id=case.pk) == 0
    assert services.refresh_child_facts(case.child_id) == 0
    assert services.refresh_school_facts(history.school.pk) == 0
    assert services.refresh_tariff_facts(history.region.pk) == 0
    assert facts_state(history.region.pk) == state

    Case.objects.filter(pk=case.pk).update(is_complex=not case.is_complex)
    assert services.refresh_case_facts(case_id=case.pk) == 1
    moved = facts_state(history.region.pk)
    assert moved.region_changed is not None
    assert moved.region_changed[1] == (state.region_changed[1] if state.region_changed else 0) + 1
    # A write's refresh moves its region's state only, not every region's (the rebuild's).
    assert (moved.rebuilt, moved.changed) == (state.rebuilt, state.changed)


def _written(captured: CaptureQueriesContext) -> set[str]:
    """The fact tables a refresh wrote to (or compared with a DELETE or an INSERT)."""
    return {
        model._meta.db_table
        for model in TABLES
        for q in captured.captured_queries
        if f'INSERT INTO "{model._meta.db_table}"' in q["sql"]
    }


def test_a_case_refresh_compares_only_the_tables_it_has_rows_in_and_misses_none(
    history: World,
) -> None:
    services.refresh_facts()
    # A case without a plan or any row of child data: its milestones and facts only.
    plain = arrangements(history.region, history.school, history.coordinator, 1)[0]
    assert services.refresh_case_facts(case_id=plain.pk) > 0
    with CaptureQueriesContext(connection) as captured:
        assert services.refresh_case_facts(case_id=plain.pk) == 0
    assert _written(captured) == {Milestones._meta.db_table, CaseFact._meta.db_table}

    # A case with ratings and modules whose facts are gone (bypassing the writes): its
    # refresh finds them by their source rows and leaves the nightly rebuild nothing to do.
    rated = RatingFact.objects.filter(goal_removed=False).values("case")
    modules = ModuleFact.objects.values("case")
    case = Case.objects.filter(pk__in=rated).filter(pk__in=modules).order_by("pk").first()
    assert case is not None
    facts = [RatingFact, RatingTally, ModuleFact, SignalFact]
    facts += [table.model for table in region_facts.CASE_TABLES]
    held = {model: model._default_manager.filter(case=case).count() for model in facts}
    assert held[RatingFact] and held[RatingTally] and held[ModuleFact]
    for model in facts:
        model._default_manager.filter(case=case).delete()
    assert services.refresh_case_facts(case_id=case.pk) == sum(held.values())
    assert services.refresh_facts() == NONE


# The fact tables a write of a plan's item may change (services._refresh_plan).
PLAN_TABLES = (
    Milestones,
    EvaluationRound,
    RatingFact,
    RatingTally,
    ModuleFact,
    SignalFact,
    TlvFact,
)


def _compared(captured: CaptureQueriesContext) -> set[type[Model]]:
    """The plan's fact tables a refresh read or wrote, but for the query reading which it
    needs (upsert.refresh_needed): a table of folded or found rows is read, not always
    written."""
    return {
        model
        for model in PLAN_TABLES
        for q in captured.captured_queries
        if f'"{model._meta.db_table}"' in q["sql"] and not q["sql"].startswith("SELECT EXISTS")
    }


def _plan_facts(plan: Plan) -> dict[type[Model], QuerySet[Any]]:
    """The rows of the plan's fact tables that are the plan's."""
    mine = {"evaluation__plan": plan}
    return {
        model: model._default_manager.filter(
            **(mine if model is EvaluationRound else {"case": plan.case_id})
        )
        for model in PLAN_TABLES
    }


def test_a_plan_refresh_compares_only_the_tables_it_has_rows_in_and_misses_none(
    history: World,
) -> None:
    services.refresh_facts()
    plans = Plan.objects.order_by("pk")
    # A plan with goals only: its case's milestones alone.
    goals = plans.filter(pk__in=Goal.objects.values("plan")).exclude(
        pk__in=Module.objects.values("plan")
    )
    goals_only = goals.exclude(pk__in=Evaluation.objects.values("plan")).first()
    assert goals_only is not None
    with CaptureQueriesContext(connection) as captured:
        assert services.refresh_case_facts(plan_id=goals_only.pk) == 0
    assert _compared(captured) == {Milestones}
    # Rated, without modules: neither the modules nor their funding and TLVs.
    rated = goals.filter(pk__in=GoalEvaluation.objects.values("evaluation__plan")).first()
    assert rated is not None
    with CaptureQueriesContext(connection) as captured:
        assert services.refresh_case_facts(plan_id=rated.pk) == 0
    assert _compared(captured) == {Milestones, EvaluationRound, RatingFact, RatingTally}

    # A plan with ratings, a TLV and funding signals whose facts are gone (bypassing the
    # writes): its refresh finds them by their source rows, the rounds before the ratings
    # that carry them and those before their tally, and leaves the nightly rebuild nothing.
    plan = (
        plans.filter(case__in=RatingFact.objects.filter(goal_removed=False).values("case"))
        .filter(case__in=TlvFact.objects.values("case"))
        .filter(case__in=SignalFact.objects.values("case"))
        .first()
    )
    assert plan is not None
    facts = _plan_facts(plan)
    held = {model: rows.count() for model, rows in facts.items()}
    assert all(held.values()), held
    for rows in facts.values():
        rows.delete()
    assert services.refresh_case_facts(plan_id=plan.pk) == sum(held.values())
    assert services.refresh_facts() == NONE


def _changed(case: Case, field: str) -> None:
    """Change one field of `case` and save it alone, as a write of that field does."""
    value = getattr(case, field)
    if isinstance(value, bool):
        setattr(case, field, not value)
    elif field == "flags_version":
        case.flags_version += 1
    else:  # a day: a year earlier, or one when there was none
        day = value or case.opened_at.date()
        setattr(case, field, day - dt.timedelta(days=365))
    case.save(update_fields=[field])


def test_a_case_field_only_its_own_row_reads_refreshes_that_row_alone_and_misses_none(
    history: World, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write of a flag (the flags' form, the API's PATCH) refreshes the case's row of
    models.CaseFact alone (columns.CASE_ROW_ONLY); after each, the nightly rebuild finds
    nothing left to do in any table, for a case with rows in every one of them."""
    services.refresh_facts()
    rated = RatingFact.objects.filter(goal_removed=False).values("case")
    case = (
        Case.objects.filter(pk__in=rated)
        .filter(pk__in=ModuleFact.objects.values("case"))
        .filter(pk__in=SignalFact.objects.values("case"))
        .order_by("pk")
        .first()
    )
    assert case is not None
    for field in sorted(columns.CASE_ROW_ONLY):
        # The refresh runs once the write is committed, inside what is captured.
        with (
            CaptureQueriesContext(connection) as captured,
            django_capture_on_commit_callbacks(execute=True) as callbacks,
        ):
            _changed(case, field)
        assert callbacks, field
        assert _written(captured) == {CaseFact._meta.db_table}, field
        assert services.refresh_facts() == NONE, field

    # A field the milestones read (the day the case opened), taken for one of the row's own:
    # the narrowed refresh misses the milestones and the rebuild finds them.
    monkeypatch.setattr(columns, "CASE_ROW_ONLY", columns.CASE_ROW_ONLY | {"opened_at"})
    with django_capture_on_commit_callbacks(execute=True):
        _changed(case, "opened_at")
    assert services.refresh_facts()["Milestones"] == 1
