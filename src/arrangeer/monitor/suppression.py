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

import heapq
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
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
    return int((Decimal(count) / base).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * base


@dataclass
class _Problem(Generic[K]):
    counts: Mapping[K, int]
    people: Mapping[K, int]
    lines: Sequence[Line[K]]
    threshold: int
    suppressed: set[K] = field(default_factory=set)
    # The cells suppressed since the caller last looked (`settle`).
    news: list[K] = field(default_factory=list)

    def small(self, key: K) -> bool:
        return self.people.get(key, self.counts.get(key, 0)) < self.threshold

    def _hide(self, keys: Iterable[K]) -> None:
        for key in keys:
            if key not in self.suppressed:
                self.suppressed.add(key)
                self.news.append(key)

    def settle_line(self, line: Line[K], members: Sequence[K] | None = None) -> bool:
        """Suppress one more cell of the line if it needs it; True when something changed.
        `members`: the line's members that are counted, when the caller has them."""
        if members is None:
            members = [m for m in line.members if m in self.counts]
        if not members:
            return False
        open_members = [m for m in members if m not in self.suppressed]
        if line.total in self.suppressed:
            # A suppressed total: its cells are small, and none may show how small.
            if open_members:
                self._hide(open_members)
                return True
            return False
        if len(open_members) == len(members):
            return False  # nothing hidden
        hidden = [m for m in members if m in self.suppressed]
        # One hidden cell is the total minus the others, whatever its size (and a cell found
        # that way opens the next line); several must hold enough children together.
        held = sum(self.people.get(m, self.counts[m]) for m in hidden)
        if not open_members:
            # Every member hidden under a shown total that they make up exactly: the total
            # is their sum. One member (a municipality of one school), or too few children
            # together, and the total gives it away: hide the total as well.
            exact = sum(self.counts[m] for m in hidden) == self.counts.get(line.total)
            if exact and (len(hidden) == 1 or held < self.threshold):
                self._hide([line.total])
                return True
            return False
        if len(hidden) > 1 and held >= self.threshold:
            return False
        # The smallest other cell; on a tie the first in the line (the same choice every time,
        # so two pages that share a line suppress the same cells): min keeps the first.
        self._hide([min(open_members, key=lambda m: self.counts[m])])
        return True

    def settle(self) -> None:
        """Settle the lines in their order, and again from the first line as long as a round
        changed something, until none does. A line is settled again only once one of its
        cells was suppressed since it was last settled: settling it would change nothing
        otherwise (a line's outcome depends only on which of its cells are suppressed). So
        the same cells end up suppressed, in the same order, as settling every line in every
        round; only the rounds' no-ops are left out (thousands of lines per page)."""
        members = [[m for m in line.members if m in self.counts] for line in self.lines]
        lines_of: dict[K, list[int]] = defaultdict(list)
        for n, line in enumerate(self.lines):
            for key in dict.fromkeys((*members[n], line.total)):
                lines_of[key].append(n)
        this_round = list(range(len(self.lines)))  # a heap: the lines still to settle
        next_round: list[int] = []
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
                        # Later in this round, or in the next one.
                        heapq.heappush(this_round if other > n else next_round, other)


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
    problem = _Problem(counts, people or {}, list(lines), threshold)
    problem.suppressed = {key for key in counts if problem.small(key)} | (set(forced) & set(counts))
    problem.settle()
    return {
        key: Figure(None if key in problem.suppressed else round_count(count, base))
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
