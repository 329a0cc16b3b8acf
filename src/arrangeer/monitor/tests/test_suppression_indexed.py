"""The suppression solved on integer indices (suppression.suppress, Indexed) suppresses
exactly the cells the rule's first implementation did (kept below as the reference, on keys,
as it was): on random problems (grids with margins in several slices, lines across the
slices, random overlapping lines, forced keys, children behind a count other than the count)
and on the monitor's own tables of the test region, for every filter choice."""

from __future__ import annotations

import heapq
import random
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import pytest

from arrangeer.monitor.suppression import (
    THRESHOLD,
    Figure,
    Line,
    grid_lines,
    protect,
    round_count,
    suppress,
)


@dataclass
class _Reference:
    """The rule as first implemented (suppression._Problem before the indexed solver)."""

    counts: Mapping[Any, int]
    people: Mapping[Any, int]
    lines: Sequence[Line[Any]]
    threshold: int
    suppressed: set[Any] = field(default_factory=set)
    news: list[Any] = field(default_factory=list)

    def small(self, key):
        return self.people.get(key, self.counts.get(key, 0)) < self.threshold

    def _hide(self, keys):
        for key in keys:
            if key not in self.suppressed:
                self.suppressed.add(key)
                self.news.append(key)

    def settle_line(self, line, members=None):
        if members is None:
            members = [m for m in line.members if m in self.counts]
        if not members:
            return False
        open_members = [m for m in members if m not in self.suppressed]
        if line.total in self.suppressed:
            if open_members:
                self._hide(open_members)
                return True
            return False
        if len(open_members) == len(members):
            return False
        hidden = [m for m in members if m in self.suppressed]
        held = sum(self.people.get(m, self.counts[m]) for m in hidden)
        if not open_members:
            exact = sum(self.counts[m] for m in hidden) == self.counts.get(line.total)
            if exact and (len(hidden) == 1 or held < self.threshold):
                self._hide([line.total])
                return True
            return False
        if len(hidden) > 1 and held >= self.threshold:
            return False
        self._hide([min(open_members, key=lambda m: self.counts[m])])
        return True

    def settle(self):
        members = [[m for m in line.members if m in self.counts] for line in self.lines]
        lines_of = defaultdict(list)
        for n, line in enumerate(self.lines):
            for key in dict.fromkeys((*members[n], line.total)):
                lines_of[key].append(n)
        this_round = list(range(len(self.lines)))
        next_round = []
        waiting = set(this_round)
        while this_round or next_round:
            if not this_round:
                this_round, next_round = next_round, []
                heapq.heapify(this_round)
            n = heapq.heappop(this_round)
            waiting.discard(n)
            self.news.clear()
            while self.settle_line(self.lines[n], members[n]):
                pass
            for key in self.news:
                for other in lines_of[key]:
                    if other != n and other not in waiting:
                        waiting.add(other)
                        heapq.heappush(this_round if other > n else next_round, other)


def reference_suppress(counts, people, lines, *, forced=(), threshold=THRESHOLD):
    problem = _Reference(counts, people or {}, list(lines), threshold)
    problem.suppressed = {key for key in counts if problem.small(key)} | (set(forced) & set(counts))
    problem.settle()
    return problem.suppressed


T = "total"


def _small_or_large(rng: random.Random) -> int:
    return rng.choice([rng.randint(0, 12), rng.randint(0, 12), rng.randint(0, 60)])


def _random_problem(rng: random.Random):
    """Slices of a grid with its margins (slice 0 the sum of the others, so every line
    across the slices adds up exactly), their grid lines and lines across the slices, then
    random overlapping lines (members without a count, repeats, totals without a count or
    that do not add up), children behind some counts, forced keys."""
    rows = list(range(rng.randint(1, 5)))
    cols = [f"c{n}" for n in range(rng.randint(1, 4))]
    row_totals, col_totals = rng.random() < 0.8, rng.random() < 0.8
    grid = grid_lines(rows, cols, total=T, row_totals=row_totals, col_totals=col_totals)
    parts = rng.randint(1, 5)
    cells = [{(r, c): _small_or_large(rng) for r in rows for c in cols} for _ in range(parts)]
    cells.insert(0, {key: sum(part[key] for part in cells) for key in cells[0]})
    counts: dict[Hashable, int] = {}
    lines: list[Line[Hashable]] = []
    for s, grid_cells in enumerate(cells):
        full = dict(grid_cells)
        if row_totals:
            full |= {(r, T): sum(grid_cells[(r, c)] for c in cols) for r in rows}
        if col_totals:
            full |= {(T, c): sum(grid_cells[(r, c)] for r in rows) for c in cols}
        if row_totals and col_totals:
            full[(T, T)] = sum(grid_cells.values())
        counts |= {(s, key): value for key, value in full.items()}
        lines += [Line(tuple((s, m) for m in g.members), (s, g.total)) for g in grid]
    cell_keys = [key for (s, key) in counts if s == 0]
    if parts > 1:
        lines += [Line(tuple((s, key) for s in range(1, parts + 1)), (0, key)) for key in cell_keys]
    keys = list(counts)
    for _ in range(rng.randint(0, 6)):
        members = rng.sample(keys, rng.randint(1, min(6, len(keys))))
        if rng.random() < 0.2:
            members.append(("missing", rng.randint(0, 3)))
        if rng.random() < 0.1:
            members.append(members[0])
        total = rng.choice([*keys, ("missing", 9)])
        if rng.random() < 0.5 and total in counts and total not in members:
            counts[total] = sum(counts.get(m, 0) for m in members)
        lines.append(Line(tuple(members), total))
    rng.shuffle(lines) if rng.random() < 0.1 else None
    people = {k: max(0, v - rng.randint(-3, 8)) for k, v in counts.items() if rng.random() < 0.3}
    forced = rng.sample(keys, rng.randint(0, 2)) + ([("missing", 1)] if rng.random() < 0.1 else [])
    threshold = rng.choice([THRESHOLD, THRESHOLD, THRESHOLD, 5, 1])
    return counts, people, lines, forced, threshold


