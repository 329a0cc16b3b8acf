"""The monitor's facts per case and per rating (models.CaseFact, RatingFact): every theme
counted from them publishes the same figures as counted live from the cases, children,
schools, plans and ratings, for the whole region, for one school and for every filter; and a
write refreshes its case's facts once committed."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from django.db import transaction
from django.db.models import F, Sum

import pytest

from arrangeer.cases.models import Case
from arrangeer.children.models import Child
from arrangeer.monitor import indicators, services
from arrangeer.monitor.constants import Theme
from arrangeer.monitor.models import CaseFact, RatingFact, RatingTally, TargetRule
from arrangeer.organisations.constants import Role, SchoolSector
from arrangeer.organisations.models import Membership, Organisation
from arrangeer.plans.models import GoalEvaluation
from arrangeer.testing.factories import UserFactory
from arrangeer.testing.world import World

from .helpers import (
    LAST_YEAR,
    child_at_two_schools,
    figures_of,
    grouped_cells,
    seed_history,
    spy_on_slicing,
    theme_result,
)

pytestmark = pytest.mark.django_db

FACT_THEMES = [
    Theme.REACH,
    Theme.DROPOUT,
    Theme.GOALS,
    Theme.THUISZITTERS,
    Theme.SATISFACTION,
]


@pytest.fixture(scope="module")
def history(world: World, django_db_blocker) -> World:
    """Four school years of arrangements with plans, evaluations, ratings and answers."""
    with django_db_blocker.unblock():
        return seed_history(world, per_year=60, seed=11)


def _live(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count live: the same names read from the cases and ratings themselves."""
    monkeypatch.setattr(indicators, "case_rows", lambda: services.live_cases(Case.objects.all()))
    # One row per rating read live, with the tally's names (its year, a 1 in its column).
    monkeypatch.setattr(
        indicators,
        "rating_rows",
        lambda: services.tallied(services.live_ratings(GoalEvaluation.objects.all())),
    )
    monkeypatch.setattr(
        indicators,
        "answer_paths",
        lambda: {
            "municipality": "case__child__school__municipality",
            "school": "case__child__school",
            "sector": "case__child__school__sector",
            "route": "case__route",
            "swv": "case__child__school__swv",
            "school_board": "case__child__school__school_board",
        },
    )


def _views(world: World) -> list[tuple[Any, dict[str, str]]]:
    route = Case.objects.filter(region=world.region, route__isnull=False).first()
    assert route is not None
    return [
        (world.users["policy_officer"], {}),
        (world.users["policy_officer"], {"gemeente": "Teststad"}),
        (world.users["policy_officer"], {"school": str(world.school.pk)}),
        (world.users["policy_officer"], {"sector": world.school.sector}),
        (world.users["policy_officer"], {"route": str(route.route_id)}),
        (world.users["coordinator"], {}),
    ]


@pytest.mark.parametrize("theme", FACT_THEMES)
def test_every_theme_publishes_the_same_figures_from_the_facts_as_live(history, theme, monkeypatch):
    # The region's target group (Bereik): an age band with sectors, a flag, a route.
    route = Case.objects.filter(region=history.region, route__isnull=False).first()
    assert route is not None
    TargetRule.objects.create(
        region=history.region, name="Jong in po", age_to=11, sectors=[SchoolSector.PO]
    )
    TargetRule.objects.create(region=history.region, name="Thuis", is_thuiszitter=True)
    TargetRule.objects.create(
        region=history.region, name="Route", age_from=12, route_id=route.route_id
    )
    # An SWV's monitor: the school in the world's SWV, seen by the SWV's policy officer.
    Organisation.objects.filter(pk=history.school.pk).update(swv=history.swv)
    services.refresh_dimension_facts()
    officer = UserFactory(username="facts_swv_officer")
    Membership.objects.create(user=officer, organisation=history.swv, role=Role.POLICY_OFFICER)
    views = [*_views(history), (officer, {}), (officer, {"sector": history.school.sector})]
    from_facts = [figures_of(user, theme, params) for user, params in views]
    _live(monkeypatch)
    live = [figures_of(user, theme, params) for user, params in views]
    assert from_facts == live
    # Something is shown, so the comparison compares figures (not only "<10").
    shown = [v for tables in live for cells in tables.values() for v in cells.values()]
    assert any(v != "<10" for v in shown)


