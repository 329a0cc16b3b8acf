"""Writing the monitor's fact tables (services.py) without rewriting what did not change: a
row is updated only when one of its values differs, inserted when it is new and deleted when
the rows computed anew no longer hold it. Each returns the rows it changed (inserted, updated
and deleted), 0 when the facts were already right: a nightly rebuild that finds nothing new
then writes nothing (no dead rows, no WAL) and the figures kept for the next reader stay
valid (published.py). The statements are built from the models' quoted names and Django's
compiled SELECTs, their values passed as parameters (the S608 exemptions).

Set-based, in SQL that PostgreSQL and SQLite (3.39 or later: IS DISTINCT FROM) both run:
`upsert` for a table keyed by its first column (INSERT … SELECT … ON CONFLICT DO UPDATE …
WHERE the values differ, and a DELETE of the keys the SELECT no longer gives),
`replace_folded` for a table of folded rows without a key of their own (models.RatingTally:
the rows that vanished deleted, the new ones inserted, those that stayed left alone), and
`replace_found` for rows found in Python (models.SignalFact: the difference only). For a
write's rows (a scope) on PostgreSQL, `upsert` and `replace_folded` are one statement: the
SELECT a common table expression planned on its own, the DELETE and the INSERT reading it
(planned inside the DELETE's NOT EXISTS with the scope's joins, the SELECT of a case's ratings
cost 10 to 20 ms of planning for 0.2 of work). `refresh_needed` runs, of a write's refreshes,
those whose source rows or facts hold a row, one query reading which."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet

BATCH = 2000


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _nullable(model: type[Model]) -> set[str]:
    return {field.column for field in model._meta.concrete_fields if field.null}


def _same(model: type[Model], columns: Sequence[str], left: str, right: str) -> str:
    """The condition that two rows hold the same values: `=` for a column that is never NULL
    (so PostgreSQL can join on it by hash), IS NOT DISTINCT FROM for the others."""
    nullable = _nullable(model)
    return " AND ".join(
        f"{left}.{_quote(c)} {'IS NOT DISTINCT FROM' if c in nullable else '='} {right}.{_quote(c)}"
        for c in columns
    )


def _named(rows: QuerySet[Any], columns: Sequence[str]) -> tuple[str, tuple[Any, ...]]:
    """The SELECT as a table `n` in a FROM clause, its columns under the table's names: on
    PostgreSQL a subquery with its columns named (no WITH: an EXISTS around one would not
    become a join), on SQLite a common table expression (its subqueries name no columns)."""
    select, params = rows.query.sql_with_params()
    names = ", ".join(_quote(c) for c in columns)
    if connection.vendor == "sqlite":
        return f"(WITH n ({names}) AS ({select}) SELECT * FROM n) AS n", tuple(params)  # noqa: S608
    return f"({select}) AS n ({names})", tuple(params)


def _within(scope: QuerySet[Any] | None, column: str) -> tuple[str, tuple[Any, ...]]:
    """`column IN (the rows of scope)`, or nothing for the whole table (scope None)."""
    if scope is None:
        return "", ()
    select, params = scope.order_by().values("pk").query.sql_with_params()
    return f"{_quote(column)} IN ({select}) AND ", tuple(params)


def _run(statement: str, params: Sequence[Any]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        changed: int = max(cursor.rowcount, 0)
        return changed


def _in_one(
    rows: QuerySet[Any],
    table: str,
    names: str,
    within: tuple[str, tuple[Any, ...]],
    gone: str,
    put: str,
) -> int:
    """A write's refresh as one statement (PostgreSQL): `rows` a common table expression `n`
    planned on its own, then a DELETE of the scope's rows (`within`) for which `gone` holds and
    an INSERT of `n`'s columns `names` with `put` (its WHERE or ON CONFLICT clause), both
    seeing the table as it was before. Returns the rows deleted and written."""
    select, params = rows.query.sql_with_params()
    where, scoped = within
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH n ({names}) AS MATERIALIZED ({select}), "  # noqa: S608
            f"gone AS (DELETE FROM {table} WHERE {where}{gone} RETURNING 1), "
            f"put AS (INSERT INTO {table} ({names}) SELECT {names} FROM n {put} RETURNING 1) "
            "SELECT (SELECT count(*) FROM gone) + (SELECT count(*) FROM put)",
            (*params, *scoped),
        )
        return int(cursor.fetchone()[0])


def upsert(
    rows: QuerySet[Any],
    model: type[Model],
    columns: Sequence[str],
    scope: QuerySet[Any] | None = None,
) -> int:
    """Make `model`'s rows of `scope` (a queryset of them; None: the whole table) those of
    `rows`, a SELECT of `columns` whose first is the table's key and must hold a WHERE (SQLite
    would read ON CONFLICT as part of its join): insert the new keys, update a row only when
    one of its values differs, delete the keys of the scope the SELECT no longer gives.
    Returns the rows inserted, updated and deleted."""
    table, key = _quote(model._meta.db_table), _quote(columns[0])
    within, scoped = _within(scope, model._meta.pk.column)
    names = ", ".join(_quote(c) for c in columns)
    conflict = f"ON CONFLICT ({key}) {_on_conflict(table, columns[1:])}"
    if scope is not None and connection.vendor == "postgresql":
        # A write's refresh, one statement: the rows' SELECT planned once, on its own.
        gone = f"NOT EXISTS (SELECT 1 FROM n WHERE n.{key} = {table}.{key})"  # noqa: S608
        return _in_one(rows, table, names, (within, scoped), gone, conflict)
    select, select_params = rows.query.sql_with_params()
    named, params = _named(rows, columns)
    deleted = _run(
        f"DELETE FROM {table} WHERE {within}"  # noqa: S608
        f"NOT EXISTS (SELECT 1 FROM {named} WHERE n.{key} = {table}.{key})",
        (*scoped, *params),
    )
    written = _run(f"INSERT INTO {table} ({names}) {select} {conflict}", select_params)
    return deleted + written


def _on_conflict(table: str, values: Sequence[str]) -> str:
    """What an INSERT does with a key the table holds: update the row only when one of
    `values` (its columns but the key) differs."""
    if not values:
        return "DO NOTHING"
    updates = ", ".join(f"{_quote(c)} = excluded.{_quote(c)}" for c in values)
    differs = " OR ".join(
        f"{table}.{_quote(c)} IS DISTINCT FROM excluded.{_quote(c)}" for c in values
    )
    return f"DO UPDATE SET {updates} WHERE {differs}"


def replace_folded(
    rows: QuerySet[Any],
    model: type[Model],
    columns: Sequence[str],
    scope: QuerySet[Any] | None = None,
) -> int:
    """Make `model`'s rows of `scope` (None: the whole table) those of `rows`, a SELECT of
    `columns` (every column but the table's own id): delete the rows no longer given, insert
    the rows not there yet, leave the others alone (a changed row is one of each). `rows` may
    give no row outside the scope. Returns the rows deleted and inserted."""
    table = _quote(model._meta.db_table)
    within, scoped = _within(scope, model._meta.pk.column)
    names = ", ".join(_quote(c) for c in columns)
    if scope is not None and connection.vendor == "postgresql":
        # A write's refresh, one statement (as upsert's): both parts see the rows before it.
        gone = f"NOT EXISTS (SELECT 1 FROM n WHERE {_same(model, columns, table, 'n')})"  # noqa: S608
        same = _same(model, columns, "t", "n")
        put = f"WHERE NOT EXISTS (SELECT 1 FROM {table} AS t WHERE {same})"  # noqa: S608
        return _in_one(rows, table, names, (within, scoped), gone, put)
    named, params = _named(rows, columns)
    deleted = _run(
        f"DELETE FROM {table} WHERE {within}"  # noqa: S608
        f"NOT EXISTS (SELECT 1 FROM {named} WHERE {_same(model, columns, table, 'n')})",
        (*scoped, *params),
    )
    inserted = _run(
        f"INSERT INTO {table} ({names}) SELECT {names} FROM {named} WHERE NOT EXISTS "  # noqa: S608
        f"(SELECT 1 FROM {table} AS t WHERE {_same(model, columns, 't', 'n')})",
        params,
    )
    return deleted + inserted


def replace_found(
    found: Iterable[tuple[Any, ...]],
    model: type[Model],
    columns: Sequence[str],
    scope: QuerySet[Any],
) -> int:
    """Make `model`'s rows of `scope` the rows `found` (values of `columns`, which identify a
    row): delete those no longer found, insert those new. For a table whose rows are found in
    Python (they are few, and read back in one query). Returns the rows deleted and
    inserted."""
    new = set(found)
    old = {tuple(row[1:]): row[0] for row in scope.order_by().values_list("pk", *columns)}
    gone = [pk for values, pk in old.items() if values not in new]
    for start in range(0, len(gone), BATCH):
        model._default_manager.filter(pk__in=gone[start : start + BATCH]).delete()
    added = [model(**dict(zip(columns, values, strict=True))) for values in new - old.keys()]
    model._default_manager.bulk_create(added, batch_size=BATCH)
    return len(gone) + len(added)


# A refresh of one table for some keys, and the rows it reads or writes: its source rows and
# the table's rows of those keys. When none of them holds a row, it would change nothing.
Refresh = tuple[Sequence[QuerySet[Any]], Callable[[], int]]


def refresh_needed(refreshes: Sequence[Refresh]) -> int:
    """Run the refreshes of `refreshes` whose rows hold one, in their order, having read which
    do in one query (a case's TLVs, vrijstellingen or ratings, when it has none and no facts of
    them, are not compared row by row). Rows a refresh writes that a later one reads must be
    among the later one's: they are read before the first runs. Returns the rows changed."""
    if not refreshes:
        return 0
    # Each SELECT once (a refresh's source rows may be another's too), in the order met.
    probes: dict[tuple[str, tuple[Any, ...]], int] = {}
    asked = []
    for rows, _refresh in refreshes:
        selects = [q.order_by().values("pk").query.sql_with_params() for q in rows]
        asked.append([probes.setdefault((s, tuple(p)), len(probes)) for s, p in selects])
    parts = ", ".join(f"EXISTS ({select})" for select, _params in probes)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}", [p for _select, params in probes for p in params])
        found = cursor.fetchone()
    return sum(
        refresh()
        for (_rows, refresh), probed in zip(refreshes, asked, strict=True)
        if any(found[i] for i in probed)
    )
