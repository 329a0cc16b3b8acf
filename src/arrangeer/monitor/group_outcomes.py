"""The outcomes of the group arrangements on the monitor's groups page: how long children are
in a group (median days, for those who left and for those still in it), how far the goals
their place serves were realised per evaluation round, and the cost per child per year
against the individual arrangements the group replaces.

The same privacy of small numbers as every monitor figure (suppression.py): a median is shown
only when at least THRESHOLD children are behind it; the counts of rated goals pass
`protect`, with the children behind each count as its people (a child has several goals), and
their lines (the three realisations add up to the goals rated in a round; the groups add up
to all groups). The costs hold no child: they come from the business case and the region's
tariffs.

The exact reads are here (`read_outcomes`), as the monitor's other counts are in the
monitor: aggregates of the region, never one child on a page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from arrangeer.groups.constants import PlacementStatus
from arrangeer.groups.models import GroupArrangement, Placement
from arrangeer.groups.selectors import CostComparison
from arrangeer.plans.constants import Realisation
from arrangeer.plans.models import GoalEvaluation, Module

from .suppression import THRESHOLD, Figure, Line, protect
from .tables import TOTAL

# The third and later evaluations in the group count as one round, as in the monitor's goal
# realisation.
LAST_ROUND = 3


@dataclass(frozen=True)
class Rating:
    """One rating of a goal the child's place serves, at an evaluation of the child's plan
    while the child was in the group: the round is the n-th evaluation day since placement."""

    case_id: int
    round: int
    realisation: str


@dataclass(frozen=True)
class GroupOutcomes:
    left_days: list[int]  # days from placement to outflow, one per child who left
    in_days: list[int]  # days in the group so far, one per child still placed
    ratings: list[Rating]


def read_outcomes(groups: list[GroupArrangement], *, today: dt.date) -> dict[int, GroupOutcomes]:
    """Per group (by pk): how long each child was (or is) in the group, and the ratings of
    the goals each child's place serves at the plan's evaluations held while in the group
    (from placement to outflow, both days included). Exact: published only through the
    functions below. Three queries whatever the number of children."""
    places = [
        (group_id, case_id, module_id, placed_on, left_on, status)
        for group_id, case_id, module_id, placed_on, left_on, status in Placement.objects.filter(
            group__in=groups, status__in=(PlacementStatus.PLACED, PlacementStatus.LEFT)
        ).values_list("group_id", "case_id", "module_id", "placed_on", "left_on", "status")
        if placed_on is not None
    ]
    left: dict[int, list[int]] = {g.pk: [] for g in groups}
    still: dict[int, list[int]] = {g.pk: [] for g in groups}
    for group_id, _case_id, _module_id, placed_on, left_on, status in places:
        if status == PlacementStatus.LEFT and left_on is not None:
            left[group_id].append((left_on - placed_on).days)
        elif status == PlacementStatus.PLACED:
            still[group_id].append(max(0, (today - placed_on).days))
    module_ids = [module_id for _g, _c, module_id, *_rest in places if module_id is not None]
    goals_of_module: dict[int, set[int]] = {}
    for module_id, goal_id in Module.goals.through.objects.filter(
        module_id__in=module_ids
    ).values_list("module_id", "goal_id"):
        goals_of_module.setdefault(module_id, set()).add(goal_id)
    goal_ids = {goal for goals in goals_of_module.values() for goal in goals}
    by_goal: dict[int, list[tuple[dt.date, str]]] = {}
    for goal_id, held_on, realisation in GoalEvaluation.objects.filter(
        goal_id__in=goal_ids
    ).values_list("goal_id", "evaluation__held_on", "realisation"):
        by_goal.setdefault(goal_id, []).append((held_on, realisation))
    ratings: dict[int, list[Rating]] = {g.pk: [] for g in groups}
    for group_id, case_id, module_id, placed_on, left_on, _status in places:
        until = left_on or today
        found = [
            (held_on, realisation)
            for goal in goals_of_module.get(module_id or 0, ())
            for held_on, realisation in by_goal.get(goal, ())
            if placed_on <= held_on <= until
        ]
        days = sorted({held_on for held_on, _realisation in found})
        for held_on, realisation in found:
            round_ = min(days.index(held_on) + 1, LAST_ROUND)
            ratings[group_id].append(Rating(case_id, round_, realisation))
    return {
        g.pk: GroupOutcomes(sorted(left[g.pk]), sorted(still[g.pk]), ratings[g.pk]) for g in groups
    }


RATED = "rated"
ROUNDS = tuple(range(1, LAST_ROUND + 1))
Key = tuple[Hashable, int, str]


def median_days(days: list[int]) -> int | None:
    """The median (nearest rank, as the monitor's other durations) of a duration in days,
    for at least THRESHOLD children; None otherwise."""
    if len(days) < THRESHOLD:
        return None
    ordered = sorted(days)
    return ordered[(len(ordered) + 1) // 2 - 1]


@dataclass(frozen=True)
class DurationRow:
    label: str
    left: int | None  # median days from placement to outflow
    still_in: int | None  # median days in the group so far


def durations(
    groups: list[GroupArrangement], outcomes: dict[int, GroupOutcomes]
) -> tuple[list[DurationRow], DurationRow]:
    rows = [
        DurationRow(
            g.name, median_days(outcomes[g.pk].left_days), median_days(outcomes[g.pk].in_days)
        )
        for g in groups
    ]
    every_left = [d for g in groups for d in outcomes[g.pk].left_days]
    every_in = [d for g in groups for d in outcomes[g.pk].in_days]
    return rows, DurationRow("", median_days(every_left), median_days(every_in))


@dataclass(frozen=True)
class RoundRow:
    """One evaluation round of one group (or of all groups): the goals rated, and of them
    reached, partly reached and not reached."""

    label: str
    round: int
    rated: Figure
    cells: list[Figure]


def goal_realisation(
    groups: list[GroupArrangement], outcomes: dict[int, GroupOutcomes]
) -> tuple[list[RoundRow], list[RoundRow]]:
    """Per group and round, and for all groups per round: the goals rated and their
    realisation, each count published through `protect` with its children as people."""
    columns = [RATED, *Realisation.values]
    counts: dict[Key, int] = {}
    children: dict[Key, set[int]] = {}
    rows: list[Hashable] = [g.pk for g in groups]
    for row in [*rows, TOTAL]:
        for number in ROUNDS:
            for column in columns:
                counts[(row, number, column)] = 0
                children[(row, number, column)] = set()
    for group in groups:
        for rating in outcomes[group.pk].ratings:
            for row in (group.pk, TOTAL):
                for column in (RATED, rating.realisation):
                    counts[(row, rating.round, column)] += 1
                    children[(row, rating.round, column)].add(rating.case_id)
    lines: list[Line[Key]] = []
    for row in [*rows, TOTAL]:
        for number in ROUNDS:
            lines.append(
                Line(tuple((row, number, r) for r in Realisation.values), (row, number, RATED))
            )
    if len(rows) > 1:
        for number in ROUNDS:
            for column in columns:
                lines.append(
                    Line(tuple((r, number, column) for r in rows), (TOTAL, number, column))
                )
    published = protect(counts, lines, people={k: len(v) for k, v in children.items()})

    def of(row: Hashable, label: str) -> Iterable[RoundRow]:
        for number in ROUNDS:
            yield RoundRow(
                label,
                number,
                published[(row, number, RATED)],
                [published[(row, number, r)] for r in Realisation.values],
            )

    per_group = [line for g in groups for line in of(g.pk, g.name)]
    return per_group, list(of(TOTAL, ""))


@dataclass(frozen=True)
class CostRow:
    """The group's cost per child per year (its yearly cost over its places: a full group)
    against what the same child's individual arrangement costs a year at the region's tariff,
    and the difference (positive: the group is cheaper)."""

    label: str
    group_per_child: Decimal | None
    individual_per_child: Decimal | None

    @property
    def saving_per_child(self) -> Decimal | None:
        if self.group_per_child is None or self.individual_per_child is None:
            return None
        return self.individual_per_child - self.group_per_child


def _euro(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def costs(
    groups: list[GroupArrangement], comparisons: dict[int, CostComparison]
) -> tuple[list[CostRow], CostRow]:
    """Per group, and for all groups weighted by their places: only groups with both figures
    count in the total, so the comparison is like for like."""
    rows = []
    places = Decimal(0)
    group_total = Decimal(0)
    individual_total = Decimal(0)
    for g in groups:
        group = comparisons[g.pk].group_per_child
        individual = comparisons[g.pk].individual_per_child
        rows.append(
            CostRow(
                g.name,
                _euro(group) if group is not None else None,
                _euro(individual) if individual is not None else None,
            )
        )
        if group is not None and individual is not None and g.capacity:
            places += g.capacity
            group_total += group * g.capacity
            individual_total += individual * g.capacity
    if not places:
        return rows, CostRow("", None, None)
    return rows, CostRow("", _euro(group_total / places), _euro(individual_total / places))
