"""The rule of small numbers (suppression.py), on its own: primary suppression, rounding,
secondary suppression in lines and grids, and the property that no published total gives
away a suppressed count."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from arrangeer.monitor.suppression import (
    SUPPRESSED_TEXT,
    Figure,
    Line,
    grid_lines,
    protect,
    round_count,
)

T = "total"


def test_a_count_under_ten_reads_less_than_ten_and_zero_too():
    figures = protect({"a": 9, "b": 0, "c": 10})
    assert figures["a"].suppressed and str(figures["a"]) == SUPPRESSED_TEXT
    assert figures["b"].suppressed
    assert figures["c"] == Figure(10)


def test_counts_are_rounded_to_five_halves_up():
    assert [round_count(n) for n in (10, 12, 13, 17, 18, 102, 103)] == [
        10,
        10,
        15,
        15,
        20,
        100,
        105,
    ]
    assert protect({"a": 13})["a"] == Figure(15)


def test_a_total_is_rounded_from_its_exact_value_not_summed_from_rounded_cells():
    figures = protect({"a": 12, "b": 12, T: 24}, [Line(("a", "b"), T)])
    assert (figures["a"].value, figures["b"].value, figures[T].value) == (10, 10, 25)


def test_a_single_suppressed_cell_in_a_line_takes_the_smallest_other_with_it():
    figures = protect({"a": 3, "b": 40, "c": 12, T: 55}, [Line(("a", "b", "c"), T)])
    assert figures["a"].suppressed
    assert figures["c"].suppressed, "55 - 40 would give a + c = 15; only that, not a"
    assert not figures["b"].suppressed
    assert not figures[T].suppressed


def test_suppressed_cells_that_hold_fewer_than_ten_together_take_one_more():
    # a + b = 7: "total minus c and d" would tell 7 children; suppress c as well.
    figures = protect({"a": 3, "b": 4, "c": 11, "d": 30, T: 48}, [Line(("a", "b", "c", "d"), T)])
    assert [figures[k].suppressed for k in "abcd"] == [True, True, True, False]


def test_suppressed_cells_that_hold_ten_together_are_enough():
    figures = protect({"a": 5, "b": 6, "c": 30, T: 41}, [Line(("a", "b", "c"), T)])
    assert [figures[k].suppressed for k in "abc"] == [True, True, False]


def test_a_suppressed_total_hides_every_cell_of_its_line():
    figures = protect({"a": 4, "b": 4, T: 8}, [Line(("a", "b"), T)])
    assert all(f.suppressed for f in figures.values())


def test_a_zero_is_protected_like_any_small_count():
    figures = protect({"a": 0, "b": 25, T: 25}, [Line(("a", "b"), T)])
    assert figures["a"].suppressed and figures["b"].suppressed and not figures[T].suppressed


def test_a_grid_is_settled_along_rows_and_columns_until_stable():
    rows, cols = ["r1", "r2", "r3"], ["c1", "c2"]
    cells = {("r1", "c1"): 2, ("r1", "c2"): 30, ("r2", "c1"): 25, ("r2", "c2"): 25}
    cells |= {("r3", "c1"): 40, ("r3", "c2"): 40}
    counts = dict(cells)
    for r in rows:
        counts[(r, T)] = sum(cells[(r, c)] for c in cols)
    for c in cols:
        counts[(T, c)] = sum(cells[(r, c)] for r in rows)
    counts[(T, T)] = sum(cells.values())
    figures = protect(counts, grid_lines(rows, cols, total=T))
    hidden = {k for k, f in figures.items() if f.suppressed}
    assert ("r1", "c1") in hidden
    assert ("r1", "c2") in hidden  # the row r1
    assert ("r2", "c1") in hidden  # the column c1 (smallest other)
    assert ("r2", "c2") in hidden  # then row r2 has one hidden: its other cell too
    _assert_protected(counts, grid_lines(rows, cols, total=T), figures)
    assert attack(grid_lines(rows, cols, total=T), figures) == {}


def test_forced_cells_are_suppressed_and_protected_in_turn():
    figures = protect({"a": 20, "b": 30, "c": 40, T: 90}, [Line(("a", "b", "c"), T)], forced=["b"])
    assert figures["b"].suppressed and figures["a"].suppressed and not figures["c"].suppressed


def test_the_threshold_applies_to_the_children_behind_a_count_of_goals():
    figures = protect({"goals": 25}, people={"goals": 6})
    assert figures["goals"].suppressed


def _assert_protected(counts, lines, figures, threshold=10):
    """In every line with a published total, the hidden cells hold at least `threshold`
    children together, or the whole line is hidden: "total minus the rest" tells nothing
    about fewer than `threshold` children."""
    for line in lines:
        if figures[line.total].suppressed:
            assert all(figures[m].suppressed for m in line.members)
            continue
        hidden = [m for m in line.members if figures[m].suppressed]
        if hidden and len(hidden) < len(line.members):
            assert len(hidden) > 1, (line, counts, figures)
            assert sum(counts[m] for m in hidden) >= threshold, (line, counts, figures)


def attack(lines, figures):
    """What someone learns from the published figures by subtraction alone: in any line
    whose total is known and all cells but one are known, the last one. Repeated, since a
    cell found opens the next line. Returns the cells found that were suppressed."""
    known = {k: f.value for k, f in figures.items() if not f.suppressed}
    found = {}
    progress = True
    while progress:
        progress = False
        for line in lines:
            unknown = [m for m in line.members if m not in known]
            if line.total in known and len(unknown) == 1:
                rest = sum(known[m] for m in line.members if m in known)
                known[unknown[0]] = found[unknown[0]] = known[line.total] - rest
                progress = True
            elif line.total not in known and not unknown:
                known[line.total] = found[line.total] = sum(known[m] for m in line.members)
                progress = True
    return found


grids = st.integers(min_value=1, max_value=5).flatmap(
    lambda n_rows: st.integers(min_value=1, max_value=5).flatmap(
        lambda n_cols: st.lists(
            st.integers(min_value=0, max_value=40),
            min_size=n_rows * n_cols,
            max_size=n_rows * n_cols,
        ).map(lambda values: (n_rows, n_cols, values))
    )
)


@settings(max_examples=300, deadline=None)
@given(grids)
def test_no_published_margin_gives_away_a_suppressed_count(grid):
    n_rows, n_cols, values = grid
    rows, cols = list(range(n_rows)), list(range(n_cols))
    counts = {(r, c): values[r * n_cols + c] for r in rows for c in cols}
    for r in rows:
        counts[(r, T)] = sum(counts[(r, c)] for c in cols)
    for c in cols:
        counts[(T, c)] = sum(counts[(r, c)] for r in rows)
    counts[(T, T)] = sum(counts[(r, T)] for r in rows)
    lines = grid_lines(rows, cols, total=T)
    # Without rounding: the secondary suppression alone must hold.
    figures = protect(counts, lines, base=1)
    _assert_protected(counts, lines, figures)
    assert attack(lines, figures) == {}, "a suppressed count was recovered by subtraction"
    for key, figure in figures.items():
        if not figure.suppressed:
            assert counts[key] >= 10 and figure.value == counts[key]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=8))
def test_subtracting_the_shown_cells_from_the_total_never_recovers_a_hidden_one(values):
    """The attacker's move in one line: total minus every shown cell. It may only give the
    sum of two or more hidden cells holding at least ten children, never one hidden count."""
    keys = [f"k{i}" for i in range(len(values))]
    counts = dict(zip(keys, values, strict=True)) | {T: sum(values)}
    figures = protect(counts, [Line(tuple(keys), T)], base=1)
    if figures[T].suppressed:
        return
    hidden = [k for k in keys if figures[k].suppressed]
    shown_sum = sum(figures[k].value or 0 for k in keys if not figures[k].suppressed)
    recovered = figures[T].value - shown_sum
    if len(hidden) == 1:
        raise AssertionError(f"{hidden[0]} = {recovered} recovered from {counts}")
    if hidden:
        assert recovered >= 10
