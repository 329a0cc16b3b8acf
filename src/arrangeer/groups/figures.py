"""The figures of a group arrangement that name no child: the business case's cost
compared with the individual arrangements it replaces (for the group's page and, for
many groups in one query, the monitor), and the exact counts the monitor publishes
only through its suppression rule. Other apps read these through `selectors`."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from arrangeer.organisations.models import Region
from arrangeer.plans.models import Tariff

from .constants import SCHOOL_WEEKS, Destination, GroupStatus, PlacementStatus
from .models import GroupArrangement, Placement

# --- The business case: cost compared with the individual arrangements ---------------------


@dataclass(frozen=True)
class CostComparison:
    group_per_year: Decimal | None
    group_per_child: Decimal | None
    individual_per_year: Decimal | None
    individual_per_child: Decimal | None
    tariff: Tariff | None

    @property
    def saving(self) -> Decimal | None:
        if self.group_per_year is None or self.individual_per_year is None:
            return None
        return self.individual_per_year - self.group_per_year


def _euro(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def tariff_of(group: GroupArrangement, day: dt.date) -> Tariff | None:
    if not group.replaced_product_code or not group.replaced_framework:
        return None
    return (
        Tariff.objects.filter(
            region_id=group.region_id,
            product_code=group.replaced_product_code,
            funding_framework=group.replaced_framework,
            valid_from__lte=day,
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )


def cost_comparison(group: GroupArrangement, *, today: dt.date) -> CostComparison:
    """The group's cost per year against the individual arrangements it replaces: each of
    `replaced_hours` a week for SCHOOL_WEEKS weeks at the region's tariff of its product."""
    return _comparison(group, tariff_of(group, today))


def _comparison(group: GroupArrangement, tariff: Tariff | None) -> CostComparison:
    individual = None
    per_individual = None
    if tariff is not None and group.replaced_hours and group.replaced_count:
        per_individual = _euro(tariff.price * group.replaced_hours * SCHOOL_WEEKS)
        individual = _euro(per_individual * group.replaced_count)
    per_child = None
    if group.yearly_cost is not None and group.capacity:
        per_child = _euro(group.yearly_cost / group.capacity)
    return CostComparison(group.yearly_cost, per_child, individual, per_individual, tariff)


# --- Exact counts for the monitor (published only through its suppression rule) ------------


@dataclass(frozen=True)
class GroupCounts:
    served: int
    now_in: int
    out: int
    waiting: int
    destinations: dict[str, int]
    capacity: int


def group_counts(groups: list[GroupArrangement]) -> dict[int, GroupCounts]:
    """Per group (by pk): children served (ever placed), in the group now, flowed out, on the
    waiting list, where those who left went, and the places. Exact: for the monitor's
    suppression rule only. One query."""
    rows = Placement.objects.filter(group__in=groups).values_list(
        "group_id", "status", "destination"
    )
    status_counts: Counter[tuple[int, str]] = Counter()
    destination_counts: Counter[tuple[int, str]] = Counter()
    for group_id, status, destination in rows:
        status_counts[(group_id, status)] += 1
        if status == PlacementStatus.LEFT:
            destination_counts[(group_id, destination)] += 1
    found: dict[int, GroupCounts] = {}
    for group in groups:
        now_in = status_counts[(group.pk, PlacementStatus.PLACED)]
        out = status_counts[(group.pk, PlacementStatus.LEFT)]
        found[group.pk] = GroupCounts(
            served=now_in + out,
            now_in=now_in,
            out=out,
            waiting=status_counts[(group.pk, PlacementStatus.WAITING)],
            destinations={d: destination_counts[(group.pk, d)] for d in Destination.values},
            capacity=group.capacity or 0,
        )
    return found


def running_groups(region: Region) -> list[GroupArrangement]:
    return list(
        GroupArrangement.objects.filter(region=region, status=GroupStatus.RUNNING).order_by("name")
    )


# --- The business case's costs for the monitor ----------------------------------------------


def group_costs(groups: list[GroupArrangement], *, today: dt.date) -> dict[int, CostComparison]:
    """Per group (by pk): the business case's cost comparison at the region's tariff in force
    today (no child in it). The tariffs of all groups are read in one query, so the monitor's
    groups page costs the same for any number of groups."""
    wanted = {
        (g.region_id, g.replaced_product_code, g.replaced_framework)
        for g in groups
        if g.replaced_product_code and g.replaced_framework
    }
    in_force: dict[tuple[int, str, str], Tariff] = {}
    if wanted:
        found = (
            Tariff.objects.filter(
                region_id__in={region for region, _code, _framework in wanted},
                product_code__in={code for _region, code, _framework in wanted},
                funding_framework__in={framework for _r, _c, framework in wanted},
                valid_from__lte=today,
            )
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
            .order_by("-valid_from", "-pk")
        )
        for tariff in found:
            # The latest in force first, as `tariff_of` takes it.
            in_force.setdefault(
                (tariff.region_id, tariff.product_code, tariff.funding_framework), tariff
            )
    return {
        g.pk: _comparison(
            g, in_force.get((g.region_id, g.replaced_product_code, g.replaced_framework))
        )
        for g in groups
    }
