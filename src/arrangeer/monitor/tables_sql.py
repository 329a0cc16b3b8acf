"""The grouped SQL of tables.py: the aggregates of a table's cells (COUNT … FILTER, SUM),
what the base selects for the one query that counts every slice of a page's tables, and
the statement that groups it by each filter (GROUPING SETS on PostgreSQL, a UNION ALL of
GROUP BYs on SQLite). Also the one query per slice of a table of decimal amounts
(`_cells`). tables.py reads the rows and publishes them."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, F, Sum, Value, When
from django.db.models import Case as Cases

from .tables_spec import Filters, Row, Source, TableSpec, _in_euro


def _aggregates(spec: TableSpec, source: Source) -> dict[str, Any]:
    child = source.person_path
    out: dict[str, Any] = {}
    rows = [Row("", "")] if spec.group_by is not None else spec.rows
    for i, row in enumerate(rows):
        for j, col in enumerate(spec.columns):
            condition = row.q & row.col_q.get(col.key, col.q)
            out[f"p{i}_{j}"] = Count(child, distinct=True, filter=condition or None)
            if spec.count_rows:
                out[f"n{i}_{j}"] = (
                    Sum(col.weight, filter=condition or None)
                    if col.weight
                    else Count("pk", filter=condition or None)
                )
            summed = row.sum_of or spec.sum_of
            if summed:
                out[f"s{i}_{j}"] = Sum(summed, filter=condition or None)
    return out


def _cells(
    spec: TableSpec, source: Source, filters: Filters, extra: str | None = None
) -> list[tuple[Hashable, Hashable, Hashable, int, int, Decimal]]:
    """(filter value or None, row key, column key, count, children, sum) from one query per
    slice: the way a table of amounts is counted (its sums keep the database's decimals)."""
    queryset = source.queryset(filters if extra is None else filters.without(extra))
    group: dict[str, Any] = {}
    if spec.group_by is not None:
        group["m_row"] = F(spec.group_by) if isinstance(spec.group_by, str) else spec.group_by
    if extra is not None:
        group["m_dim"] = F(source.dimension(extra))
    aggregates = _aggregates(spec, source)
    if group:
        records = list(queryset.annotate(**group).values(*group).annotate(**aggregates).order_by())
    else:
        records = [queryset.aggregate(**aggregates)]
    found = []
    rows: list[Row | None] = list(spec.rows) if spec.group_by is None else [None]
    for record in records:
        dim = record.get("m_dim")
        for i, row in enumerate(rows):
            row_key = row.key if row is not None else spec.row_key(record["m_row"])
            for j, col in enumerate(spec.columns):
                people = record[f"p{i}_{j}"] or 0
                count = (record[f"n{i}_{j}"] or 0) if spec.count_rows else people
                total = _in_euro(spec, record.get(f"s{i}_{j}"))
                found.append((dim, row_key, col.key, count, people, total))
    return found


# The filters that are the school's (its municipality, sector, SWV, board, and itself): a
# child counts in one school, so these slices are sums of the schools' slices (`_sliced_tables`).
SCHOOL_LEVEL = ("school", "municipality", "sector", "swv", "school_board")


def _select(specs: Sequence[TableSpec], source: Source) -> tuple[dict[str, Any], list[str]]:
    """What the base selects for `_sliced_tables` (who, the row's value, each filter's value,
    whether the row counts in each cell of each table, what a cell sums) and the aggregates
    per cell (the children, the rows or their weight, the sum), in the order they are read:
    for tables on the same rows."""
    select, aggregates, _columns = _select_groups([specs], source)
    return select, aggregates[0]


def _select_groups(
    groups: Sequence[Sequence[TableSpec]], source: Source
) -> tuple[dict[str, Any], list[list[str]], list[list[str]]]:
    """`_select` for groups of tables, each group on its own rows (its `group_by`): one base
    for all of them (the row's value of each group as `m_row<g>`; `m_row` with one group),
    the aggregates per group, and the base's columns each group reads."""
    quote = connection.ops.quote_name
    select: dict[str, Any] = {"m_person": F(source.person_path)}
    for g, specs in enumerate(groups):
        group_by = specs[0].group_by
        if group_by is not None:
            alias = "m_row" if len(groups) == 1 else f"m_row{g}"
            select[alias] = F(group_by) if isinstance(group_by, str) else group_by
    for k, name in enumerate(source.dimensions):
        select[f"m_d{k}"] = F(source.dimension(name))
    per_group: list[list[str]] = []
    columns: list[list[str]] = []
    t = 0
    for g, specs in enumerate(groups):
        aggregates: list[str] = []
        per_group.append(aggregates)
        group_by = specs[0].group_by
        used = ["m_person", *(("m_row" if len(groups) == 1 else f"m_row{g}",) if group_by else ())]
        used += [f"m_d{k}" for k in range(len(source.dimensions))]
        columns.append(used)
        for spec in specs:
            rows = [Row("", "")] if group_by is not None else spec.rows
            for i, row in enumerate(rows):
                for j, col in enumerate(spec.columns):
                    condition = row.q & row.col_q.get(col.key, col.q)
                    where = ""
                    if condition:
                        alias = f"m_c{t}_{i}_{j}"
                        # CASE: a condition that can hold for no row (or every row) still
                        # compiles.
                        select[alias] = Cases(
                            When(condition, then=Value(True)),
                            default=Value(False),
                            output_field=BooleanField(),
                        )
                        where = f" FILTER (WHERE {quote(alias)})"
                        used.append(alias)
                    aggregates.append(f"COUNT(DISTINCT {quote('m_person')}){where}")
                    if spec.count_rows and col.weight:
                        select[f"m_w_{col.weight}"] = F(col.weight)
                        used.append(f"m_w_{col.weight}")
                        aggregates.append(f"SUM({quote(f'm_w_{col.weight}')}){where}")
                    elif spec.count_rows:
                        aggregates.append(f"COUNT(*){where}")
                    summed = row.sum_of or spec.sum_of
                    if summed:
                        select[f"m_v_{summed}"] = F(summed)
                        used.append(f"m_v_{summed}")
                        aggregates.append(f"SUM({quote(f'm_v_{summed}')}){where}")
            t += 1
    return select, per_group, columns


def _grouping_sets(source: Source, nested: bool) -> list[tuple[int, ...]]:
    """The sets `_sliced_tables` groups by, as indexes of the source's filters: none (the
    table without filters) and each filter on its own; or, `nested`, the school-level filters
    together (one set, the slices of each summed from it) and the others on their own."""
    names = list(source.dimensions)
    together = tuple(k for k, name in enumerate(names) if name in SCHOOL_LEVEL)
    if not nested or len(together) < 2:
        return [(), *((k,) for k in range(len(names)))]
    return [(), together, *((k,) for k in range(len(names)) if k not in together)]


def _grouping_sql(
    inner: str,
    dimensions: int,
    grouped: bool,
    aggregates: list[str],
    sets: Sequence[tuple[int, ...]] | None = None,
) -> str:
    """The statement that groups the base (`inner`) by each of `sets` (indexes of the
    filters' values; by default none, then each filter on its own): its columns are the
    grouping set (`_grouped_dims`), the row's value (when `grouped`), each filter's value
    (NULL where not grouped by it), then `aggregates`. PostgreSQL: GROUPING SETS, one scan of
    the base. SQLite (development and tests), which has no grouping sets: the base as a common
    table expression, one GROUP BY per set, UNION ALL."""
    if sets is None:
        sets = [(), *((k,) for k in range(dimensions))]
    quote = connection.ops.quote_name
    row = [quote("m_row")] if grouped else []
    dims = [quote(f"m_d{d}") for d in range(dimensions)]
    base = quote("m_base")
    # Quoted names and aliases only; the values are the compiled base's parameters.
    if connection.vendor == "postgresql":
        listed = ", ".join(f"({', '.join(row + [dims[k] for k in by])})" for by in sets)
        which = f"GROUPING({', '.join(dims)})" if dims else "0"
        columns = ", ".join([which, *row, *dims, *aggregates])
        return (
            f"SELECT {columns} FROM ({inner}) {base} "  # noqa: S608
            f"GROUP BY GROUPING SETS ({listed})"
        )
    full = (1 << dimensions) - 1
    branches = []
    for by in sets:
        # The same number GROUPING() gives: a bit per filter not grouped by, the first highest.
        bits = full & ~sum(1 << (dimensions - 1 - k) for k in by)
        values = [d if n in by else "NULL" for n, d in enumerate(dims)]
        keys = row + [dims[k] for k in by]
        group = f" GROUP BY {', '.join(keys)}" if keys else ""
        columns = ", ".join([str(bits), *row, *values, *aggregates])
        branches.append(f"SELECT {columns} FROM {base}{group}")  # noqa: S608
    return f"WITH {base} AS ({inner}) " + " UNION ALL ".join(branches)


def _tagged_grouping_sql(
    inner: str,
    dimensions: int,
    groups: Sequence[tuple[bool, list[str], list[str]]],
    sets: Sequence[tuple[int, ...]],
) -> str:
    """`_grouping_sql` for several groups of tables over one base (`_select_groups`), each
    group on its own rows: the base is read once (a materialised common table expression),
    then grouped by each group's rows and `sets`, UNION ALL. The columns: the group's index,
    the grouping set (`_grouped_dims`), the row's value of each grouped group (NULL in the
    other groups' rows), each filter's value, then the group's aggregates (padded with 0 to
    the widest group's). PostgreSQL: one GROUPING SETS per group; it types the columns of a
    UNION from its first branch that names them, so the first branch selects every column of
    the base and no row (a NULL of every other branch then takes that type). SQLite: one GROUP
    BY per group and set, as `_grouping_sql`."""
    quote = connection.ops.quote_name
    grouped_groups = [g for g, (grouped, _aggs, _used) in enumerate(groups) if grouped]
    rows = {g: quote(f"m_row{g}") for g in grouped_groups}
    dims = [quote(f"m_d{d}") for d in range(dimensions)]
    width = max(len(aggs) for _grouped, aggs, _used in groups)
    base = quote("m_base")
    branches = []
    full = (1 << dimensions) - 1
    for g, (grouped, aggs, used) in enumerate(groups):
        # Each group sorts only the columns it reads (not every group's conditions).
        read = ", ".join(dict.fromkeys(quote(c) for c in used))
        narrow = f"(SELECT {read} FROM {base}) {base}"  # noqa: S608
        row = [rows[g]] if grouped else []
        row_values = [rows[g] if h == g else "NULL" for h in grouped_groups]
        figures = [*aggs, *(["0"] * (width - len(aggs)))]
        if connection.vendor == "postgresql":
            listed = ", ".join(f"({', '.join(row + [dims[k] for k in by])})" for by in sets)
            which = f"GROUPING({', '.join(dims)})" if dims else "0"
            columns = ", ".join([str(g), which, *row_values, *dims, *figures])
            branches.append(
                f"SELECT {columns} FROM {narrow} "  # noqa: S608
                f"GROUP BY GROUPING SETS ({listed})"
            )
            continue
        for by in sets:
            bits = full & ~sum(1 << (dimensions - 1 - k) for k in by)
            values = [d if n in by else "NULL" for n, d in enumerate(dims)]
            keys = row + [dims[k] for k in by]
            group = f" GROUP BY {', '.join(keys)}" if keys else ""
            columns = ", ".join([str(g), str(bits), *row_values, *values, *figures])
            branches.append(f"SELECT {columns} FROM {narrow}{group}")  # noqa: S608
    if connection.vendor == "postgresql":
        typed = ", ".join(["-1", "0", *rows.values(), *dims, *(["0"] * width)])
        branches.insert(0, f"SELECT {typed} FROM {base} WHERE FALSE")  # noqa: S608
        return f"WITH {base} AS MATERIALIZED ({inner}) " + " UNION ALL ".join(branches)
    return f"WITH {base} AS ({inner}) " + " UNION ALL ".join(branches)


def _grouped_dims(which: int, dimensions: int) -> tuple[int, ...]:
    """The filters a row of `_grouping_sql` is grouped by (their indexes; none: the set
    without filters), from its GROUPING() number (a bit set per filter not grouped by)."""
    return tuple(k for k in range(dimensions) if not int(which) >> (dimensions - 1 - k) & 1)


def _grouping_set(which: int, dimensions: int) -> int:
    """Which set a row of `_grouping_sql` with the default sets belongs to: -1 without
    filters, else the index of the one filter it is grouped by."""
    by = _grouped_dims(which, dimensions)
    return by[0] if by else -1
