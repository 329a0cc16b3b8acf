"""The privacy of small numbers, in one place: every figure the monitor publishes passes here.

The rule (docs/monitor.md):

1. **Primary suppression.** A figure about fewer than `THRESHOLD` (10) children is not shown;
   it reads "<10". Zero is suppressed too: "0" would tell apart the empty cell from 1 to 9.
2. **Rounding.** Every count that is shown is rounded to a multiple of `ROUNDING_BASE` (5).
   Totals are rounded from their exact value, not summed from rounded cells.
3. **Secondary suppression.** A *line* is a set of cells that add up to a total that is (or
   may be) published: a row of a table with its row total, a column with its column total,
   and every choice of a filter with the figure without that filter. In every line no cell is
   the only one suppressed, and the suppressed cells together hold at least `THRESHOLD`
   children, or every cell of the line is suppressed. Otherwise the next smallest cell of the
   line is suppressed too, until that holds for every line. So a suppressed count can not
   be computed as "total minus the others", from one table or by subtracting two filter
   choices. Every page solves one problem for the whole region (tables.build), so pages
   with different filters agree on what is hidden.

Nothing else in the monitor decides what is shown: pages, the CSV export and their tests all
take the `Figure` objects made here, which do not carry the exact count.
"""

from __future__ import annotations

import gc
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import compress
from typing import Generic, TypeVar

THRESHOLD = 10
ROUNDING_BASE = 5
SUPPRESSED_TEXT = "<10"

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Figure:
    """A published count: a rounded value, or None when suppressed."""

    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return SUPPRESSED_TEXT if self.value is None else str(self.value)


@dataclass(frozen=True)
class Line(Generic[K]):
    """Cells that add up to a total (both are keys of the counts)."""

    members: tuple[K, ...]
    total: K


