"""The monitor in the API (`/api/v1/monitor/<theme>/`), read-only, for the region's own BI
tools: the same scope rules, filters and suppression as the pages, as JSON. A token acts for
one role: it sees the figures of that role's region or school, or nothing (404). Every answer
leaves an aggregate read in the access log (channel api)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as drf
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from arrangeer.accounts.models import User
from arrangeer.api.models import ApiToken
from arrangeer.audit.constants import Channel
from arrangeer.core.replica import reading_from_replica
from arrangeer.organisations.constants import SchoolSector

from . import export, indicators, reading, selectors, suppression
from .constants import Theme, year_label
from .serializers import ThemeSerializer
from .suppression import THRESHOLD
from .tables import Filters, PublishedTable


def _table_body(table: PublishedTable) -> dict[str, Any]:
    """One table as the API gives it: its heading, columns and lines of published figures."""
    heading, *columns = export.header(table)
    rows = [
        {
            "name": _("Total") if label is None else str(label),
            "is_total": label is None,
            "values": [f.value for f in figures],
            "display": [str(f) for f in figures],
        }
        for label, figures in table.lines()
    ]
    return {
        "key": table.spec.key,
        "title": str(table.spec.title),
        "row_heading": heading,
        "columns": columns,
        "rows": rows,
    }


def _body(theme: str, scope: Any, filters: Filters, result: indicators.ThemeResult) -> Any:
    tables = []
    for table in result.tables():
        if set(table.spec.narrows) & set(filters.active()):
            continue  # one row under this filter: left out, as on the page
        tables.append(_table_body(table))
    durations = [
        {
            "name": str(label),
            "rows": [
                {"school_year": m.label, "median_days": m.median, "p80_days": m.p80}
                for m in medians
            ],
        }
        for label, medians in result.medians()
    ]
    return {
        "theme": theme,
        "title": str(Theme(theme).label),
        "scope": {
            "kind": scope.kind,
            "name": (scope.school or scope.swv or scope.region).name,
            "role": scope.membership.get_role_display(),
        },
        "school_year": year_label(filters.year),
        "filters": {
            "jaar": filters.year,
            "gemeente": filters.municipality,
            "swv": filters.swv,
            "bestuur": filters.school_board,
            "school": filters.school,
            "sector": filters.sector,
            "route": filters.route,
        },
        "rule": export.rule_text(),
        "threshold": THRESHOLD,
        "rounding": suppression.ROUNDING_BASE,  # read when asked (a test may switch it off)
        "computed_at": timezone.now(),
        "pre_aggregated": result.as_of is not None,
        "figures_as_of": result.figures_as_of(),
        "tables": tables,
        "durations": durations,
    }


class MonitorTheme(APIView):
    """One theme of the regional monitor: its tables of published figures (aggregates only)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="monitor_theme",
        summary="A theme of the regional monitor (aggregates only)",
        description=(
            "The figures of one theme for the region (policy officers, board members) or the "
            "school (its support coordinator) of the role the token acts for; 404 for anyone "
            "else. No figure about fewer than 10 children: such a value is null (display "
            '"<10"), every count is rounded to 5, and secondary suppression hides what could '
            "be worked out from totals or other filter choices. One narrowing filter at a time "
            "(gemeente, swv, bestuur, school, sector or route)."
        ),
        parameters=[
            OpenApiParameter("theme", str, OpenApiParameter.PATH, enum=list(Theme.values)),
            OpenApiParameter("jaar", int, description="School year (its first calendar year)"),
            OpenApiParameter("gemeente", str, description="Municipality of the child's school"),
            OpenApiParameter("swv", int, description="SWV of the child's school (organisation id)"),
            OpenApiParameter("bestuur", int, description="Board of the child's school (its id)"),
            OpenApiParameter("school", int, description="School (organisation id)"),
            OpenApiParameter("sector", str, enum=list(SchoolSector.values)),
            OpenApiParameter("route", int, description="Route id"),
            OpenApiParameter(
                "bron", str, description="With a browser session: which of your roles"
            ),
        ],
        responses=ThemeSerializer,
        tags=["monitor"],
    )
    @reading_from_replica()  # figures may be seconds old; scope check and access log: primary
    def get(self, request: Request, theme: str) -> Response:
        theme = reading.known_theme(theme)
        user = request.user
        assert isinstance(user, User)
        token = request.auth if isinstance(request.auth, ApiToken) else None
        scope, scopes = reading.choose_scope(
            user, request.query_params, membership_id=token.membership_id if token else None
        )
        context = reading.read_filters(request.query_params, scope, scopes)
        form = context["form"]
        if form.is_bound and not form.is_valid():
            raise drf.ValidationError(
                {name: [str(e) for e in errors] for name, errors in form.errors.items()}
            )
        filters: Filters = context["filters"]
        result = indicators.theme_result(
            theme,
            scope,
            filters,
            routes=context["routes"],
            norms=context["norms"],
            choices=context["choices"],
        )
        body = _body(theme, scope, filters, result)
        selectors.log_aggregate_read(
            user, request.META.get("REMOTE_ADDR"), scope, filters, theme=theme, channel=Channel.API
        )
        return Response(ThemeSerializer(body).data)
