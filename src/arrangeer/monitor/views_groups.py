"""The monitor of group arrangements (seed 000: the Startklas monitor): per running group of
the scope and for all of them, children served, in the group, flowed out, their destinations
and the share to regular education, the waiting list and the places; and the outcomes
(group_outcomes.py): duration in the group, goal realisation per evaluation round, cost per
child against the individual arrangements replaced. Every count passes the
suppression rule (suppression.py); the share is computed from the published figures only, so
it undoes no rounding. One access-log record per page, as every monitor page."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from arrangeer.accounts.models import User
from arrangeer.core.replica import reading_from_replica
from arrangeer.groups import selectors as group_selectors
from arrangeer.groups.constants import Destination
from arrangeer.groups.models import GroupArrangement
from arrangeer.organisations.models import Organisation
from arrangeer.plans.constants import Realisation

from . import group_outcomes, reading, selectors
from .constants import school_year_of
from .suppression import Figure, Line, protect
from .tables import TOTAL, Filters

THEME = "groepsarrangementen"
COLUMNS = ("served", "in", "out", "waiting", *Destination.values)
Key = tuple[Hashable, str]


@dataclass(frozen=True)
class GroupRow:
    label: str
    capacity: int | None
    cells: list[Figure]
    share_regular: int | None
    # The group's evaluation cycle (Alkmaar phase 5): no child in it, so not suppressed.
    evaluations: int = 0
    decision: str = ""


def _share(regular: Figure, out: Figure) -> int | None:
    """The share to regular education in whole percents, rounded to 5, from published
    figures only; None when either is suppressed."""
    if regular.value is None or out.value is None or out.value == 0:
        return None
    share = Decimal(regular.value * 100) / Decimal(out.value) / 5
    return min(100, int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 5)


def group_figures(groups: list[GroupArrangement]) -> tuple[list[GroupRow], GroupRow]:
    """The published table: a row per group and the total of all, every cell protected along
    its lines (in + out = served; the destinations = out; every column = its total)."""
    exact = group_selectors.group_counts(groups)
    evaluated = group_selectors.evaluation_summary(groups)
    counts: dict[Key, int] = {}
    rows: list[Hashable] = [g.pk for g in groups]
    for group in groups:
        c = exact[group.pk]
        values = {"served": c.served, "in": c.now_in, "out": c.out, "waiting": c.waiting}
        values.update(c.destinations)
        for column in COLUMNS:
            counts[(group.pk, column)] = values[column]
    for column in COLUMNS:
        counts[(TOTAL, column)] = sum(counts[(r, column)] for r in rows)
    lines: list[Line[Key]] = []
    for row in [*rows, TOTAL]:
        lines.append(Line(((row, "in"), (row, "out")), (row, "served")))
        lines.append(Line(tuple((row, d) for d in Destination.values), (row, "out")))
    if len(rows) > 1:
        for column in COLUMNS:
            lines.append(Line(tuple((r, column) for r in rows), (TOTAL, column)))
    published = protect(counts, lines)

    def row_of(
        key: Hashable, label: str, capacity: int | None, evaluations: int, decision: str
    ) -> GroupRow:
        cells = [published[(key, column)] for column in COLUMNS]
        return GroupRow(
            label,
            capacity,
            cells,
            _share(published[(key, Destination.REGULAR)], published[(key, "out")]),
            evaluations,
            decision,
        )

    group_rows = [
        row_of(
            g.pk,
            g.name,
            g.capacity,
            evaluated[g.pk].count,
            str(evaluated[g.pk].decision_label),
        )
        for g in groups
    ]
    capacity = sum(g.capacity or 0 for g in groups)
    total_evaluations = sum(e.count for e in evaluated.values())
    return group_rows, row_of(TOTAL, "", capacity, total_evaluations, "")


@login_required
@require_GET
@reading_from_replica()  # figures may be seconds old; scope check and access log: primary
def groups_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    scope, scopes = reading.choose_scope(user, request.GET)
    groups = group_selectors.running_groups(scope.region)
    if scope.school is not None:
        groups = [g for g in groups if g.school_id == scope.school.pk]
    if scope.swv is not None:
        schools = set(Organisation.objects.filter(swv=scope.swv).values_list("pk", flat=True))
        groups = [g for g in groups if g.school_id in schools]
    rows, total = group_figures(groups)
    today = timezone.localdate()
    outcomes = group_outcomes.read_outcomes(groups, today=today)
    duration_rows, duration_total = group_outcomes.durations(groups, outcomes)
    round_rows, round_total = group_outcomes.goal_realisation(groups, outcomes)
    cost_rows, cost_total = group_outcomes.costs(
        groups, group_selectors.group_costs(groups, today=today)
    )
    selectors.log_aggregate_read(
        user,
        request.META.get("REMOTE_ADDR"),
        scope,
        Filters(year=school_year_of(today)),
        theme=THEME,
    )
    return render(
        request,
        "monitor/groups.html",
        {
            "scope": scope,
            "scopes": scopes,
            "rows": rows,
            "total": total,
            "destinations": Destination.choices,
            "duration_rows": duration_rows,
            "duration_total": duration_total,
            "round_rows": round_rows,
            "round_total": round_total,
            "realisations": Realisation.choices,
            "cost_rows": cost_rows,
            "cost_total": cost_total,
        },
    )