def test_the_facts_hold_what_the_cases_and_ratings_say(history):
    assert CaseFact.objects.count() == Case.objects.count()
    assert RatingFact.objects.count() == GoalEvaluation.objects.count() > 0
    # The tally folds the ratings of goals not removed, and holds each once.
    tallied = RatingTally.objects.aggregate(n=Sum(F("reached") + F("partly") + F("not_reached")))
    assert tallied["n"] == RatingFact.objects.filter(goal_removed=False).count()
    assert RatingTally.objects.count() < RatingFact.objects.count()
    case = Case.objects.select_related("child__school").filter(child__school__isnull=False)[0]
    fact = CaseFact.objects.get(case=case)
    assert (fact.region_id, fact.child_id, fact.school_id, fact.route_id) == (
        case.region_id,
        case.child_id,
        case.child.school_id,
        case.route_id,
    )
    assert (fact.municipality, fact.sector) == (
        case.child.school.municipality,
        case.child.school.sector,
    )


def test_a_changed_school_or_case_refreshes_its_facts_once_committed(
    history, django_capture_on_commit_callbacks
):
    case = Case.objects.filter(region=history.region, child__school=history.school)[0]
    child = Child.objects.get(pk=case.child_id)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        child.school = history.other_school
        child.save()
        # Not yet: the write is not committed.
        assert CaseFact.objects.get(case=case).school_id == history.school.pk
    fact = CaseFact.objects.get(case=case)
    assert (fact.school_id, fact.municipality) == (history.other_school.pk, "Anderdorp")
    with django_capture_on_commit_callbacks(execute=True):
        case.is_complex = not fact.is_complex
        case.save()
    assert CaseFact.objects.get(case=case).is_complex is case.is_complex
    with django_capture_on_commit_callbacks(execute=True):
        history.other_school.municipality = "Nieuwdorp"
        history.other_school.save()
    assert CaseFact.objects.get(case=case).municipality == "Nieuwdorp"


def _goal_ratings(region: Any, case: Case, year: int) -> int:
    """The case's ratings the goal realisation of `region` counts on the page of `year`."""
    from arrangeer.monitor.scope import Scope
    from arrangeer.monitor.tables import Filters

    membership = Membership(role=Role.POLICY_OFFICER)
    result = indicators.goals(Scope(membership=membership, region=region), Filters(year=year), {})
    _spec, source = result.pending[0]
    rows = source.queryset(Filters(year=year)).filter(case=case)
    counted = rows.aggregate(n=Sum(F("reached") + F("partly") + F("not_reached")))["n"]
    return int(counted or 0)


def test_a_moved_cases_ratings_count_where_the_case_counts(history):
    """A case that moved to another region keeps counting its goals in the region it left
    for the school years before the move (as the case itself, cases.selectors), and in the
    new region from the year of the move: the ratings' facts follow the case's move, not
    its current region."""
    import datetime as dt

    from django.utils import timezone

    from arrangeer.cases.models import RegionMove
    from arrangeer.monitor.constants import year_start

    rated = (
        RatingFact.objects.filter(
            region=history.region,
            held_on__gte=year_start(LAST_YEAR),
            held_on__lt=year_start(LAST_YEAR + 1),
            goal_removed=False,
        )
        .values_list("case", flat=True)
        .first()
    )
    assert rated is not None
    case = Case.objects.get(pk=rated)
    officer = history.users["policy_officer"]
    before = figures_of(officer, Theme.GOALS, {})
    ratings = _goal_ratings(history.region, case, LAST_YEAR)
    assert ratings > 0
    assert _goal_ratings(history.other_region, case, LAST_YEAR) == 0

    # Moved in the current school year: after LAST_YEAR ended.
    moved_at = timezone.make_aware(dt.datetime.combine(year_start(LAST_YEAR + 1), dt.time(12)))
    Case.objects.filter(pk=case.pk).update(region=history.other_region)
    RegionMove.objects.create(
        case=case,
        from_region=history.region,
        to_region=history.other_region,
        moved_at=moved_at + dt.timedelta(days=20),
        by_user=officer,
    )
    services.refresh_case_facts(case_id=case.pk)
    assert set(RatingFact.objects.filter(case=case).values_list("region", flat=True)) == {
        history.other_region.pk
    }

    # The year before the move: the region it left, as before; not the new one.
    assert _goal_ratings(history.region, case, LAST_YEAR) == ratings
    assert _goal_ratings(history.other_region, case, LAST_YEAR) == 0
    assert figures_of(officer, Theme.GOALS, {}) == before
    # The year of the move: both (its trend shows the earlier ratings in both regions).
    in_both = _goal_ratings(history.region, case, LAST_YEAR + 1)
    assert in_both >= ratings
    assert _goal_ratings(history.other_region, case, LAST_YEAR + 1) == in_both


