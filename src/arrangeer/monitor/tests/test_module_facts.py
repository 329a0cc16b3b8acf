"""The monitor's facts per module (models.ModuleFact): the funding and the individual →
collective themes publish the same figures from them as counted live from the modules, plans,
cases, children, schools, tariffs and placements, for the region, every filter and a school;
the amounts are the funding overview's rule, exactly; each table (amounts included) is one
grouped query that counts what one query per slice counts; and every write that changes a
module's row refreshes it once committed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable
from decimal import Decimal
from fractions import Fraction
from math import floor
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

import pytest

from arrangeer.cases.models import Case
from arrangeer.children.models import Child
from arrangeer.groups.constants import IntakeChoice, PlacementStatus
from arrangeer.groups.models import GroupArrangement, Placement
from arrangeer.monitor import financing, tables
from arrangeer.monitor import services as monitor_services
from arrangeer.monitor.constants import Theme, year_end, year_start
from arrangeer.monitor.funding_signals import PREFIX, today_in
from arrangeer.monitor.indicators import _apply, running
from arrangeer.monitor.models import ModuleFact, SignalFact
from arrangeer.monitor.module_facts import live_modules
from arrangeer.monitor.scope import Scope
from arrangeer.monitor.tables import Filters
from arrangeer.plans import funding
from arrangeer.plans.constants import DecisionStatus, FundingFramework
from arrangeer.plans.models import Goal, Module, Plan, Tariff
from arrangeer.routes.constants import DEFAULT_DECISION_DAYS
from arrangeer.testing.world import World

from .helpers import CODE, LAST_YEAR, figures_of, grouped_cells, theme_result

pytestmark = pytest.mark.django_db

THEMES = [Theme.FINANCING, Theme.COLLECTIVE]


def _views(world: World) -> list[tuple[Any, dict[str, str]]]:
    case = Case.objects.filter(region=world.region, route__isnull=False).first()
    assert case is not None
    officer = world.users["policy_officer"]
    return [
        (officer, {}),
        (officer, {"gemeente": "Teststad"}),
        (officer, {"school": str(world.school.pk)}),
        (officer, {"sector": world.school.sector}),
        (officer, {"route": str(case.route_id)}),
        (officer, {"swv": str(world.swv.pk)}),
        (officer, {"bestuur": str(world.school.school_board_id)}),
        (world.users["coordinator"], {}),
    ]


@pytest.mark.parametrize("theme", THEMES)
def test_the_funding_themes_publish_the_same_figures_from_the_facts_as_live(
    funded, theme, monkeypatch
):
    from_facts = [figures_of(user, theme, params) for user, params in _views(funded)]
    monkeypatch.setattr(financing, "module_rows", lambda: live_modules(Module.objects.all()))
    live = [figures_of(user, theme, params) for user, params in _views(funded)]
    assert from_facts == live
    # Amounts are shown, so the comparison compares them (not only "<10").
    amounts = "trend" if theme == Theme.FINANCING else "bedragen"
    shown = [v for tables_ in live for v in tables_[amounts].values() if v != "<10"]
    assert len(shown) > 3
    assert any(int(v) > 0 for v in shown)


def _share(module: Module, start: dt.date, end: dt.date, price: Decimal) -> Fraction:
    """The funding overview's rule for the part of a module within [start, end), exactly:
    intensity times its weeks in the period times the price."""
    days = (min(module.end_date, end) - max(module.start_date, start)).days
    return Fraction(module.intensity) * Fraction(days, 7) * Fraction(price)


def _euros(amount: Fraction) -> int:
    return floor(amount + Fraction(1, 2))


def test_the_amounts_are_the_funding_overviews_rule_exactly(funded):
    """Per school year and per funding framework and instrument, the published amount is the
    sum of `plans.funding.tariff_for` times intensity times weeks within the year, in exact
    arithmetic, rounded to whole euros (halves up)."""
    tariffs = list(Tariff.objects.filter(region=funded.region))
    modules = list(Module.objects.filter(plan__case__region=funded.region, removed_at__isnull=True))
    published = figures_of(funded.users["policy_officer"], Theme.FINANCING, {})
    per_year: dict[int, Fraction] = {}
    per_kind: dict[str, Fraction] = {}
    for module in modules:
        tariff = funding.tariff_for(module, tariffs)
        for year in range(LAST_YEAR - 2, LAST_YEAR + 1):
            start, end = year_start(year), year_end(year)
            if tariff is None or not (module.start_date < end and module.end_date > start):
                continue
            share = _share(module, start, end, tariff.price)
            per_year[year] = per_year.get(year, Fraction(0)) + share
            if year == LAST_YEAR:
                kind = f"{module.funding_framework}|{module.instrument}"
                per_kind[kind] = per_kind.get(kind, Fraction(0)) + share
    shown = 0
    for key, expected in [
        *(((year, "amount"), amount) for year, amount in per_year.items()),
        *(((kind, "amount"), amount) for kind, amount in per_kind.items()),
    ]:
        figure = published["trend" if isinstance(key[0], int) else "bedragen"][key]
        if figure != "<10":
            assert figure == str(_euros(expected)), key
            shown += 1
    assert shown >= 4
    # Cents and fractions of cents: the exact sum is not a whole number of euros.
    assert any(amount.denominator > 1 for amount in per_kind.values())


Cells = dict[tuple[Hashable, Hashable], dict[tuple[Hashable, Hashable], tuple[int, int, Decimal]]]


def _add(found: Cells, key: tuple[Hashable, Hashable], cell: Any, n: int, p: int, s: Any) -> None:
    if n or p or s:
        before = found.setdefault(key, {}).get(cell, (0, 0, Decimal(0)))
        found[key][cell] = (before[0] + n, before[1] + p, before[2] + s)


@pytest.mark.parametrize("theme", THEMES)
def test_one_grouped_query_per_table_counts_and_sums_what_one_query_per_slice_does(funded, theme):
    """The cells of every slice, counts and amounts, from the one grouped query (the tables
    on the same rows together) equal those of one query per table and slice."""
    for user in (funded.users["policy_officer"], funded.users["coordinator"]):
        result = theme_result(user, theme, {})
        bare = tables.Filters(year=LAST_YEAR)
        counted = grouped_cells(result, bare)
        for spec, source in result.pending:
            one: Cells = {}
            for key, cells in counted[spec.key].items():
                for r, c, n, p, s in cells:
                    _add(one, key, (r, c), n, p, s)
            per_slice: Cells = {}
            for extra in [None, *source.dimensions]:
                for dim, r, c, n, p, s in tables._cells(spec, source, bare, extra=extra):
                    key = (tables.TOTAL, None) if extra is None else (extra, dim)
                    _add(per_slice, key, (r, c), n, p, s)
            assert one == per_slice, spec.key
            assert per_slice, spec.key


def test_a_write_refreshes_the_modules_facts_once_committed(
    funded, django_capture_on_commit_callbacks
):
    module = Module.objects.filter(
        plan__case__region=funded.region,
        product_code="45a12",
        funding_framework=FundingFramework.JEUGDWET_ZIN,
        removed_at__isnull=True,
        monitor_fact__in_group=False,
    ).first()
    assert module is not None
    fact = ModuleFact.objects.get(module=module)
    assert fact.per_week is not None and not fact.in_group
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        module.funding_framework = FundingFramework.WLZ
        module.save()
        # Not yet: the write is not committed.
        assert ModuleFact.objects.get(module=module).funding_framework != FundingFramework.WLZ
    fact = ModuleFact.objects.get(module=module)
    assert (fact.funding_framework, fact.per_week) == (FundingFramework.WLZ, None)
    # A tariff of the region: its modules' amounts.
    with django_capture_on_commit_callbacks(execute=True):
        Tariff.objects.create(
            region=funded.region,
            product_code=CODE,
            funding_framework=FundingFramework.WLZ,
            unit=module.intensity_unit,
            price=Decimal("10.01"),
            valid_from=dt.date(2000, 1, 1),
        )
    expected = int(module.intensity * Decimal("10.01") * 10_000)
    assert ModuleFact.objects.get(module=module).per_week == expected
    # A place in a group arrangement: no longer an individual module.
    case = Case.objects.get(pk=module.plan.case_id)
    with django_capture_on_commit_callbacks(execute=True):
        Placement.objects.create(
            group=GroupArrangement.objects.create(
                region=funded.region, name="Groep", created_by=funded.coordinator
            ),
            case=case,
            status=PlacementStatus.PLACED,
            intake_on=module.start_date,
            intake_choice=IntakeChoice.GROUP,
            parents_prefer=IntakeChoice.GROUP,
            parents_view="Goed.",
            module=module,
            recorded_by=funded.coordinator,
        )
    assert ModuleFact.objects.get(module=module).in_group
    # The child's school: the case's dimensions on its modules' rows.
    child = Child.objects.get(pk=case.child_id)
    other = funded.other_school if child.school_id != funded.other_school.pk else funded.school
    with django_capture_on_commit_callbacks(execute=True):
        child.school = other
        child.save()
    fact = ModuleFact.objects.get(module=module)
    assert (fact.school_id, fact.municipality) == (other.pk, other.municipality)
    # Deleting the module takes its row with it.
    with django_capture_on_commit_callbacks(execute=True):
        Placement.objects.filter(module=module).delete()
        module.delete()
    assert not ModuleFact.objects.filter(module_id=module.pk).exists()


def _live_signal_cases(scope: Scope, year: int) -> dict[str, set[int]]:
    """rule → the cases (ids) of the scope whose plan shows that gap or overlap in the school
    year, read on the request (every column of the modules, Goal models, the overview's
    sorted signals): the judgement the facts must equal."""
    base: QuerySet[Any] = Module.objects.filter(removed_at__isnull=True)
    base = _apply(base, PREFIX, scope, Filters(year=year)).filter(running(year, PREFIX))
    modules = list(base.order_by("plan_id", "side", "start_date", "pk"))
    plan_ids = sorted({m.plan_id for m in modules})
    if not plan_ids:
        return {}
    plans = {
        pk: (case_id, decision_days)
        for pk, case_id, decision_days in Plan.objects.filter(pk__in=plan_ids).values_list(
            "pk", "case_id", "case__route__decision_days"
        )
    }
    goals: dict[int, list[Goal]] = defaultdict(list)
    for goal in Goal.objects.filter(plan_id__in=plan_ids, removed_at__isnull=True).only(
        "pk", "what", "deadline", "category", "removed_at", "plan_id"
    ):
        goals[goal.plan_id].append(goal)
    links: dict[int, list[int]] = defaultdict(list)
    for module_id, goal_id in Module.goals.through.objects.filter(
        module__plan_id__in=plan_ids
    ).values_list("module_id", "goal_id"):
        links[module_id].append(goal_id)
    by_plan: dict[int, list[Module]] = defaultdict(list)
    for module in modules:
        by_plan[module.plan_id].append(module)
    found: dict[str, set[int]] = defaultdict(set)
    for plan_id, plan_modules in by_plan.items():
        case_id, decision_days = plans[plan_id]
        for signal in funding.signals(
            goals[plan_id],
            plan_modules,
            links,
            decision_days=decision_days or DEFAULT_DECISION_DAYS,
            today=today_in(year),
        ):
            found[signal.rule].add(case_id)
    return found


def _live_among(case_ids: set[int]) -> Q:
    """The rows of these cases (a live judgement's)."""
    if not case_ids:
        return Q(pk__isnull=True)  # no module: the row counts nobody
    return Q(case__in=sorted(case_ids))


def _live_signals(scope: Any, year: int) -> dict[str, Any]:
    """The gaps and overlaps judged on the request, as the page did before the facts."""
    found = _live_signal_cases(scope, year)
    return {rule: _live_among(found.get(rule, set())) for rule in funding.Rule.values}


def _signal_cells(user: Any, year: int) -> Any:
    """The signals table's counted cells of every slice (before suppression), and published."""
    result = theme_result(user, Theme.FINANCING, {"jaar": str(year)})
    spec, source = next((s, src) for s, src in result.pending if s.key == "signalen")
    cells = tables._sliced_cells(spec, source, tables.Filters(year=year))
    published = {
        key: str(figure)
        for table in result.tables(only="signalen")
        for key, figure in table.figures.items()
    }
    return {key: sorted(value, key=str) for key, value in cells.items()}, published


def test_the_funding_signals_from_the_facts_are_the_rules_judged_live(funded, monkeypatch):
    """The children with a gap or an overlap per rule, counted from models.SignalFact (judged
    by the refresh), equal those of the funding overview's rules run on the request, in every
    slice (before suppression) and as published, for the region and a school, in three school
    years; and the facts find signals of several rules."""
    ids = list(
        Module.objects.filter(plan__case__region=funded.region, removed_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # Decisions requested and pending long since, on one in four modules (in bulk: the
    # facts are rebuilt as after an import).
    Module.objects.filter(pk__in=ids[::4]).update(
        decision_status=DecisionStatus.REQUESTED,
        requested_on=year_start(LAST_YEAR - 1),
        decided_on=None,
    )
    monitor_services.refresh_dimension_facts()
    users = [funded.users["policy_officer"], funded.users["coordinator"]]
    years = [LAST_YEAR - 1, LAST_YEAR, LAST_YEAR + 1]
    from_facts = [_signal_cells(user, year) for user in users for year in years]
    monkeypatch.setattr(financing, "signal_rows", _live_signals)
    live = [_signal_cells(user, year) for user in users for year in years]
    assert from_facts == live
    counted = {
        row
        for cells, _published in live
        for row, _col, _n, people, _s in cells[(tables.TOTAL, None)]
        if people
    }
    assert len(counted) >= 2, counted
    assert SignalFact.objects.exists()


def test_a_write_refreshes_the_cases_funding_signals_once_committed(
    funded, django_capture_on_commit_callbacks
):
    """A module's decision requested long ago and not taken is a signal of its case once the
    write is committed; deciding it takes the signal away."""
    module = Module.objects.filter(
        plan__case__region=funded.region,
        plan__case__closed_at__isnull=True,
        removed_at__isnull=True,
    ).first()
    assert module is not None
    case_id = module.plan.case_id
    overdue = SignalFact.objects.filter(case=case_id, rule=funding.Rule.DECISION_OVERDUE)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        module.decision_status = DecisionStatus.REQUESTED
        module.requested_on = timezone.localdate() - dt.timedelta(days=200)
        module.decided_on = None
        module.save()
        assert not overdue.exists()  # not yet: the write is not committed
    assert overdue.exists()


def test_linking_a_goal_to_a_module_refreshes_its_plans_signals_once_committed(
    funded, django_capture_on_commit_callbacks
):
    """A goal without a funded module is a gap: linking it to a module (no save of either)
    judges the plan again once committed."""
    module = Module.objects.filter(
        plan__case__region=funded.region,
        plan__case__closed_at__isnull=True,
        removed_at__isnull=True,
    ).first()
    assert module is not None
    goal = (
        Goal.objects.filter(plan=module.plan_id, removed_at__isnull=True)
        .exclude(modules=module)
        .first()
    )
    if goal is None:
        pytest.skip("every goal of the plan is linked to the module already")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        module.goals.add(goal)
    assert len(callbacks) == 1