def test_the_indexed_solver_suppresses_what_the_reference_does_on_random_problems():
    rng = random.Random(16)
    hidden_somewhere = 0
    for _ in range(500):
        counts, people, lines, forced, threshold = _random_problem(rng)
        expected = reference_suppress(counts, people, lines, forced=forced, threshold=threshold)
        found = suppress(counts, people, lines, forced=forced, threshold=threshold)
        assert found == expected, (counts, people, lines, forced, threshold)
        figures = protect(counts, lines, people=people, forced=forced, threshold=threshold)
        assert figures == {
            key: Figure(None if key in expected else round_count(count))
            for key, count in counts.items()
        }
        hidden_somewhere += bool(expected - {k for k in counts if counts[k] < threshold})
    assert hidden_somewhere > 200, "the problems exercise the secondary suppression"


def test_a_hidden_member_alone_under_an_exact_total_hides_the_total_alike():
    lines = [Line(("school",), "town")]
    for town, expected in ((30, {"school", "town"}), (31, {"school"})):
        counts = {"school": 30, "town": town}
        assert reference_suppress(counts, {}, lines, forced=["school"]) == expected
        assert suppress(counts, {}, lines, forced=["school"]) == expected


def test_rounding_in_whole_numbers_is_rounding_half_up_in_decimals():
    from decimal import ROUND_HALF_UP

    for base in range(2, 12):
        for count in range(0, 2000):
            exact = Decimal(count) / base
            assert round_count(count, base) == int(exact.quantize(1, ROUND_HALF_UP)) * base


def test_the_collector_is_paused_while_solving_and_restored_after_it_even_on_an_error():
    import gc

    from arrangeer.monitor.suppression import collector_paused

    def fail_while_paused():
        with collector_paused():
            assert not gc.isenabled()
            raise KeyError

    assert gc.isenabled()
    with pytest.raises(KeyError):
        fail_while_paused()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled(), "paused by someone else: left as it was"
    finally:
        gc.enable()


# The monitor's own tables: the page's build against the problem built as it first was
# (tables._problem and tables._filter_lines before the grid on integer indices) and solved
# by the reference.


def _with_margins(cells, rows, cols, spec, zero):
    full = {(r, c): cells.get((r, c), zero) for r in rows for c in cols}
    if spec.row_totals:
        for r in rows:
            full[(r, TOTAL)] = sum((full[(r, c)] for c in cols), zero)
    if spec.col_totals:
        for c in cols:
            full[(TOTAL, c)] = sum((full[(r, c)] for r in rows), zero)
    if spec.row_totals and spec.col_totals:
        full[(TOTAL, TOTAL)] = sum((full[(r, TOTAL)] for r in rows), zero)
    return full


