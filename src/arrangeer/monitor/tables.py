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
children."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, TypeVar

from django.db import connection, connections
from django.db.models import BooleanField, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models import Case as Cases
from django.db.models.expressions import Combinable

from .suppression import Figure, Line, grid_lines, protect

TOTAL = "__total__"
N = TypeVar("N", int, Decimal)
Cell = tuple[Hashable, Hashable]  # (row, column); a margin has TOTAL in place of either

# What a filter narrows on, as a path from the case.
DIMENSION_PATHS: dict[str, str] = {
    "municipality": "child__school__municipality",
    "school": "child__school",
    "sector": "child__school__sector",
    "route": "route",
    "swv": "child__school__swv",
    "school_board": "child__school__school_board",
}
# The filters whose value is a key (None when not chosen); the others are text ("").
KEYED = ("school", "route", "swv", "school_board")


@dataclass(frozen=True)
class Filters:
    """The choices on the page besides the scope. The period is a school year."""

    year: int
    municipality: str = ""
    school: int | None = None
    sector: str = ""
    route: int | None = None
    swv: int | None = None
    school_board: int | None = None
    # Which SWV and board (None: none) each school of the scope belongs to, as (filter name,
    # school, value): lines of the suppression problem (`build`), not a filter.
    schools_in: tuple[tuple[str, int, Hashable], ...] = ()

    def active(self) -> list[str]:
        return [name for name in DIMENSION_PATHS if getattr(self, name) not in ("", None)]

    def without(self, name: str) -> Filters:
        values = {n: getattr(self, n) for n in ("year", *DIMENSION_PATHS)}
        values[name] = None if name in KEYED else ""
        return Filters(**values)

    def for_log(self, theme: str) -> str:
        """What the access log keeps of the filters (64 characters at most)."""
        parts = [theme, str(self.year)]
        for name, short in (
            ("municipality", "g"),
            ("school", "s"),
            ("sector", "t"),
            ("route", "r"),
            ("swv", "v"),
            ("school_board", "b"),
        ):
            value = getattr(self, name)
            if value not in ("", None):
                parts.append(f"{short}={str(value)[:24]}")
        return "|".join(parts)[:64]


@dataclass
class Column:
    key: Hashable
    label: str
    q: Q = field(default_factory=Q)
    hidden: bool = False  # counted for the lines, not shown (the rest of a row)
    # A table that counts rows (`count_rows`) over pre-aggregated rows: the column of each
    # row that holds how many it stands for (summed instead of counting the rows).
    weight: str = ""


@dataclass
class Row:
    key: Hashable
    label: str
    q: Q = field(default_factory=Q)  # for tables with fixed rows (no GROUP BY)
    # A column's condition in this row, where it differs (new *in this row's year*).
    col_q: dict[Hashable, Q] = field(default_factory=dict)
    # What this row sums, where it differs from the table's (the amount *in this row's year*).
    sum_of: str = ""


@dataclass
class TableSpec:
    key: str
    title: str
    rows: list[Row]
    columns: list[Column]
    # GROUP BY this expression (rows from the data); None: the rows' own conditions.
    group_by: Combinable | str | None = None
    row_totals: bool = True
    col_totals: bool = True
    row_heading: str = ""
    # What is counted: distinct children (the default) or rows of the base (goals), with
    # the children behind them for the threshold.
    count_rows: bool = False
    # Turns a grouped value into a row key (None, "" → the "unknown" row).
    row_key: Callable[[Any], Hashable] = lambda value: value
    # Filters that make this table one row (by sector, filtered on a sector or a school): the
    # page leaves it out then.
    narrows: tuple[str, ...] = ()
    # A table of amounts: the annotation of the base summed per cell (in whole euros), shown
    # where the cell's count would be shown (the count itself is not published).
    sum_of: str = ""
    # A column whose share of the row total is shown after the total (`Share`).
    share_of: Hashable = None
    # The summed annotation is a whole number of 1/sum_per_euro euro (0: a decimal): summed
    # exactly in the one grouped query (`_sliced_tables`), and divided here.
    sum_per_euro: int = 0