def _counted_in(region: Any, case: Case, year: int) -> tuple[bool, bool]:
    """Whether `region`'s monitor counts the case in `year`: from its facts, and live."""
    from arrangeer.monitor.scope import Scope
    from arrangeer.monitor.tables import Filters

    scope = Scope(membership=Membership(role=Role.POLICY_OFFICER), region=region)
    condition = indicators.in_region("", scope, Filters(year=year))
    in_facts = CaseFact.objects.filter(condition, case=case).exists()
    return in_facts, Case.objects.filter(condition, pk=case.pk).exists()


@pytest.mark.parametrize("later", [0, 1])
def test_a_case_moved_at_the_start_of_a_school_year_counts_on_either_side_of_it(history, later):
    """A case that moved at the very start of a school year (midnight, its first second)
    counts in the region it left up to the year before and in the new region from that
    year on: the year of the move is the one it began in. One second later, the year of the
    move counts it in both. The facts say the same as the cases."""
    import datetime as dt

    from django.utils import timezone

    from arrangeer.cases.models import RegionMove
    from arrangeer.monitor.constants import year_start

    case = Case.objects.filter(region=history.region).order_by("pk").first()
    assert case is not None
    moved_at = timezone.make_aware(dt.datetime.combine(year_start(LAST_YEAR), dt.time.min))
    moved_at += dt.timedelta(seconds=later)
    Case.objects.filter(pk=case.pk).update(region=history.other_region)
    RegionMove.objects.create(
        case=case,
        from_region=history.region,
        to_region=history.other_region,
        moved_at=moved_at,
        by_user=history.users["policy_officer"],
    )
    services.refresh_case_facts(case_id=case.pk)
    assert CaseFact.objects.get(case=case).region_id == history.other_region.pk

    years = (LAST_YEAR - 1, LAST_YEAR, LAST_YEAR + 1)
    left = [_counted_in(history.region, case, year) for year in years]
    new = [_counted_in(history.other_region, case, year) for year in years]
    # (facts, live) per year: the region it left up to the year before the move (and the
    # year of the move when it moved after its first second); the new one from that year.
    assert left == [(True, True), (bool(later), bool(later)), (False, False)]
    assert new == [(False, False), (True, True), (True, True)]


Cells = dict[tuple[Hashable, Hashable], dict[tuple[Hashable, Hashable], tuple[int, int]]]


def _add(found: Cells, key: tuple[Hashable, Hashable], cell: Any, n: int, p: int) -> None:
    if n or p:
        before = found.setdefault(key, {}).get(cell, (0, 0))
        found[key][cell] = (before[0] + n, before[1] + p)


