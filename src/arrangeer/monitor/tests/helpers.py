"""Arrangements in bulk for the monitor's tests: only what the monitor counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases.constants import CaseStatus, Initiator
from arrangeer.cases.models import Case
from arrangeer.children.models import Child
from arrangeer.monitor import demo, indicators, services, tables
from arrangeer.monitor.constants import school_year_of, year_start
from arrangeer.monitor.reading import choose_scope, read_filters
from arrangeer.organisations.constants import Role
from arrangeer.organisations.models import Membership, Organisation, Region
from arrangeer.testing.factories import UserFactory
from arrangeer.testing.world import World

LAST_YEAR = school_year_of(timezone.localdate()) - 1

# A page's published figures: per table, its cells as shown.
Published = dict[str, dict[tuple[Hashable, Hashable], str]]


def arrangements(
    region: Region,
    school: Organisation,
    regisseur: User,
    count: int,
    *,
    year: int = LAST_YEAR,
    closed: bool = False,
    close_reason: str = "goals_reached",
    **flags: object,
) -> list[Case]:
    """`count` arrangements opened in the school year `year` at `school`."""
    opened = timezone.make_aware(dt.datetime.combine(year_start(year), dt.time(9)))
    opened += dt.timedelta(days=30)
    children = Child.objects.bulk_create(
        Child(
            first_name="Kind",
            last_name=f"Monitortest{school.pk}x{i}",
            date_of_birth=dt.date(year - 9, 3, 1),
            school=school,
        )
        for i in range(count)
    )
    cases = Case.objects.bulk_create(
        Case(
            child=child,
            region=region,
            initiator=Initiator.SCHOOL,
            initiating_organisation=school,
            regisseur=regisseur,
            created_by=regisseur,
            status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
            closed_at=opened + dt.timedelta(days=100) if closed else None,
            close_reason=close_reason if closed else "",
            **flags,
        )
        for child in children
    )
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(opened_at=opened)
    # Loaded in bulk (no model signals): the facts are refreshed as after an import.
    services.refresh_dimension_facts()
    return cases


def seed_history(world: World, *, per_year: int, seed: int) -> World:
    """Four school years of arrangements with plans, modules, evaluations, ratings and answers
    in the world's region, loaded in bulk as the demo does (monitor.demo.seed_history: no
    model signals; the same seed gives the same history). The history leaves the world's own
    coordinator alone: it is led by another one of the school."""
    lead = UserFactory(username="history_lead")
    Membership.objects.create(user=lead, organisation=world.school, role=Role.COORDINATOR)
    assert demo.seed_history(world.region, per_year=per_year, seed=seed) > 0
    return world


def theme_result(
    user: User, theme: str, params: Mapping[str, str] | None = None
) -> indicators.ThemeResult:
    """The theme's page as `user` reads it for LAST_YEAR with the filters `params` (not yet
    counted: its tables count when they are read)."""
    params = dict(params or {})
    scope, scopes = choose_scope(user, params)
    context = read_filters({"jaar": str(LAST_YEAR), **params}, scope, scopes)
    assert not context["form"].errors
    return indicators.theme_result(
        theme,
        scope,
        context["filters"],
        routes=context["routes"],
        norms=context["norms"],
        choices=context["choices"],
    )


def published(tables: Iterable[Any]) -> Published:
    """The figures the tables publish, as shown."""
    return {
        table.spec.key: {key: str(figure) for key, figure in table.figures.items()}
        for table in tables
    }


def figures_of(user: User, theme: str, params: Mapping[str, str] | None = None) -> Published:
    """The figures the theme's page publishes to `user` (theme_result)."""
    return published(theme_result(user, theme, params).tables())


def grouped_cells(
    result: indicators.ThemeResult, filters: tables.Filters
) -> dict[str, dict[Any, Any]]:
    """The cells of every slice of the theme's tables, per table's key, from one grouped query
    for the tables on the same rows together, as the page counts them (tables.build_all)."""
    together: dict[tuple[int, Any], list[Any]] = {}
    for spec, source in result.pending:
        group = spec.group_by if isinstance(spec.group_by, str) else id(spec.group_by)
        together.setdefault((id(source), group), []).append(spec)
    counted = {}
    for specs in together.values():
        source = next(s for spec_, s in result.pending if spec_ is specs[0])
        grouped = tables._sliced_tables(specs, source, filters)
        counted.update(zip([spec.key for spec in specs], grouped, strict=True))
    return counted
