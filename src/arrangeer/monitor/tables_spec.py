"""What a table of the monitor is (tables.py counts and publishes it): the page's filters,
a table's rows and columns with their conditions (TableSpec), the rows it counts from
(Source), and the table as published (PublishedTable). Imported through tables.py, where
the rest of the monitor names them."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.expressions import Combinable

from .suppression import Figure

TOTAL = "__total__"

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
    # Its tables on different rows counted in one statement that reads the base once
    # (tables._sliced_tables): where reading the base costs more than the wider rows each
    # grouping then sorts (Bereik's year: five groupings of the region's case facts). Off,
    # the tables on the same rows share a statement, each grouping reads the base itself.
    read_once: bool = False

    def dimension(self, name: str) -> str:
        return self.paths.get(name) or self.prefix + DIMENSION_PATHS[name]

    @property
    def person_path(self) -> str:
        return self.person or self.prefix + "child"
