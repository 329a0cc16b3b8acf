"""A table's suppression problem on integer indices (`tables.build`): every slice (the table
without filters and each choice of each filter) is the same grid of cells with its margins,
so a cell is `slice * grid size + its place in the grid`, the counts and children are flat
lists of ints, and the lines are tuples of ints (suppression.Indexed). The same problem, line
for line and member for member, as keyed by (filter name, value, (row, column)) with
`suppression.grid_lines` and a line across the slices per cell: so the same cells are
suppressed, without a key, a dict entry or a `Line` per cell of a slice (thousands of each
for a region's schools).

The grid's places: the cells of the rows and columns (row by row), then the row totals, the
column totals and the grand total, where the table has them; in that order they are also the
table's cell keys. Row keys and column keys are distinct within a table, and none is `TOTAL`."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from .suppression import Figure, Indexed, round_count
from .tables_spec import TOTAL, Filters, TableSpec

Cell = tuple[Hashable, Hashable]  # (row, column); a margin has TOTAL in place of either
SliceKey = tuple[str, Hashable]  # (filter name, its value); (TOTAL, None) without filters
# One slice's cells: (row key, column key, count, children, sum).
SliceCells = list[tuple[Hashable, Hashable, int, int, Decimal]]
Dims = Mapping[str, Sequence[Hashable]]  # the choices of each filter (Source.dimensions)
N = TypeVar("N", int, Decimal)


class Grid:
    """The places of a table's cells and margins, and its lines as places (`grid_lines`)."""

    def __init__(self, row_keys: Sequence[Hashable], col_keys: Sequence[Hashable], spec: TableSpec):
        rows, cols = len(row_keys), len(col_keys)
        self.rows, self.cols = rows, cols
        self.row_totals, self.col_totals = spec.row_totals, spec.col_totals
        keys: list[Cell] = [(r, c) for r in row_keys for c in col_keys]
        self.place = {key: n for n, key in enumerate(keys)}
        if len(self.place) != rows * cols or TOTAL in row_keys or TOTAL in col_keys:
            # Two cells in one place would be counted and suppressed as one.
            raise ValueError("A table's row keys and column keys must be distinct, not TOTAL.")
        inner = range(rows * cols)
        lines: list[tuple[tuple[int, ...], int]] = []
        # Where the margins are: the first row total, column total, and the grand total.
        self.row_at = self.col_at = self.all_at = -1
        if self.row_totals:
            self.row_at = len(keys)
            keys += [(r, TOTAL) for r in row_keys]
            lines += [
                (tuple(inner[r * cols : (r + 1) * cols]), self.row_at + r) for r in range(rows)
            ]
        if self.col_totals:
            self.col_at = len(keys)
            keys += [(TOTAL, c) for c in col_keys]
            lines += [(tuple(inner[c::cols]), self.col_at + c) for c in range(cols)]
        if self.row_totals and self.col_totals:
            self.all_at = len(keys)
            keys.append((TOTAL, TOTAL))
            lines.append((tuple(range(self.row_at, self.row_at + rows)), self.all_at))
            lines.append((tuple(range(self.col_at, self.col_at + cols)), self.all_at))
        self.keys = keys
        self.size = len(keys)
        self.lines = lines

    def add_margins(self, values: list[N], at: int, zero: N) -> None:
        """The margins of the grid at `at` in `values`, from its cells (a total from the exact
        cells, the grand total from the row totals)."""
        rows, cols = self.rows, self.cols
        if self.row_totals:
            for r in range(rows):
                start = at + r * cols
                values[at + self.row_at + r] = sum(values[start : start + cols], zero)
        if self.col_totals:
            for c in range(cols):
                values[at + self.col_at + c] = sum(values[at + c : at + rows * cols : cols], zero)
        if self.all_at >= 0:
            start = at + self.row_at
            values[at + self.all_at] = sum(values[start : start + rows], zero)