def round_count(count: int, base: int | None = None) -> int:
    """To the nearest multiple of base, halves up (12 → 10, 13 → 15)."""
    base = ROUNDING_BASE if base is None else base
    if base <= 1:
        return count
    if type(count) is int and count >= 0:
        return (2 * count + base) // (2 * base) * base  # the same, in whole numbers
    return int((Decimal(count) / base).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * base


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a problem is built and settled: its tens of
    thousands of tuples and lists live until the end and are freed by their count, but each
    few hundred made start a collection, and enough that outlive them a collection of every
    object of the process (a third of a region's table in a process of 400,000 objects). As it was
    afterwards, also on an error; a thread that finds it paused leaves it as it is."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Indexed:
    """A suppression problem on integer indices: cell n has `counts[n]` and `weights[n]` (the
    children behind it, the threshold applies to them); line n is `members[n]` (its counted
    members, in the line's order, repeats kept) adding up to `totals[n]` (-1: a total that
    is not counted). `hidden[n]` is 1 for a suppressed cell; `settle` suppresses more."""

    __slots__ = ("counts", "hidden", "lines_of", "members", "threshold", "totals", "weights")

    def __init__(
        self,
        counts: Sequence[int],
        weights: Sequence[int],
        members: Sequence[Sequence[int]],
        totals: Sequence[int],
        threshold: int = THRESHOLD,
    ) -> None:
        self.counts = counts
        self.weights = weights
        self.members = members
        self.totals = totals
        self.threshold = threshold
        # Primary suppression: fewer than `threshold` children, zero too.
        self.hidden = bytearray(weight < threshold for weight in weights)
        self.lines_of: list[list[int]] = []

    def _index_lines(self) -> None:
        """Per cell the lines it is a member or the total of (a line may be listed twice)."""
        lines_of: list[list[int]] = [[] for _cell in self.counts]
        for n, members in enumerate(self.members):
            for cell in members:
                lines_of[cell].append(n)
        for n, total in enumerate(self.totals):
            if total >= 0:
                lines_of[total].append(n)
        self.lines_of = lines_of

    def settle_line(self, n: int, news: list[int]) -> None:
        """Suppress the cells of line n that the rule asks for, one at a time, until it asks
        for none, appending each to `news`."""
        members, total = self.members[n], self.totals[n]
        hidden, counts = self.hidden, self.counts
        while True:
            if total >= 0 and hidden[total]:
                # A suppressed total: its cells are small, and none may show how small.
                for cell in members:
                    if not hidden[cell]:
                        hidden[cell] = 1
                        news.append(cell)
                return
            shut = [cell for cell in members if hidden[cell]]
            if not shut:
                return  # nothing hidden
            weights = self.weights
            if len(shut) == len(members):
                # Every member hidden under a shown total that they make up exactly: the total
                # is their sum. One member (a municipality of one school), or too few children
                # together, and the total gives it away: hide the total as well.
                if (
                    total >= 0
                    and (len(shut) == 1 or sum([weights[c] for c in shut]) < self.threshold)
                    and sum([counts[c] for c in shut]) == counts[total]
                ):
                    hidden[total] = 1
                    news.append(total)
                return
            # One hidden cell is the total minus the others, whatever its size (and a cell
            # found that way opens the next line); several must hold enough children together.
            if len(shut) > 1 and sum([weights[c] for c in shut]) >= self.threshold:
                return
            # The smallest other cell; on a tie the first in the line (the same choice every
            # time, so two pages that share a line suppress the same cells).
            smallest = min([cell for cell in members if not hidden[cell]], key=counts.__getitem__)
            hidden[smallest] = 1
            news.append(smallest)

    def settle(self) -> bytearray:
        """Settle the lines in their order, and again from the first line as long as a round
        changed something, until none does. A line is settled again only once one of its
        cells was suppressed since it was last settled: settling it would change nothing
        otherwise (a line's outcome depends only on which of its cells are suppressed). So
        the same cells end up suppressed, in the same order, as settling every line in every
        round; only the rounds' no-ops are left out (thousands of lines per page).

        `waiting` marks the lines to settle again: those after the line being settled are
        settled later in this round, those before it in the next (from the first again)."""
        self._index_lines()
        lines_of, settle_line = self.lines_of, self.settle_line
        waiting = bytearray(b"\x01") * len(self.members)
        news: list[int] = []
        n = waiting.find(1)
        while n >= 0:
            settle_line(n, news)
            for cell in news:
                for other in lines_of[cell]:
                    waiting[other] = 1
            news.clear()
            waiting[n] = 0
            n = waiting.find(1, n + 1)
            if n < 0:
                n = waiting.find(1)
        return self.hidden


def suppress(
    counts: Mapping[K, int],
    people: Mapping[K, int],
    lines: Iterable[Line[K]],
    *,
    forced: Iterable[K] = (),
    threshold: int = THRESHOLD,
) -> set[K]:
    """The keys of `counts` to suppress: primary, `forced` and secondary suppression along
    `lines` (the rule above), solved on integer indices (`Indexed`)."""
    with collector_paused():
        return _suppress(counts, people, lines, forced, threshold)


def _suppress(
    counts: Mapping[K, int],
    people: Mapping[K, int],
    lines: Iterable[Line[K]],
    forced: Iterable[K],
    threshold: int,
) -> set[K]:
    keys = list(counts)
    index = {key: n for n, key in enumerate(keys)}
    values = list(counts.values())
    weights = [people.get(key, value) for key, value in counts.items()] if people else values
    at = index.get
    members: list[tuple[int, ...]] = []
    totals: list[int] = []
    for line in lines:
        try:
            members.append(tuple(map(index.__getitem__, line.members)))
        except KeyError:  # members without a count are not in the line
            members.append(tuple(n for m in line.members if (n := at(m)) is not None))
        totals.append(at(line.total, -1))
    problem = Indexed(values, weights, members, totals, threshold)
    for key in forced:
        if (n := at(key)) is not None:
            problem.hidden[n] = 1
    return set(compress(keys, problem.settle()))


def protect(
    counts: Mapping[K, int],
    lines: Iterable[Line[K]] = (),
    *,
    people: Mapping[K, int] | None = None,
    forced: Iterable[K] = (),
    threshold: int = THRESHOLD,
    base: int | None = None,
) -> dict[K, Figure]:
    """The published figure of every key of `counts`.

    `counts` are exact counts (children, or goals); `people` the number of children behind a
    count where that differs (a count of goals): the threshold applies to children. `forced`
    are keys already suppressed elsewhere (by a line across filter choices)."""
    with collector_paused():
        suppressed = suppress(counts, people or {}, lines, forced=forced, threshold=threshold)
        return {
            key: Figure(None if key in suppressed else round_count(count, base))
            for key, count in counts.items()
        }


def grid_lines(
    rows: Sequence[Hashable],
    cols: Sequence[Hashable],
    *,
    total: Hashable,
    row_totals: bool = True,
    col_totals: bool = True,
) -> list[Line[tuple[Hashable, Hashable]]]:
    """The lines of a table with rows by cols and its margins, keyed (row, col); a margin is
    keyed with `total` in place of the row or column."""
    lines: list[Line[tuple[Hashable, Hashable]]] = []
    if row_totals:
        for r in rows:
            lines.append(Line(tuple((r, c) for c in cols), (r, total)))
    if col_totals:
        for c in cols:
            lines.append(Line(tuple((r, c) for r in rows), (total, c)))
    if row_totals and col_totals:
        lines.append(Line(tuple((r, total) for r in rows), (total, total)))
        lines.append(Line(tuple((total, c) for c in cols), (total, total)))
    return lines
