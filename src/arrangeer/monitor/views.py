"""The monitor's pages: one per theme, and a CSV export of every table. Aggregates only:
nothing here names a child, links to a case or shows a figure about fewer than 10 children
(suppression.py); every page and export leaves an access-log record."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from arrangeer.accounts.models import User
from arrangeer.core.replica import reading_from_replica
from arrangeer.groups import selectors as group_selectors

from . import collective, export, indicators, reading, selectors, targets
from .charts import bar_chart
from .constants import Theme, year_label
from .scope import Scope
from .tables import Filters, PublishedTable


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _scope(request: HttpRequest) -> tuple[Scope, list[Scope]]:
    return reading.choose_scope(_user(request), request.GET)


def _filters(request: HttpRequest, scope: Scope, scopes: list[Scope]) -> dict[str, Any]:
    return reading.read_filters(request.GET or None, scope, scopes)


_theme = reading.known_theme


def _shown_tables(
    published: list[PublishedTable], filters: Filters, query: str
) -> list[dict[str, Any]]:
    """The page's tables with their charts: not those a chosen filter narrows (a table by
    sector on a sector's page)."""
    return [
        {
            "table": table,
            "chart": bar_chart(table, ident=f"grafiek-{table.spec.key}"),
            "lines": table.lines(),
            "has_total_column": table.spec.row_totals,
            "csv_query": query,
        }
        for table in published
        if not set(table.spec.narrows) & set(filters.active())
    ]


def _candidates_per_law(
    theme: str,
    scope: Scope,
    filters: Filters,
    context: dict[str, Any],
    result: indicators.ThemeResult,
) -> list[collective.LawCandidates]:
    """The funding theme shows, per law and instrument, the collective theme's candidates:
    where collective purchase would be cheaper (the same figures as that theme)."""
    if theme != Theme.FINANCING:
        return []
    return collective.candidates_per_law(
        # The facts' state as this page read it (the page says how fresh they are).
        collective.collective_candidates(
            scope, filters, context["choices"], state=result.fact_state()
        )
    )


@login_required
@require_GET
@reading_from_replica()  # figures may be seconds old; scope check and access log: primary
def theme_page(request: HttpRequest, theme: str = Theme.REACH) -> HttpResponse:
    theme = _theme(theme)
    scope, scopes = _scope(request)
    context = _filters(request, scope, scopes)
    filters: Filters = context["filters"]
    result = indicators.theme_result(
        theme,
        scope,
        filters,
        routes=context["routes"],
        norms=context["norms"],
        choices=context["choices"],
    )
    selectors.log_aggregate_read(
        _user(request), request.META.get("REMOTE_ADDR"), scope, filters, theme=theme
    )
    query = request.GET.urlencode()
    published = result.tables()
    tables = _shown_tables(published, filters, query)
    candidates = collective.candidates(published) if theme == Theme.COLLECTIVE else []
    per_law = _candidates_per_law(theme, scope, filters, context, result)
    return render(
        request,
        "monitor/theme.html",
        {
            "theme": theme,
            "theme_label": Theme(theme).label,
            "themes": Theme.choices,
            "scope": scope,
            "form": context["form"],
            "filters": filters,
            "year_label": year_label(filters.year),
            "tables": tables,
            "medians": result.medians(),
            "pre_aggregated": result.as_of is not None,
            "as_of": result.figures_as_of(),
            "query": query,
            "candidates": candidates,
            "candidates_per_law": per_law,
            # Bereik without the region's target group rules says where they are set.
            "target_group_missing": theme == Theme.REACH
            and targets.TARGET_TABLE not in result.table_keys(),
            "is_financing": theme == Theme.FINANCING,
            "collective_theme": Theme.COLLECTIVE,
            "is_collective": theme == Theme.COLLECTIVE,
            "candidate_minimum": collective.CANDIDATE_MINIMUM,
            # Who may start a group-arrangement proposal in this region (groups app).
            "may_propose": theme == Theme.COLLECTIVE
            and scope.region in group_selectors.managed_regions(_user(request)),
        },
    )


@reading_from_replica()  # figures may be seconds old; scope check and access log: primary
def _export(request: HttpRequest, theme: str, table: str, kind: str) -> HttpResponse:
    theme = _theme(theme)
    scope, scopes = _scope(request)
    context = _filters(request, scope, scopes)
    filters: Filters = context["filters"]
    result = indicators.theme_result(
        theme,
        scope,
        filters,
        routes=context["routes"],
        norms=context["norms"],
        choices=context["choices"],
    )
    if table not in result.table_keys():
        raise Http404
    found = result.tables(only=table)[0]
    selectors.log_aggregate_read(
        _user(request),
        request.META.get("REMOTE_ADDR"),
        scope,
        filters,
        theme=theme,
        export=table,
        kind=kind,
    )
    name = f"monitor-{theme}-{table}-{year_label(filters.year)}.{kind}"
    if kind == "xlsx":
        heading = (
            f"{Theme(theme).label}: {scope.label}, {_('school year')} {year_label(filters.year)}"
        )
        response = HttpResponse(
            export.as_xlsx(found, heading=heading), content_type=export.XLSX_TYPE
        )
    else:
        response = HttpResponse(export.as_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def export_csv(request: HttpRequest, theme: str, table: str) -> HttpResponse:
    return _export(request, theme, table, "csv")


@login_required
@require_GET
def export_xlsx(request: HttpRequest, theme: str, table: str) -> HttpResponse:
    return _export(request, theme, table, "xlsx")
