"""Counting in SQL and publishing through the suppression rule.

A table is rows by columns of counts. Every cell is a conditional aggregate (COUNT … FILTER);
a table whose rows come from the data (sector, municipality, age group) groups by that value
(GROUP BY). Secondary suppression needs the table without filters and the table for every
choice of every filter (the lines across a filter's choices, docs/monitor.md); a table of
counts gets all of them from ONE query that reads its base once (`_sliced_cells`: GROUPING
SETS on PostgreSQL, one set per filter). Nothing loops over cases in Python, and the number of
queries does not depend on the data.

A table of amounts (`TableSpec.sum_of`) sums a column of its base, one query per slice (so the
database's decimals are kept), or, when the column is a whole number of a fraction of a euro
(`TableSpec.sum_per_euro`: exact on every database), in the one query with the counts; it is
published through the same rule as its counts: an amount
is shown only where the count of its cell is, so it never says anything about fewer than 10
children.

What a table is (Filters, TableSpec, Source, PublishedTable) is in tables_spec.py, the grouped
SQL (the aggregates, what the base selects, GROUPING SETS) in tables_sql.py; this module
counts the slices with them and publishes them through the suppression rule (`build`). The
monitor names all of them here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import connections

from .suppression import collector_paused

# The suppression problem of a table's slices on integer indices.
from .tables_grid import Grid, SliceCells, Sliced, SliceKey
from .tables_grid import euros as euros

# What a table is, and its grouped SQL, are in their own modules; the monitor names them here.
from .tables_spec import DIMENSION_PATHS as DIMENSION_PATHS
from .tables_spec import KEYED as KEYED
from .tables_spec import TOTAL as TOTAL
from .tables_spec import Column as Column
from .tables_spec import Filters as Filters
from .tables_spec import PublishedTable as PublishedTable
from .tables_spec import Row as Row
from .tables_spec import Share as Share
from .tables_spec import Source as Source
from .tables_spec import TableSpec as TableSpec
from .tables_spec import _in_euro
from .tables_sql import _cells as _cells
from .tables_sql import _grouped_dims, _grouping_sets, _select_groups, _tagged_grouping_sql
from .tables_sql import _grouping_set as _grouping_set
from .tables_sql import _grouping_sql as _grouping_sql


def _sliced_cells(spec: TableSpec, source: Source, filters: Filters) -> dict[SliceKey, SliceCells]:
    """The cells of every slice of a table of counts, from ONE query (`_sliced_tables`)."""
    return _sliced_tables([spec], source, filters)[0]


def _row_group(spec: TableSpec) -> Hashable:
    """Which tables are on the same rows: the same `group_by` (a field's name, or the same
    expression), or none (each table's own rows)."""
    return spec.group_by if isinstance(spec.group_by, str) else id(spec.group_by)


def _sliced_tables(
    specs: Sequence[TableSpec], source: Source, filters: Filters, *, nested: bool | None = None
) -> list[dict[SliceKey, SliceCells]]:
    """The cells of every slice of tables of counts that share their base (`source`), from
    ONE query that reads the base once: the base's rows (who, each table's row value, each
    filter's value, and whether the row counts in each cell of each table) grouped once for
    the tables without filters and once per filter, by its value (`_grouping_sql`). Tables on
    different rows (`group_by`) are grouped each by their own rows over the same base, read
    once (`_tagged_grouping_sql`). Per table, keyed (filter name, value), the table without
    filters as (TOTAL, None). The same counts as one query per slice (`_cells`): each set
    groups the same rows by the same values, and counts distinct children within its group.

    Where the children are counted (the source's person is the case's child), the school-level
    filters are grouped by together, in one set (`nested`, the default then): a municipality's
    (an SWV's, a board's, a sector's) cells are the sum of those of its schools, as each child
    counts in one school. The database sorts the base once for them instead of five times.
    That holds when no child counts in a cell in two schools, which the figures themselves
    show: then the schools' cells add up to the table without filters, in every cell. When
    they do not (a child's cases at two schools), the query is run again with every filter on
    its own."""
    if nested is None:
        nested = not source.person
    together: dict[Hashable, list[int]] = defaultdict(list)
    for t, spec in enumerate(specs):
        together[_row_group(spec)].append(t)
    groups = list(together.values())
    sets = _grouping_sets(source, nested)
    records, is_grouped = _grouped_records(specs, groups, source, filters, sets)
    found, whole, parts = _read_records(specs, groups, is_grouped, list(source.dimensions), records)
    if len(sets) < len(source.dimensions) + 1 and any(
        parts[cell] != n for cell, n in whole.items()
    ):
        return _sliced_tables(specs, source, filters, nested=False)
    return found


def _grouped_records(
    specs: Sequence[TableSpec],
    groups: list[list[int]],
    source: Source,
    filters: Filters,
    sets: list[tuple[int, ...]],
) -> tuple[list[tuple[Any, ...]], list[bool]]:
    """The grouped rows of `_sliced_tables`' one statement (`_grouping_sql`, or with several
    groups of rows `_tagged_grouping_sql`), and whether each group is on grouped rows."""
    names = list(source.dimensions)
    select, aggregates, used = _select_groups(
        [[specs[t] for t in group] for group in groups], source
    )
    base = source.queryset(Filters(year=filters.year)).order_by()
    inner, params = base.annotate(**select).values(*select).query.sql_with_params()
    is_grouped = [specs[group[0]].group_by is not None for group in groups]
    if len(groups) > 1:
        sql = _tagged_grouping_sql(
            inner, len(names), list(zip(is_grouped, aggregates, used, strict=True)), sets
        )
    else:
        sql = _grouping_sql(inner, len(names), is_grouped[0], aggregates[0], sets)
    # On the connection the ORM would read base from: the read replica when there is one.
    with connections[base.db].cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall()), is_grouped


