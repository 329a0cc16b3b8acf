"""What a request asks of the monitor, for the pages, the exports and the API alike: the
scope (whose figures), the filters and the theme."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404
from django.utils import timezone

from arrangeer.accounts.models import User
from arrangeer.organisations.constants import SchoolSector

from . import selectors
from .constants import Theme, school_year_of
from .forms import MonitorFilterForm
from .scope import Scope, scopes_for
from .tables import Filters


def choose_scope(
    user: User, params: Mapping[str, Any], *, membership_id: int | None = None
) -> tuple[Scope, list[Scope]]:
    """The scope asked for (`bron`) among the person's scopes, else their first. With an API
    token, only the scope of the token's role (`membership_id`). No scope: 404, the same
    answer as for a page that is not there."""
    scopes = scopes_for(user)
    if membership_id is not None:
        scopes = [s for s in scopes if s.membership.pk == membership_id]
    if not scopes:
        raise Http404
    chosen = params.get("bron", "")
    scope = next((s for s in scopes if s.key == chosen), scopes[0])
    return scope, scopes


def read_filters(
    params: Mapping[str, Any] | None, scope: Scope, scopes: list[Scope]
) -> dict[str, Any]:
    """The filter form on the parameters, the Filters it gives (the defaults where it is not
    valid) and the choices and routes of the scope."""
    this_year = school_year_of(timezone.localdate())
    offered = selectors.filter_choices(scope, this_year)
    years, municipalities, schools = offered.years, offered.municipalities, offered.schools
    routes, norms = selectors.routes_of(scope)
    form = MonitorFilterForm(
        params,
        scopes=[(s.key, s.label) for s in scopes],
        years=years,
        municipalities=municipalities,
        swvs=offered.swvs,
        boards=offered.boards,
        schools=schools,
        routes=list(routes.items()),
        school_scope=scope.school is not None,
        swv_scope=scope.swv is not None,
    )
    # The last complete school year, unless another is chosen.
    default_year = max(years[0], this_year - 1)
    data: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
    filters = Filters(
        year=data.get("jaar") or default_year,
        municipality=data.get("gemeente") or "",
        school=data.get("school"),
        sector=data.get("sector") or "",
        route=data.get("route"),
        swv=data.get("swv"),
        school_board=data.get("bestuur"),
        schools_in=offered.schools_in,
    )
    choices: dict[str, list[Any]] = {
        "sector": list(SchoolSector.values),
        "route": list(routes),
    }
    if scope.school is None:
        choices |= {
            "municipality": list(municipalities),
            "swv": [pk for pk, _n in offered.swvs],
            "school_board": [pk for pk, _n in offered.boards],
            "school": [pk for pk, _n in schools],
        }
    if scope.swv is not None:
        del choices["swv"]  # the scope is the SWV
    return {
        "form": form,
        "filters": filters,
        "routes": routes,
        "norms": norms,
        "choices": choices,
    }


def known_theme(value: str) -> str:
    if value not in Theme.values:
        raise Http404
    return value