class Sliced:
    """Every slice of a table on one grid, as one suppression problem: the table without
    filters, every choice of every filter, and what was counted besides (in that order), each
    with its margins; each slice's rows and columns, and per cell the lines across the
    slices (`lines`)."""

    def __init__(self, grid: Grid, counted: Mapping[SliceKey, SliceCells], dimensions: Dims):
        self.grid = grid
        self.counted = counted
        slices: dict[SliceKey, int] = {(TOTAL, None): 0}
        for name, values in dimensions.items():
            for value in values:
                slices.setdefault((name, value), len(slices))
        for slice_key, cells in counted.items():
            if cells:
                slices.setdefault(slice_key, len(slices))
        self.slices = slices
        self.dimensions = dimensions
        size, place = grid.size, grid.place
        self.counts = counts = [0] * (len(slices) * size)
        self.people = people = [0] * (len(slices) * size)
        for slice_key, cells in counted.items():
            at = slices[slice_key] * size if cells else 0
            for r, c, n, p, _s in cells:
                if (g := place.get((r, c))) is not None:
                    counts[at + g] += n
                    people[at + g] += p
        self.offsets = range(0, len(counts), size or 1)  # where each slice's grid begins
        for at in self.offsets:
            grid.add_margins(counts, at, 0)
            grid.add_margins(people, at, 0)

    def lines(self, filters: Filters) -> tuple[list[tuple[int, ...]], list[int]]:
        """The lines' members and totals: each slice's rows and columns (`Grid.lines`), then
        per filter and cell its choices adding up to the table without filters, then per
        municipality (SWV, board, sector) and cell its schools adding up to it (tables.py,
        `build`)."""
        size, slices = self.grid.size, self.slices
        members: list[tuple[int, ...]] = []
        totals: list[int] = []
        for at in self.offsets:
            for line, total in self.grid.lines:
                members.append(tuple([at + m for m in line]))
                totals.append(at + total)
        for name in self.dimensions:
            dims = sorted({d for (n, d) in slices if n == name}, key=lambda d: (d is None, str(d)))
            offsets = [slices[(name, d)] * size for d in dims]
            for g in range(size):
                members.append(tuple([at + g for at in offsets]))
                totals.append(g)
        for (name, value), schools in self._nested(filters).items():
            offsets = [slices[("school", s)] * size for s in schools if ("school", s) in slices]
            whole = slices[(name, value)] * size if (name, value) in slices else -1
            for g in range(size):
                members.append(tuple([at + g for at in offsets]))
                totals.append(whole + g if whole >= 0 else -1)
        return members, totals

    def _nested(self, filters: Filters) -> dict[SliceKey, list[Hashable]]:
        """A school's municipality, SWV and board are known: per such a value its schools."""
        nested: dict[SliceKey, list[Hashable]] = {}
        if "school" in self.dimensions:
            for name, school, value in filters.schools_in:
                if name in self.dimensions:
                    nested.setdefault((name, value), []).append(school)
        return nested

    def figures(self, filters: Filters, chosen: SliceKey, amounts: bool) -> dict[Cell, Figure]:
        """Solve, and publish the slice `chosen`: its counts rounded, or (`amounts`) its sums
        in whole euros where its counts are shown; nothing of a slice that is not there."""
        grid = self.grid
        if chosen not in self.slices:
            return dict.fromkeys(grid.keys, Figure(None))
        members, totals = self.lines(filters)
        hidden = Indexed(self.counts, self.people, members, totals).settle()
        at = self.slices[chosen] * grid.size
        if amounts:
            sums = [Decimal(0)] * grid.size
            for r, c, _n, _p, s in self.counted.get(chosen, ()):
                if (g := grid.place.get((r, c))) is not None:
                    sums[g] += s
            grid.add_margins(sums, 0, Decimal(0))
            shown = [euros(amount) for amount in sums]
        else:
            shown = [round_count(count) for count in self.counts[at : at + grid.size]]
        return {
            key: Figure(None if hidden[at + g] else shown[g]) for g, key in enumerate(grid.keys)
        }


def euros(amount: Decimal) -> int:
    """An amount as published: whole euros, halves up."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