Cell = tuple[int, Hashable, Hashable]


def _read_records(
    specs: Sequence[TableSpec],
    groups: list[list[int]],
    is_grouped: list[bool],
    names: list[str],
    records: list[tuple[Any, ...]],
) -> tuple[list[dict[SliceKey, SliceCells]], dict[Cell, int], dict[Cell, int]]:
    """Each table's cells per slice from the grouped rows (`_grouped_records`), with the
    children per cell without filters (`whole`) and summed over the school-level set's groups
    (`parts`)."""
    found: list[dict[SliceKey, SliceCells]] = [defaultdict(list) for _spec in specs]
    whole: dict[Cell, int] = defaultdict(int)
    parts: dict[Cell, int] = defaultdict(int)
    tagged = len(groups) > 1
    # The columns: [the group's index,] the grouping set, the rows' values, the filters'.
    row_columns = [g for g, grouped in enumerate(is_grouped) if grouped] if tagged else [0]
    start = 1 + int(tagged)
    offset = start + (len(row_columns) if tagged else int(is_grouped[0])) + len(names)
    for record in records:
        g = int(record[0]) if tagged else 0
        by = _grouped_dims(record[int(tagged)], len(names))
        grouped = is_grouped[g]
        row_value = record[start + row_columns.index(g)] if grouped else None
        values = record[offset - len(names) : offset]
        slice_keys: list[SliceKey] = [(names[k], values[k]) for k in by] or [(TOTAL, None)]
        figures = iter(record[offset:])
        for t in groups[g]:
            spec = specs[t]
            rows = [Row("", "")] if grouped else spec.rows
            for row in rows:
                row_key = row.key if not grouped else spec.row_key(row_value)
                summed = row.sum_of or spec.sum_of
                for col in spec.columns:
                    people = int(next(figures) or 0)
                    count = int(next(figures) or 0) if spec.count_rows else people
                    total = _in_euro(spec, next(figures)) if summed else Decimal(0)
                    for slice_key in slice_keys:
                        found[t][slice_key].append((row_key, col.key, count, people, total))
                    if not by:
                        whole[(t, row_key, col.key)] += people
                    elif len(by) > 1:
                        parts[(t, row_key, col.key)] += people
    return found, whole, parts


