"""The demo region's group arrangements: a running Startklas at De Regenboog (Leiden) with
three school years of history whose figures echo the Startklassen of seed 000 at demo scale
(about 36 children served, most flowed out, some 85% of them to a regular class), two
toddlers of the region's peuteropvang at the intake age waiting for their joint intake (the
peuteropvang, `Organisation.preschool`, on their team with the parents' consent), and a
second proposal halfway through the decision route. Written in bulk, like the monitor's
history. For the demo app only.

One module per part: `data` (the fixed names and texts), `arrangement` (the Startklas and
the proposal in the route), `children` (the history's children, cases, plans and places),
`evaluations` (their evaluated plans), `intake` (the toddlers waiting for the intake)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from faker import Faker

from arrangeer.cases.demo import child_first_names
from arrangeer.organisations.models import Region
from arrangeer.routes.services import route_for_new_case

from .. import selectors
from ..models import GroupArrangement
from .arrangement import find_staff, proposal_in_route, startklas
from .children import place_children
from .data import COHORTS, DESTINATIONS, STARTKLAS
from .intake import intake_candidates

__all__ = ["COHORTS", "STARTKLAS", "seed_groups"]


@transaction.atomic
def seed_groups(region: Region, *, seed: int = 2026, cohorts: tuple[int, ...] = COHORTS) -> int:
    """The Startklas and a proposal in the route, unless the region has them; returns how many
    children were placed. `cohorts`: the children who came in per school year, oldest first
    (the last year's are in the group now; the benchmark fills all 12 places)."""
    if GroupArrangement.objects.filter(region=region, name=STARTKLAS).exists():
        return 0
    staff = find_staff(region, seed)
    route = selectors.route_for_region(region)
    case_route = route_for_new_case(region)
    if staff is None or route is None or case_route is None:
        return 0
    rng = random.Random(seed)
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    today = timezone.localdate()
    first_year = (today.year if today.month >= 8 else today.year - 1) - len(cohorts) + 1
    started = dt.date(first_year, 8, 20)
    group = startklas(
        region, route, staff, approved=started - dt.timedelta(days=70), started=started
    )
    proposal_in_route(region, staff.officer, route, today)
    names = child_first_names()
    rows = _placement_rows(cohorts, first_year, today, rng)
    placed_count = place_children(
        group,
        rows,
        staff.coordinator,
        staff.teacher,
        case_route,
        names,
        rng,
        faker,
        today,
        seed=seed,
    )
    intake_candidates(group, staff.coordinator, staff.teacher, case_route, names, rng, faker, today)
    return placed_count


def _placement_rows(
    cohorts: tuple[int, ...], first_year: int, today: dt.date, rng: random.Random
) -> list[tuple[dt.date, dt.date | None, str]]:
    """Per child of the history: the day it was placed, the day it left (None: in the group
    now) and where it went."""
    destinations = list(DESTINATIONS)
    rng.shuffle(destinations)
    rows: list[tuple[dt.date, dt.date | None, str]] = []
    for index, size in enumerate(cohorts):
        year = first_year + index
        current = index == len(cohorts) - 1
        for _ in range(size):
            placed = dt.date(year, 8, 20) + dt.timedelta(days=rng.randint(0, 150))
            if current:
                # This school year's children: in the group now.
                placed = min(placed, today - dt.timedelta(days=rng.randint(10, 60)))
                rows.append((placed, None, ""))
            else:
                # A school year in the Startklas, then on to the next school in the summer.
                left = dt.date(year + 1, 7, rng.randint(1, 15))
                rows.append((placed, left, destinations.pop()))
    return rows