@pytest.mark.parametrize("theme", [*FACT_THEMES, Theme.LEAD_TIME])
def test_one_grouped_query_counts_what_one_query_per_slice_counts(history, theme):
    """The cells of every slice (the table without filters, and per choice of each filter)
    from the one grouped query (for the tables on the same rows together) equal those of one
    query per table and slice, cell by cell; and so do the published figures."""
    from arrangeer.monitor import tables

    services.refresh_facts()  # the milestones and rounds too
    for user in (history.users["policy_officer"], history.users["coordinator"]):
        result = theme_result(user, theme)
        bare = tables.Filters(year=LAST_YEAR)
        # The tables on the same rows, counted together as the page does (tables.build_all).
        counted = grouped_cells(result, bare)
        for spec, source in result.pending:
            one: Cells = {}
            for key, cells in counted[spec.key].items():
                for r, c, n, p, _s in cells:
                    _add(one, key, (r, c), n, p)
            per_slice: Cells = {}
            for extra in [None, *source.dimensions]:
                for dim, r, c, n, p, _s in tables._cells(spec, source, bare, extra=extra):
                    key = (tables.TOTAL, None) if extra is None else (extra, dim)
                    _add(per_slice, key, (r, c), n, p)
            assert one == per_slice, spec.key
            assert per_slice, spec.key
        separately = [tables.build(spec, source, bare).figures for spec, source in result.pending]
        assert [t.figures for t in tables.build_all(result.pending, bare)] == separately


def test_a_changed_rating_or_removed_goal_refreshes_the_tally_once_committed(
    history, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from arrangeer.plans.constants import Realisation
    from arrangeer.plans.models import Goal

    rating = GoalEvaluation.objects.filter(
        realisation=Realisation.NOT_REACHED, goal__removed_at__isnull=True
    ).select_related("evaluation__plan")[0]
    case_id = rating.evaluation.plan.case_id

    def tally() -> tuple[int, int]:
        rows = RatingTally.objects.filter(case=case_id)
        sums = rows.aggregate(reached=Sum("reached"), not_reached=Sum("not_reached"))
        return int(sums["reached"] or 0), int(sums["not_reached"] or 0)

    reached, not_reached = tally()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        rating.realisation = Realisation.REACHED
        rating.save()
        assert tally() == (reached, not_reached)  # not before the commit
    assert tally() == (reached + 1, not_reached - 1)
    goal = Goal.objects.get(pk=rating.goal_id)
    rated = GoalEvaluation.objects.filter(goal=goal)
    counts = {r: rated.filter(realisation=r).count() for r in (Realisation.REACHED,)}
    with django_capture_on_commit_callbacks(execute=True):
        goal.removed_at = timezone.now()
        goal.save()
    assert tally()[0] == reached + 1 - counts[Realisation.REACHED]


def test_a_child_counted_at_two_schools_is_counted_with_every_filter_on_its_own(
    history, monkeypatch
):
    """The school-level filters are grouped by together (tables._sliced_tables) only while
    every child counts in one school per cell: facts that put one child's two cases at two
    schools of one municipality (a refresh of one of them not yet done) make the query count
    again with every filter on its own, so the municipality counts the child once, as one
    query per slice does."""
    from arrangeer.monitor import tables

    first = child_at_two_schools(history)
    again = spy_on_slicing(monkeypatch)
    result = theme_result(history.users["policy_officer"], Theme.REACH)
    bare = tables.Filters(year=LAST_YEAR)
    spec, source = result.pending[0]
    one: Cells = {}
    for key, cells in tables._sliced_tables([spec], source, bare)[0].items():
        for r, c, n, p, _s in cells:
            _add(one, key, (r, c), n, p)
    assert again == [None, False]  # counted again, with every filter on its own
    per_slice: Cells = {}
    for extra in [None, *source.dimensions]:
        for dim, r, c, n, p, _s in tables._cells(spec, source, bare, extra=extra):
            _add(per_slice, (tables.TOTAL, None) if extra is None else (extra, dim), (r, c), n, p)
    assert one == per_slice
    municipality = ("municipality", first.municipality)
    schools = [("school", history.school.pk), ("school", history.other_school.pk)]
    cell = next(c for c, (_n, p) in one[municipality].items() if p and c[1] != tables.TOTAL)
    # The child is in both schools' cell, and once in their municipality's.
    assert sum(one[s][cell][1] for s in schools if cell in one[s]) > one[municipality][cell][1]
