"""The monitor's reads for a viewer: the choices of the filters for a scope, and the access-log
record of an aggregate read (who looked at which figures with which filters)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from arrangeer.accounts.models import User
from arrangeer.audit.constants import Basis, Channel, Event, Outcome
from arrangeer.audit.services import AccessRecord, write_access_record
from arrangeer.cases.models import Case
from arrangeer.organisations.constants import OrganisationType
from arrangeer.organisations.models import Organisation
from arrangeer.routes.models import Route, Step

from .constants import school_year_of
from .indicators import route_norms
from .scope import Scope
from .tables import Filters

# What the access log calls an aggregate read of the monitor (no child, no case).
OBJECT_PAGE = "monitor"
OBJECT_EXPORT = "monitor_csv"
OBJECT_EXPORT_XLSX = "monitor_xlsx"
OBJECT_API = "monitor_api"
MAX_YEARS = 6


def routes_of(scope: Scope) -> tuple[dict[int, str], dict[int, dict[str, int]]]:
    """The routes the region's cases can follow (its own and the model routes), with the
    norms of the lead times. Two queries."""
    routes = list(
        Route.objects.filter(Q(region=scope.region) | Q(region__isnull=True))
        .select_related("region")
        .order_by("region_id", "name", "version")
    )
    steps = list(Step.objects.filter(route__in=routes).select_related("phase"))
    labels = {r.pk: str(r) for r in routes}
    return labels, route_norms(routes, steps)


@dataclass(frozen=True)
class FilterChoices:
    """What the filters of a scope offer: school years with cases, and (a region's monitor)
    municipalities, SWVs, school boards and schools."""

    years: list[int]
    municipalities: list[str] = field(default_factory=list)
    swvs: list[tuple[int, str]] = field(default_factory=list)
    boards: list[tuple[int, str]] = field(default_factory=list)
    schools: list[tuple[int, str]] = field(default_factory=list)
    # (filter name, school, its municipality, SWV or board, or None) for every school: see
    # tables.Filters.
    schools_in: tuple[tuple[str, int, int | str | None], ...] = ()


def filter_choices(scope: Scope, today_year: int) -> FilterChoices:
    """School years with cases (at most the last six), and the municipalities, SWVs and
    school boards of the region's schools (an SWV's: of its schools, no SWV), and the
    schools. Two queries."""
    first = (
        Case.objects.filter(region=scope.region)
        .order_by("opened_at")
        .values_list("opened_at", flat=True)[:1]
    )
    start = school_year_of(first[0].date()) if first else today_year
    start = max(start, today_year - MAX_YEARS + 1)
    years = list(range(start, today_year + 1))
    if scope.school is not None:
        return FilterChoices(years)
    # An SWV's monitor offers the SWV's schools (and their municipalities and boards).
    in_scope = Organisation.objects.filter(region=scope.region, type=OrganisationType.SCHOOL)
    if scope.swv is not None:
        in_scope = in_scope.filter(swv=scope.swv)
    schools = list(
        in_scope.values_list(
            "pk",
            "name",
            "municipality",
            "swv_id",
            "swv__name",
            "school_board_id",
            "school_board__name",
        )
    )
    swvs = {row[3]: row[4] for row in schools if row[3] is not None and scope.swv is None}
    boards = {row[5]: row[6] for row in schools if row[5] is not None}
    return FilterChoices(
        years,
        municipalities=sorted({row[2] for row in schools if row[2]}),
        swvs=sorted(swvs.items(), key=lambda item: (item[1], item[0])),
        boards=sorted(boards.items(), key=lambda item: (item[1], item[0])),
        schools=[(row[0], row[1]) for row in schools],
        schools_in=tuple(
            link
            for row in schools
            for link in (
                ("municipality", row[0], row[2]),
                ("swv", row[0], row[3]),
                ("school_board", row[0], row[5]),
            )
        ),
    )


def log_aggregate_read(
    user: User,
    client_address: str | None,
    scope: Scope,
    filters: Filters,
    *,
    theme: str,
    export: str = "",
    kind: str = "csv",
    channel: str = Channel.WEB,
) -> None:
    """One access-log record per monitor page or export: an aggregate read, with the filters
    used (object id), and no child or case."""
    membership = scope.membership
    detail = filters.for_log(theme if not export else f"{theme}:{export}")
    if channel == Channel.API:
        object_type = OBJECT_API
    elif export:
        object_type = OBJECT_EXPORT_XLSX if kind == "xlsx" else OBJECT_EXPORT
    else:
        object_type = OBJECT_PAGE
    write_access_record(
        AccessRecord(
            event=Event.EXPORT if export else Event.VIEW,
            outcome=Outcome.ALLOWED,
            channel=channel,
            user_id=user.pk,
            username=user.get_username(),
            role=membership.role,
            organisation_id=membership.organisation_id,
            organisation_name=membership.organisation.name,
            responsible_user_id=user.pk,
            object_type=object_type,
            object_id=detail,
            basis=Basis.NONE,
            client_address=client_address,
        )
    )
