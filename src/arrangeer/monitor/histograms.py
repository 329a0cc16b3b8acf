"""Histograms by days for several durations of one base at once: ONE query that groups the
base's rows once per duration (`tables._grouping_sql`: GROUPING SETS on PostgreSQL, one
GROUP BY per set joined by UNION ALL on SQLite), counting the distinct people of each day
under that duration's own condition. The same counts as one grouped query per duration."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection, connections
from django.db.models import BooleanField, F, Q, QuerySet, Value, When
from django.db.models import Case as Cases

from .tables import _grouping_set, _grouping_sql


def _converted(queryset: QuerySet[Any], name: str, value: Any) -> Any:
    """A value read with the cursor as the ORM would give it (a duration: a timedelta)."""
    expression = queryset.query.annotations[name]
    converters = connection.ops.get_db_converters(expression)
    converters += expression.get_db_converters(connection)
    for convert in converters:
        value = convert(value, expression, connection)
    return value


def _days(value: Any) -> int:
    return value.days if isinstance(value, dt.timedelta) else int(value)


def day_histograms(
    base: QuerySet[Any], durations: Sequence[tuple[str, Q]], person: str = "child"
) -> list[dict[int, int]]:
    """Per (annotation of a duration on `base`, condition): {days: distinct people}."""
    quote = connection.ops.quote_name
    select: dict[str, Any] = {"m_person": F(person)}
    aggregates = []
    for k, (name, condition) in enumerate(durations):
        select[f"m_d{k}"] = F(name)
        select[f"m_c{k}"] = Cases(
            When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
        aggregates.append(f"COUNT(DISTINCT {quote('m_person')}) FILTER (WHERE {quote(f'm_c{k}')})")
    inner, params = base.order_by().annotate(**select).values(*select).query.sql_with_params()
    sql = _grouping_sql(inner, len(durations), False, aggregates)
    # On the connection the ORM would read base from: the read replica when there is one.
    with connections[base.db].cursor() as cursor:
        cursor.execute(sql, params)
        records = cursor.fetchall()
    found: list[dict[int, int]] = [{} for _duration in durations]
    for record in records:
        k = _grouping_set(record[0], len(durations))
        people = int(record[1 + len(durations) + k] or 0) if k >= 0 else 0
        value = record[1 + k] if k >= 0 else None
        if people and value is not None:
            days = _days(_converted(base, durations[k][0], value))
            found[k][days] = found[k].get(days, 0) + people
    return found
