"""The published figures of a theme kept for the next reader (Django's cache), so a second
reader of the same page does not count and suppress again: a Bereik page at national scale
takes seconds to count and to settle its suppression problem, and reads nothing that changes
between two refreshes of the fact tables.

Kept only for the themes counted wholly from the fact tables (`CACHED_THEMES`), under a key
that holds everything the figures depend on: the theme, the reader's scope (their region,
SWV or school: a school's coordinator gets their school's figures, never the region's), the
filters and school year, the tables' definitions (rows, columns, conditions: the region's
target group rules and the form's choices are in them) and the state of the facts, the
global and the scope's region's (`state.facts_state(region)`: `changed`, every nightly
rebuild that changed a row; `region_changed`, every write's refresh that changed a row the
region counts). A rebuild that changes a row changes the state of every region, a write's
refresh that of the regions whose figures it changed (the case's, and each it moved out of),
so the figures kept before are not read again there; one that changes nothing (most nightly
rebuilds for most of the day's figures) keeps them (they expire after
`MONITOR_CACHE_SECONDS`). The time of
the last rebuild, the page's "figures as of", is not in the key. 0 keeps nothing (the tests,
unless they say so).

What is kept are the published figures only (rounded, or None when suppressed): never an
exact count."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db.models import F, Q, QuerySet, Value
from django.db.models.sql import Query

from .constants import Theme
from .scope import Scope
from .state import FactState
from .suppression import Figure
from .tables import Filters, PublishedTable, Row, Source, TableSpec, build_all

# Counted from the fact tables only (and the moves between regions, whose write refreshes the
# case's facts; the regional outcomes and the Loket from models_region's): satisfaction reads
# the answers live, lead time the cases.
CACHED_THEMES = frozenset(
    {
        Theme.REACH,
        Theme.DROPOUT,
        Theme.GOALS,
        Theme.THUISZITTERS,
        Theme.FINANCING,
        Theme.COLLECTIVE,
        Theme.OUTCOMES,
        Theme.LOKET,
    }
)
# A table kept: its rows' keys, and its figures per cell (the value shown, None: suppressed).
Kept = list[tuple[list[Hashable], dict[tuple[Hashable, Hashable], int | None]]]


def seconds() -> int:
    return int(getattr(settings, "MONITOR_CACHE_SECONDS", 0))


def _text(value: Any) -> str:
    """A definition's part as text that says what it counts and is the same in every
    request: a queryset as its SQL (its repr would run it), an expression by its class and
    parts (its repr may hold an object's address), a condition by its parts."""
    if isinstance(value, QuerySet):
        return f"SQL({value.query})"
    if isinstance(value, Query):
        return f"SQL({value})"
    if isinstance(value, Q):
        children = ", ".join(_text(child) for child in value.children)
        return f"Q({value.connector}, {value.negated}, [{children}])"
    if isinstance(value, tuple | list):
        return f"[{', '.join(_text(item) for item in value)}]"
    if isinstance(value, F):
        return f"F({value.name})"
    if isinstance(value, Value):
        return f"Value({value.value!r})"
    if hasattr(value, "get_source_expressions"):
        parts = [_text(part) for part in value.get_source_expressions()]
        if isinstance(getattr(value, "query", None), Query):
            parts.append(_text(value.query))
        return f"{type(value).__name__}({', '.join(parts)})"
    return repr(value)


def _definition(spec: TableSpec, source: Source) -> str:
    """What a table counts, as text: its rows, columns and their conditions, its grouping,
    and the lines of the suppression problem (the form's choices)."""
    rows = [
        (row.key, _text(row.q), sorted(_text(item) for item in row.col_q.items()), row.sum_of)
        for row in spec.rows
    ]
    columns = [(col.key, _text(col.q), col.hidden, col.weight) for col in spec.columns]
    return repr(
        (
            spec.key,
            rows,
            columns,
            _text(spec.group_by),
            spec.row_totals,
            spec.col_totals,
            spec.count_rows,
            spec.sum_of,
            spec.sum_per_euro,
            sorted((name, list(map(repr, values))) for name, values in source.dimensions.items()),
            source.prefix,
            source.person,
            sorted(source.paths.items()),
        )
    )


def cache_key(
    theme: str,
    scope: Scope,
    filters: Filters,
    pending: Sequence[tuple[TableSpec, Source]],
    state: FactState,
) -> str:
    if state.region != scope.region.pk:
        # Another region's state would keep these figures past a write of this region's.
        raise ValueError("The facts' state of the scope's region is needed.")
    parts = [
        theme,
        scope.kind,
        scope.region.pk,
        scope.school.pk if scope.school is not None else None,
        scope.swv.pk if scope.swv is not None else None,
        repr(filters),
        repr(state.changed),
        repr(state.region_changed),
        *(_definition(spec, source) for spec, source in pending),
    ]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"monitor:published:{theme}:{digest}"


def kept(tables: Sequence[PublishedTable]) -> Kept:
    return [
        ([row.key for row in table.rows], {cell: f.value for cell, f in table.figures.items()})
        for table in tables
    ]


def restored(pending: Sequence[tuple[TableSpec, Source]], found: Kept) -> list[PublishedTable]:
    """The published tables again, with the labels of this request (its language)."""
    out = []
    for (spec, _source), (row_keys, figures) in zip(pending, found, strict=True):
        known = {row.key: row for row in spec.rows}
        rows = [known.get(key) or Row(key, str(key)) for key in row_keys]
        out.append(
            PublishedTable(
                spec=spec,
                rows=rows,
                columns=spec.columns,
                figures={cell: Figure(value) for cell, value in figures.items()},
            )
        )
    return out


def tables(
    theme: str,
    scope: Scope,
    filters: Filters,
    pending: Sequence[tuple[TableSpec, Source]],
    state: Callable[[], FactState],
) -> list[PublishedTable]:
    """The page's published tables: as kept for the same figures, or counted and published
    (tables.build_all) and kept."""
    if theme not in CACHED_THEMES or seconds() <= 0:
        return build_all(pending, filters)
    key = cache_key(theme, scope, filters, pending, state())
    found: Any = caches["monitor"].get(key)
    if isinstance(found, list):
        return restored(pending, found)
    built = build_all(pending, filters)
    caches["monitor"].set(key, kept(built), seconds())
    return built