@dataclass(frozen=True)
class Share:
    """A column's share of its row total in whole percents, worked out from the two published
    (rounded) figures, so it tells nothing they do not; None ("—") when either is hidden."""

    value: int | None

    @classmethod
    def of(cls, part: Figure, whole: Figure) -> Share:
        if part.value is None or not whole.value:
            return cls(None)
        return cls(int((Decimal(100 * part.value) / whole.value).quantize(1, ROUND_HALF_UP)))

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return "—" if self.value is None else str(self.value)


def _in_euro(spec: TableSpec, value: Any) -> Decimal:
    """A summed value as an amount in euro (exact: a whole number divided in Decimal)."""
    if not spec.sum_per_euro:
        return Decimal(value or 0)
    with localcontext() as context:
        context.prec = 40
        return Decimal(int(value or 0)) / Decimal(spec.sum_per_euro)


@dataclass
class PublishedTable:
    spec: TableSpec
    rows: list[Row]
    columns: list[Column]
    figures: dict[tuple[Hashable, Hashable], Figure]

    @property
    def visible_columns(self) -> list[Column]:
        return [c for c in self.columns if not c.hidden]

    def figure(self, row: Hashable, col: Hashable) -> Figure:
        return self.figures.get((row, col), Figure(None))

    def lines(self) -> list[tuple[str | None, list[Figure | Share]]]:
        """Row label (None for the totals row) and its figures in the order of the visible
        columns (+ the row total, + the share where the table has one)."""
        out: list[tuple[str | None, list[Figure | Share]]] = []
        keys = [c.key for c in self.visible_columns]
        if self.spec.row_totals:
            keys.append(TOTAL)
        for key, label in [(r.key, r.label) for r in self.rows] + (
            [(TOTAL, None)] if self.spec.col_totals else []
        ):
            figures: list[Figure | Share] = [self.figure(key, k) for k in keys]
            if self.spec.share_of is not None and self.spec.row_totals:
                share = Share.of(self.figure(key, self.spec.share_of), self.figure(key, TOTAL))
                figures.append(share)
            out.append((label, figures))
        return out


@dataclass(frozen=True)
class Source:
    """Where a theme counts: the scoped, filtered queryset for some filters, and the path
    from its rows to the case."""

    queryset: Callable[[Filters], QuerySet[Any]]
    prefix: str = ""
    # The filters whose choices are lines of the problem (not those the scope fixes), with
    # every choice the form offers: a choice without arrangements is part of its line too.
    dimensions: Mapping[str, Sequence[Hashable]] = field(default_factory=dict)
    # Who a row is about, for the threshold (the case's child unless said otherwise: an
    # aanmelding before its acceptance has no child yet and counts as one), and where a
    # filter narrows where it differs from the case's path (the receiving school).
    person: str = ""
    paths: Mapping[str, str] = field(default_factory=dict)

    def dimension(self, name: str) -> str:
        return self.paths.get(name) or self.prefix + DIMENSION_PATHS[name]

    @property
    def person_path(self) -> str:
        return self.person or self.prefix + "child"


@dataclass
class _Cell:
    """What one cell of one slice adds up: the count, the children behind it, the sum."""

    count: int = 0
    people: int = 0
    total: Decimal = Decimal(0)

    def add(self, count: int, people: int, total: Decimal) -> None:
        self.count += count
        self.people += people
        self.total += total


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


# One slice's cells: (row key, column key, count, children, sum), and the slice's key: (filter
# name, its value), or (TOTAL, None) for the table without filters.
SliceCells = list[tuple[Hashable, Hashable, int, int, Decimal]]
SliceKey = tuple[str, Hashable]


