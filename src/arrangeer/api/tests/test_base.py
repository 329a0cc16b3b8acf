"""Every API view under a case stands on the one base (`api.base.CaseScoped`): its permissions
are the base's, and it reaches the case through the access layer. The URLconf is walked, so a
new endpoint under a case that forgets the base fails here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from arrangeer.api.base import CaseScoped


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _case_views() -> dict[str, type]:
    found = {}
    for route, callback in _routes(get_resolver().url_patterns):
        view_class = getattr(callback, "cls", None)  # DRF's as_view()
        if view_class is not None and "<uuid:case_id>" in route:
            found[route] = view_class
    return found


def test_the_walk_finds_the_api_views_under_a_case() -> None:
    routes = _case_views()
    assert len(routes) >= 40, sorted(routes)
    assert any(route.endswith("cases/<uuid:case_id>/") for route in routes)


def test_every_api_view_under_a_case_is_case_scoped() -> None:
    outside = sorted(
        f"{route}: {view.__name__}"
        for route, view in _case_views().items()
        if not issubclass(view, CaseScoped)
    )
    assert not outside, "\n".join(outside)


def test_no_api_view_under_a_case_sets_its_own_permissions() -> None:
    own = sorted(
        f"{route}: {view.__name__}"
        for route, view in _case_views().items()
        if view.permission_classes is not CaseScoped.permission_classes
    )
    assert not own, "\n".join(own)
