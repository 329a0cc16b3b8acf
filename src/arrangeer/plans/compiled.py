"""Queries of one plan compiled once per process: the plan's pages read the same handful of
queries for every plan, and building and compiling them (the access layer's category filter,
the ordering, the deferred columns, the subqueries of the versions) cost more than running
them. A query is built once with a stand-in for its key (the plan's, or the case's), for a
given shape (its model, the reader's categories, ...), and run after with the key put in its
place."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Model, QuerySet

# The key while a query is compiled (no row has it).
_KEY = -70_000_001
_MAX = 512


@dataclass(frozen=True)
class _Compiled:
    sql: str  # empty: the query has no rows (no categories to read)
    params: tuple[Any, ...]
    places: tuple[int, ...]  # where the key goes among the parameters
    # annotation -> the converters of its value (a raw query converts only the model's fields)
    converters: tuple[tuple[str, tuple[Any, ...], Any], ...]


_compiled: dict[Hashable, _Compiled] = {}


def _compile(key: Hashable, build: Callable[[int], QuerySet[Any]]) -> _Compiled:
    found = _compiled.get((connection.vendor, key))
    if found is not None:
        if settings.CHECK_COMPILED_QUERIES:
            _check(key, build, found)
        return found
    return _store(key, build)


def _check(key: Hashable, build: Callable[[int], QuerySet[Any]], kept: _Compiled) -> None:
    """The query kept under `key` is the one `build` gives now (the tests' settings check
    every reuse): a key that misses something shaping the query (a category, a region, a
    person) would hand one reader's query to another."""
    _compiled.pop((connection.vendor, key), None)
    fresh = _store(key, build)
    if (fresh.sql, fresh.params, fresh.places) != (kept.sql, kept.params, kept.places):
        raise AssertionError(f"The query compiled under {key!r} is not what it builds now.")


def _store(key: Hashable, build: Callable[[int], QuerySet[Any]]) -> _Compiled:
    query = build(_KEY).query
    try:
        sql, params = query.sql_with_params()
    except EmptyResultSet:
        sql, params = "", (_KEY,)
    places = tuple(n for n, value in enumerate(params) if value == _KEY)
    if not places:
        raise ValueError(f"The key is not a parameter of the query {key!r}.")
    converters = []
    for name, expression in query.annotation_select.items():
        found_converters = (
            *connection.ops.get_db_converters(expression),
            *expression.get_db_converters(connection),
        )
        if found_converters:
            converters.append((name, found_converters, expression))
    if len(_compiled) >= _MAX:
        _compiled.clear()
    found = _compiled[connection.vendor, key] = _Compiled(
        sql, tuple(params), places, tuple(converters)
    )
    return found


def _params(compiled: _Compiled, value: int) -> list[Any]:
    params = list(compiled.params)
    for place in compiled.places:
        params[place] = value
    return params


def models_of(
    model: type[Model], key: Hashable, build: Callable[[int], QuerySet[Any]], value: int
) -> list[Any]:
    """The rows of `build(value)` as `model` instances (with its annotations as attributes);
    `key` names everything but the value that shapes the query."""
    compiled = _compile((model, key), build)
    if not compiled.sql:
        return []
    found = list(model._default_manager.raw(compiled.sql, _params(compiled, value)))
    for name, converters, expression in compiled.converters:
        for obj in found:
            converted = getattr(obj, name)
            for converter in converters:
                converted = converter(converted, expression, connection)
            setattr(obj, name, converted)
    return found


def rows_of(
    key: Hashable, build: Callable[[int], QuerySet[Any]], value: int
) -> list[tuple[Any, ...]]:
    """The rows of `build(value)` (a `values_list` query of whole numbers and text: no
    converters run) as tuples."""
    compiled = _compile(key, build)
    if not compiled.sql:
        return []
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, _params(compiled, value))
        return [tuple(row) for row in cursor.fetchall()]