def _sliced_cells(spec: TableSpec, source: Source, filters: Filters) -> dict[SliceKey, SliceCells]:
    """The cells of every slice of a table of counts, from ONE query (`_sliced_tables`)."""
    return _sliced_tables([spec], source, filters)[0]


# The filters that are the school's (its municipality, sector, SWV, board, and itself): a
# child counts in one school, so these slices are sums of the schools' slices (`_sliced_tables`).
SCHOOL_LEVEL = ("school", "municipality", "sector", "swv", "school_board")


def _select(specs: Sequence[TableSpec], source: Source) -> tuple[dict[str, Any], list[str]]:
    """What the base selects for `_sliced_tables` (who, the row's value, each filter's value,
    whether the row counts in each cell of each table, what a cell sums) and the aggregates
    per cell (the children, the rows or their weight, the sum), in the order they are read."""
    quote = connection.ops.quote_name
    group_by = specs[0].group_by
    select: dict[str, Any] = {"m_person": F(source.person_path)}
    if group_by is not None:
        select["m_row"] = F(group_by) if isinstance(group_by, str) else group_by
    for k, name in enumerate(source.dimensions):
        select[f"m_d{k}"] = F(source.dimension(name))
    aggregates: list[str] = []
    for t, spec in enumerate(specs):
        rows = [Row("", "")] if group_by is not None else spec.rows
        for i, row in enumerate(rows):
            for j, col in enumerate(spec.columns):
                condition = row.q & row.col_q.get(col.key, col.q)
                where = ""
                if condition:
                    alias = f"m_c{t}_{i}_{j}"
                    # CASE: a condition that can hold for no row (or every row) still compiles.
                    select[alias] = Cases(
                        When(condition, then=Value(True)),
                        default=Value(False),
                        output_field=BooleanField(),
                    )
                    where = f" FILTER (WHERE {quote(alias)})"
                aggregates.append(f"COUNT(DISTINCT {quote('m_person')}){where}")
                if spec.count_rows and col.weight:
                    select[f"m_w_{col.weight}"] = F(col.weight)
                    aggregates.append(f"SUM({quote(f'm_w_{col.weight}')}){where}")
                elif spec.count_rows:
                    aggregates.append(f"COUNT(*){where}")
                summed = row.sum_of or spec.sum_of
                if summed:
                    select[f"m_v_{summed}"] = F(summed)
                    aggregates.append(f"SUM({quote(f'm_v_{summed}')}){where}")
    return select, aggregates


def _grouping_sets(source: Source, nested: bool) -> list[tuple[int, ...]]:
    """The sets `_sliced_tables` groups by, as indexes of the source's filters: none (the
    table without filters) and each filter on its own; or, `nested`, the school-level filters
    together (one set, the slices of each summed from it) and the others on their own."""
    names = list(source.dimensions)
    together = tuple(k for k, name in enumerate(names) if name in SCHOOL_LEVEL)
    if not nested or len(together) < 2:
        return [(), *((k,) for k in range(len(names)))]
    return [(), together, *((k,) for k in range(len(names)) if k not in together)]


