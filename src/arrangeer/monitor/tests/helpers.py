"""Arrangements in bulk for the monitor's tests: only what the monitor counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.cases.constants import CaseStatus, Initiator
from arrangeer.cases.models import Case
from arrangeer.children.models import Child
from arrangeer.groups.constants import IntakeChoice, PlacementStatus
from arrangeer.groups.models import GroupArrangement, Placement
from arrangeer.monitor import demo, indicators, services, tables
from arrangeer.monitor.constants import school_year_of, year_start
from arrangeer.monitor.models import CaseFact
from arrangeer.monitor.reading import choose_scope, read_filters
from arrangeer.organisations.constants import Role
from arrangeer.organisations.models import Membership, Organisation, Region, SchoolBoard
from arrangeer.plans.constants import FundingFramework, IntensityUnit
from arrangeer.plans.models import Module, Tariff
from arrangeer.testing.factories import UserFactory
from arrangeer.testing.world import World

LAST_YEAR = school_year_of(timezone.localdate()) - 1

# The product code of the region's tariffs in codes_and_tariffs.
CODE = "45A12"

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


def child_at_two_schools(world: World) -> CaseFact:
    """Make the facts put one child's two cases of LAST_YEAR at the world's two schools (as a
    refresh of one of them not yet done would): the second case's row becomes the first's,
    child and everything else, at the other school. Returns the first case's row."""
    opened = [
        timezone.make_aware(dt.datetime.combine(year_start(year), dt.time.min))
        for year in (LAST_YEAR, LAST_YEAR + 1)
    ]
    first, second = CaseFact.objects.filter(
        region=world.region,
        school=world.school,
        opened_at__gte=opened[0],
        opened_at__lt=opened[1],
    ).order_by("pk")[:2]
    CaseFact.objects.filter(pk=second.pk).update(
        **{
            f.attname: getattr(first, f.attname)
            for f in CaseFact._meta.concrete_fields
            if f.attname not in ("case_id", "school_id")
        },
        school=world.other_school,
    )
    return first


def spy_on_slicing(monkeypatch: Any) -> list[bool | None]:
    """The `nested` argument of every call of tables._sliced_tables from now on (None: the
    default, False: counted again with every filter on its own)."""
    calls: list[bool | None] = []
    sliced = tables._sliced_tables

    def spied(*args: Any, nested: bool | None = None) -> Any:
        calls.append(nested)
        return sliced(*args, nested=nested)

    monkeypatch.setattr(tables, "_sliced_tables", spied)
    return calls


def codes_and_tariffs(world: World) -> None:
    """Tariffs of the region (one changes its price at the start of the last school year) and
    product codes on two in three of the history's modules, with intensities in quarters and
    sessions, so amounts have cents and fractions of cents; a few modules are places in a
    group arrangement, one module is removed."""
    start = year_start(LAST_YEAR)
    for code, framework, unit, price, valid_from, valid_to in (
        (
            CODE,
            FundingFramework.JEUGDWET_ZIN,
            IntensityUnit.HOURS,
            "63.17",
            dt.date(2000, 1, 1),
            start - dt.timedelta(days=1),
        ),
        (CODE, FundingFramework.JEUGDWET_ZIN, IntensityUnit.HOURS, "67.43", start, None),
        (
            CODE,
            FundingFramework.JEUGDWET_ZIN,
            IntensityUnit.SESSIONS,
            "88.05",
            dt.date(2000, 1, 1),
            None,
        ),
        (
            "TLV1",
            FundingFramework.WPO_SWV,
            IntensityUnit.HOURS,
            "41.09",
            dt.date(2000, 1, 1),
            None,
        ),
    ):
        Tariff.objects.create(
            region=world.region,
            product_code=code,
            funding_framework=framework,
            unit=unit,
            price=Decimal(price),
            valid_from=valid_from,
            valid_to=valid_to,
        )
    ids = list(
        Module.objects.filter(plan__case__region=world.region)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert len(ids) > 100
    Module.objects.filter(pk__in=ids[::3]).update(product_code="45a12", intensity=Decimal("2.75"))
    Module.objects.filter(pk__in=ids[1::3]).update(product_code=" tlv1", intensity=Decimal("1.5"))
    Module.objects.filter(pk__in=ids[::7]).update(intensity_unit=IntensityUnit.SESSIONS)
    Module.objects.filter(pk=ids[4]).update(removed_at=timezone.now())
    group = GroupArrangement.objects.create(
        region=world.region, name="Startklas (test)", created_by=world.coordinator
    )
    for module in Module.objects.filter(pk__in=ids[5:60:11]).select_related("plan"):
        Placement.objects.create(
            group=group,
            case_id=module.plan.case_id,
            status=PlacementStatus.PLACED,
            intake_on=module.start_date,
            intake_choice=IntakeChoice.GROUP,
            parents_prefer=IntakeChoice.GROUP,
            parents_view="Goed.",
            module=module,
            placed_on=module.start_date,
            recorded_by=world.coordinator,
        )
    # The SWV and board filters have choices: the world's school in the SWV and a board.
    world.school.swv = world.swv
    world.school.school_board = SchoolBoard.objects.create(region=world.region, name="Bestuur")
    world.school.save()


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