def _reference_build(spec, source, filters, counted):
    """tables.build as it was, on the cells of every slice (`counted`)."""
    from arrangeer.monitor import tables

    slices = defaultdict(lambda: defaultdict(lambda: [0, 0, Decimal(0)]))
    slices[(TOTAL, None)] = defaultdict(lambda: [0, 0, Decimal(0)])
    for name, values in source.dimensions.items():
        for value in values:
            slices[(name, value)] = defaultdict(lambda: [0, 0, Decimal(0)])
    for slice_key, found in counted.items():
        for r, c, n, p, s in found:
            cell = slices[slice_key][(r, c)]
            cell[0], cell[1], cell[2] = cell[0] + n, cell[1] + p, cell[2] + s
    active = filters.active()
    chosen = (active[0], getattr(filters, active[0])) if active else (TOTAL, None)
    rows = list(spec.rows)
    if spec.group_by is not None:
        seen = {r for cells in slices.values() for r, _c in cells}
        known = {row.key for row in rows}
        rows = [row for row in rows if row.key in seen] + [
            tables.Row(key, str(key)) for key in sorted(seen - known, key=str)
        ]
    row_keys = [row.key for row in rows]
    col_keys = [col.key for col in spec.columns]
    grid = grid_lines(
        row_keys, col_keys, total=TOTAL, row_totals=spec.row_totals, col_totals=spec.col_totals
    )
    counts, people, sums, lines = {}, {}, {}, []
    for (name, dim), cells in slices.items():
        full = _with_margins({k: v[0] for k, v in cells.items()}, row_keys, col_keys, spec, 0)
        full_people = _with_margins(
            {k: v[1] for k, v in cells.items()}, row_keys, col_keys, spec, 0
        )
        full_sums = _with_margins(
            {k: v[2] for k, v in cells.items()}, row_keys, col_keys, spec, Decimal(0)
        )
        for key, value in full.items():
            counts[(name, dim, key)] = value
            people[(name, dim, key)] = full_people[key]
            sums[(name, dim, key)] = full_sums[key]
        lines += [
            Line(tuple((name, dim, m) for m in line.members), (name, dim, line.total))
            for line in grid
        ]
    cell_keys = [key for (name, _dim, key) in counts if name == TOTAL]
    for name in source.dimensions:
        dims = sorted({d for (n, d) in slices if n == name}, key=lambda d: (d is None, str(d)))
        for key in cell_keys:
            lines.append(Line(tuple((name, d, key) for d in dims), (TOTAL, None, key)))
    if "school" in source.dimensions:
        nested = defaultdict(list)
        for name, school, value in filters.schools_in:
            if name in source.dimensions:
                nested[(name, value)].append(school)
        for (name, value), schools in nested.items():
            for key in cell_keys:
                lines.append(Line(tuple(("school", s, key) for s in schools), (name, value, key)))
    hidden = reference_suppress(counts, people, lines)
    figures = {}
    for key in cell_keys:
        full_key = (chosen[0], chosen[1], key)
        if full_key not in counts or full_key in hidden:
            figures[key] = Figure(None)
        elif tables._amounts(spec):
            figures[key] = Figure(tables.euros(sums[full_key]))
        else:
            figures[key] = Figure(round_count(counts[full_key]))
    return row_keys, figures


TOTAL = "__total__"


@pytest.mark.django_db
def test_the_monitor_tables_publish_what_the_reference_publishes(world):
    """Every table of every theme, for the region's policy officer and a school's coordinator,
    without a filter and with a choice of each filter: the same rows and figures."""
    from arrangeer.monitor import indicators, services, tables
    from arrangeer.monitor.constants import Theme
    from arrangeer.monitor.reading import choose_scope, read_filters

    from .helpers import LAST_YEAR

    assert tables.TOTAL == TOTAL
    services.refresh_facts()
    compared = hidden = 0
    for user in (world.users["policy_officer"], world.users["coordinator"]):
        scope, scopes = choose_scope(user, {})
        context = read_filters({"jaar": str(LAST_YEAR)}, scope, scopes)
        bare = context["filters"]
        for theme in Theme:
            result = indicators.theme_result(
                theme,
                scope,
                bare,
                routes=context["routes"],
                norms=context["norms"],
                choices=context["choices"],
            )
            for spec, source in result.pending:
                counted = tables._slices_of(spec, source, tables.Filters(year=bare.year))
                choices: list[Any] = [bare]
                for name, values in source.dimensions.items():
                    choices += [replace(bare, **{name: value}) for value in list(values)[:2]]
                for filters in choices:
                    table = tables.build(spec, source, filters, counted=counted)
                    row_keys, figures = _reference_build(spec, source, filters, counted)
                    assert [row.key for row in table.rows] == row_keys, spec.key
                    assert table.figures == figures, (spec.key, filters)
                    compared += len(figures)
                    hidden += sum(f.suppressed for f in figures.values())
    assert compared > 500 and 0 < hidden < compared


@pytest.mark.parametrize(("rows", "cols"), [(["a", "a"], ["x"]), (["a"], ["x", TOTAL])])
def test_a_grid_refuses_keys_that_would_share_a_place(rows, cols):
    from arrangeer.monitor.tables_grid import Grid
    from arrangeer.monitor.tables_spec import TableSpec

    spec = TableSpec(key="t", title="t", rows=[], columns=[])
    with pytest.raises(ValueError, match="distinct"):
        Grid(rows, cols, spec)