def _sliced_tables(
    specs: Sequence[TableSpec], source: Source, filters: Filters, *, nested: bool | None = None
) -> list[dict[SliceKey, SliceCells]]:
    """The cells of every slice of tables of counts that share their base and their rows
    (`source`, `group_by`), from ONE query that reads the base once: the base's rows (who,
    the row's value, each filter's value, and whether the row counts in each cell of each
    table) grouped once for the tables without filters and once per filter, by its value
    (`_grouping_sql`). Per table, keyed (filter name, value), the table without filters as
    (TOTAL, None). The same counts as one query per slice (`_cells`): each set groups the same
    rows by the same values, and counts distinct children within its group.

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
    names = list(source.dimensions)
    grouped = specs[0].group_by is not None
    sets = _grouping_sets(source, nested)
    select, aggregates = _select(specs, source)
    base = source.queryset(Filters(year=filters.year)).order_by()
    inner, params = base.annotate(**select).values(*select).query.sql_with_params()
    sql = _grouping_sql(inner, len(names), grouped, aggregates, sets)
    # On the connection the ORM would read base from: the read replica when there is one.
    with connections[base.db].cursor() as cursor:
        cursor.execute(sql, params)
        records = cursor.fetchall()
    found: list[dict[SliceKey, SliceCells]] = [defaultdict(list) for _spec in specs]
    # The children per cell without filters, and summed over the school-level set's groups.
    whole: dict[tuple[int, Hashable, Hashable], int] = defaultdict(int)
    parts: dict[tuple[int, Hashable, Hashable], int] = defaultdict(int)
    offset = 1 + int(grouped) + len(names)
    for record in records:
        by = _grouped_dims(record[0], len(names))
        values = record[1 + int(grouped) : offset]
        slice_keys: list[SliceKey] = [(names[k], values[k]) for k in by] or [(TOTAL, None)]
        figures = iter(record[offset:])
        for t, spec in enumerate(specs):
            rows = [Row("", "")] if grouped else spec.rows
            for row in rows:
                row_key = row.key if not grouped else spec.row_key(record[1])
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
    if len(sets) < len(names) + 1 and any(parts[cell] != n for cell, n in whole.items()):
        return _sliced_tables(specs, source, filters, nested=False)
    return found


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


def _grouped_dims(which: int, dimensions: int) -> tuple[int, ...]:
    """The filters a row of `_grouping_sql` is grouped by (their indexes; none: the set
    without filters), from its GROUPING() number (a bit set per filter not grouped by)."""
    return tuple(k for k in range(dimensions) if not int(which) >> (dimensions - 1 - k) & 1)


def _grouping_set(which: int, dimensions: int) -> int:
    """Which set a row of `_grouping_sql` with the default sets belongs to: -1 without
    filters, else the index of the one filter it is grouped by."""
    by = _grouped_dims(which, dimensions)
    return by[0] if by else -1


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


def _with_margins(
    cells: Mapping[tuple[Hashable, Hashable], N],
    rows: Sequence[Hashable],
    cols: Sequence[Hashable],
    spec: TableSpec,
    zero: N,
) -> dict[tuple[Hashable, Hashable], N]:
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


def euros(amount: Decimal) -> int:
    """An amount as published: whole euros, halves up."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


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
    query (`_sliced_tables`)."""
    together: dict[tuple[int, Any], list[int]] = defaultdict(list)
    for n, (spec, source) in enumerate(pending):
        if _grouped(spec):
            group: Hashable = spec.group_by if isinstance(spec.group_by, str) else id(spec.group_by)
            together[(id(source), group)].append(n)
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


def _filter_lines(
    slices: Sequence[tuple[str, Hashable]],
    dimensions: Mapping[str, Sequence[Hashable]],
    cell_keys: Sequence[Cell],
    filters: Filters,
) -> list[Line[tuple[Hashable, Hashable, Cell]]]:
    """The lines across the slices (`build`): per cell, every choice of a filter adds up to the
    table without filters; and a school's municipality, SWV and board are known, so the slice
    of a municipality, an SWV or a board (or of none) is the sum of its schools' slices, a
    line like the others (else the region's figure minus the other boards and the schools
    without a board would give a hidden board's; a municipality hidden to protect another, its
    schools all shown, would give itself and then the other)."""
    lines: list[Line[tuple[Hashable, Hashable, Cell]]] = []
    for name in dimensions:
        dims = sorted({d for (n, d) in slices if n == name}, key=lambda d: (d is None, str(d)))
        for key in cell_keys:
            lines.append(Line(tuple((name, d, key) for d in dims), (TOTAL, None, key)))
    if "school" in dimensions:
        nested: dict[tuple[str, Hashable], list[Hashable]] = defaultdict(list)
        for name, school, value in filters.schools_in:
            if name in dimensions:
                nested[(name, value)].append(school)
        for (name, value), schools in nested.items():
            for key in cell_keys:
                lines.append(Line(tuple(("school", s, key) for s in schools), (name, value, key)))
    return lines


def build(
    spec: TableSpec,
    source: Source,
    filters: Filters,
    *,
    counted: Mapping[SliceKey, SliceCells] | None = None,
) -> PublishedTable:
    """Count, then publish through the rule, as one problem for the whole region (or school):
    the table without filters and the table for every choice of every filter (`dimensions`),
    with the lines across each filter's choices besides the table's own rows and columns.
    The page shows the slice of its filter. Every page solves the same problem, whatever its
    filter, so no two pages disagree on what is hidden (one filter at a time, forms.py)."""
    bare = Filters(year=filters.year)
    slices: dict[tuple[str, Hashable], dict[tuple[Hashable, Hashable], _Cell]] = defaultdict(
        lambda: defaultdict(_Cell)
    )
    slices[(TOTAL, None)] = defaultdict(_Cell)  # always there, even when empty
    dimensions = source.dimensions
    for name, values in dimensions.items():
        for value in values:
            slices[(name, value)] = defaultdict(_Cell)
    if counted is None:
        counted = _slices_of(spec, source, bare)
    for slice_key, counted_cells in counted.items():
        for r, c, n, p, s in counted_cells:
            slices[slice_key][(r, c)].add(n, p, s)
    active = filters.active()
    chosen = (active[0], getattr(filters, active[0])) if active else (TOTAL, None)

    rows = list(spec.rows)
    if spec.group_by is not None:
        # The rows the data has, in the order the spec names them, the others after.
        seen = {r for cells in slices.values() for r, _c in cells}
        known = {row.key for row in rows}
        rows = [row for row in rows if row.key in seen] + [
            Row(key, str(key)) for key in sorted(seen - known, key=str)
        ]
    row_keys = [row.key for row in rows]
    col_keys = [col.key for col in spec.columns]
    grid = grid_lines(
        row_keys, col_keys, total=TOTAL, row_totals=spec.row_totals, col_totals=spec.col_totals
    )

    counts: dict[tuple[Hashable, Hashable, Cell], int] = {}
    people: dict[tuple[Hashable, Hashable, Cell], int] = {}
    sums: dict[tuple[Hashable, Hashable, Cell], Decimal] = {}
    lines: list[Line[tuple[Hashable, Hashable, Cell]]] = []
    for (name, dim), cells in slices.items():
        full = _with_margins({k: v.count for k, v in cells.items()}, row_keys, col_keys, spec, 0)
        full_people = _with_margins(
            {k: v.people for k, v in cells.items()}, row_keys, col_keys, spec, 0
        )
        full_sums = _with_margins(
            {k: v.total for k, v in cells.items()}, row_keys, col_keys, spec, Decimal(0)
        )
        for key, value in full.items():
            counts[(name, dim, key)] = value
            people[(name, dim, key)] = full_people[key]
            sums[(name, dim, key)] = full_sums[key]
        lines += [
            Line(tuple((name, dim, m) for m in line.members), (name, dim, line.total))
            for line in grid
        ]
    cell_keys: list[Cell] = [key for (name, _dim, key) in counts if name == TOTAL]
    lines += _filter_lines(list(slices), dimensions, cell_keys, filters)
    published = protect(counts, lines, people=people)
    # Every choice the form offers has its slice; anything else shows nothing.
    figures = {key: published.get((chosen[0], chosen[1], key), Figure(None)) for key in cell_keys}
    if _amounts(spec):
        # An amount is shown where its count would be, and only then.
        figures = {
            key: figure
            if figure.suppressed
            else Figure(euros(sums.get((chosen[0], chosen[1], key), Decimal(0))))
            for key, figure in figures.items()
        }
    return PublishedTable(spec=spec, rows=rows, columns=spec.columns, figures=figures)