def _slices_of(spec: TableSpec, source: Source, filters: Filters) -> dict[SliceKey, SliceCells]:
    """Every slice's cells: one query for a table of counts (and of exact amounts), one per
    slice for a table of decimal amounts."""
    if _grouped(spec):
        return _sliced_cells(spec, source, filters)
    bare = Filters(year=filters.year)
    found: dict[SliceKey, SliceCells] = defaultdict(list)
    for _dim, r, c, n, p, s in _cells(spec, source, bare):
        found[(TOTAL, None)].append((r, c, n, p, s))
    for name in source.dimensions:
        for dim, r, c, n, p, s in _cells(spec, source, bare, extra=name):
            found[(name, dim)].append((r, c, n, p, s))
    return found


def _amounts(spec: TableSpec) -> bool:
    return bool(spec.sum_of or any(row.sum_of for row in spec.rows))


def _grouped(spec: TableSpec) -> bool:
    """Counted in the one grouped query: counts, and amounts in whole numbers."""
    return not _amounts(spec) or bool(spec.sum_per_euro)


def build_all(
    pending: Sequence[tuple[TableSpec, Source]], filters: Filters
) -> list[PublishedTable]:
    """`build` for every table of a page, in their order: tables of counts that share their
    base and their rows (the same `Source`, the same `group_by`) are counted together, in one
    query (`_sliced_tables`); of a source that says so (`Source.read_once`), whatever their
    rows, in one query that reads the base once."""
    together: dict[tuple[int, Hashable], list[int]] = defaultdict(list)
    for n, (spec, source) in enumerate(pending):
        if _grouped(spec):
            together[(id(source), None if source.read_once else _row_group(spec))].append(n)
    counted: dict[int, dict[SliceKey, SliceCells]] = {}
    for members in together.values():
        source = pending[members[0]][1]
        specs = [pending[n][0] for n in members]
        for n, cells in zip(members, _sliced_tables(specs, source, filters), strict=True):
            counted[n] = cells
    return [
        build(spec, source, filters, counted=counted.get(n))
        for n, (spec, source) in enumerate(pending)
    ]


def _table_rows(spec: TableSpec, counted: Mapping[SliceKey, SliceCells]) -> list[Row]:
    """The spec's rows; of a grouped table, the rows the data has, in the order the spec names
    them, the others after."""
    rows = list(spec.rows)
    if spec.group_by is not None:
        seen = {r for cells in counted.values() for r, *_rest in cells}
        known = {row.key for row in rows}
        rows = [row for row in rows if row.key in seen] + [
            Row(key, str(key)) for key in sorted(seen - known, key=str)
        ]
    return rows


def build(
    spec: TableSpec,
    source: Source,
    filters: Filters,
    *,
    counted: Mapping[SliceKey, SliceCells] | None = None,
) -> PublishedTable:
    """Count, then publish through the rule, as one problem for the whole region (or school):
    the table without filters and the table for every choice of every filter (`dimensions`),
    with the lines across each filter's choices besides the table's own rows and columns
    (tables_grid.py: on integer indices). The page shows the slice of its filter. Every page
    solves the same problem, whatever its filter, so no two pages disagree on what is hidden
    (one filter at a time, forms.py).

    The lines across the slices: per cell, every choice of a filter adds up to the table
    without filters; and a school's municipality, SWV and board are known, so the slice of a
    municipality, an SWV or a board (or of none) is the sum of its schools' slices, a line
    like the others (else the region's figure minus the other boards and the schools without
    a board would give a hidden board's; a municipality hidden to protect another, its
    schools all shown, would give itself and then the other)."""
    if counted is None:
        counted = _slices_of(spec, source, Filters(year=filters.year))
    active = filters.active()
    chosen = (active[0], getattr(filters, active[0])) if active else (TOTAL, None)
    rows = _table_rows(spec, counted)
    grid = Grid([row.key for row in rows], [col.key for col in spec.columns], spec)
    with collector_paused():
        figures = Sliced(grid, counted, source.dimensions).figures(filters, chosen, _amounts(spec))
    return PublishedTable(spec=spec, rows=rows, columns=spec.columns, figures=figures)
