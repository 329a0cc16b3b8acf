"""Queries of one plan compiled once per process: the plan's pages read the same handful of
queries for every plan, and building and compiling them (the access layer's category filter,
the ordering, the deferred columns) cost more than running them. A query is built once with a
stand-in for the plan's key, for a given shape (its model, the reader's categories, ...), and
run after with the plan's key put in its place."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Model, QuerySet

# The plan's key while a query is compiled (no plan has it).
_PLAN = -70_000_001
_MAX = 512

# (vendor, key) -> SQL, parameters, where the plan's key goes; no SQL: the query has no rows
_compiled: dict[Hashable, tuple[str, tuple[Any, ...], tuple[int, ...]]] = {}


def _compile(
    key: Hashable, build: Callable[[int], QuerySet[Any]]
) -> tuple[str, list[Any], tuple[int, ...]]:
    found = _compiled.get((connection.vendor, key))
    if found is None:
        try:
            sql, params = build(_PLAN).query.sql_with_params()
        except EmptyResultSet:  # no categories to read: nothing to run
            sql, params = "", (_PLAN,)
        places = tuple(n for n, value in enumerate(params) if value == _PLAN)
        if not places:
            raise ValueError(f"The plan's key is not a parameter of the query {key!r}.")
        if len(_compiled) >= _MAX:
            _compiled.clear()
        found = _compiled[connection.vendor, key] = (sql, tuple(params), places)
    sql, params, places = found
    return sql, list(params), places


def _bound(
    key: Hashable, build: Callable[[int], QuerySet[Any]], plan_pk: int
) -> tuple[str, list[Any]]:
    sql, params, places = _compile(key, build)
    for place in places:
        params[place] = plan_pk
    return sql, params


def models_of(
    model: type[Model], key: Hashable, build: Callable[[int], QuerySet[Any]], plan_pk: int
) -> list[Any]:
    """The rows of `build(plan_pk)` as `model` instances (with its annotations as
    attributes); `key` names everything but the plan that shapes the query."""
    sql, params = _bound((model, key), build, plan_pk)
    return list(model._default_manager.raw(sql, params)) if sql else []


def rows_of(
    key: Hashable, build: Callable[[int], QuerySet[Any]], plan_pk: int
) -> list[tuple[Any, ...]]:
    """The rows of `build(plan_pk)` (a `values_list` query of values the database gives as
    they are: no converters run) as tuples."""
    sql, params = _bound(key, build, plan_pk)
    if not sql:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]
