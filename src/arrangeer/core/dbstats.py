"""The database's planner statistics after a bulk load.

PostgreSQL plans a query from statistics that autovacuum refreshes now and then; right after
loading thousands of rows in bulk (the demo, the benchmark, a migration of data) they are
missing or stale, and a plan made for an empty table can scan a table of 100,000 rows for
a person who sees four cases. `analyze()` refreshes them at once. SQLite gets the same
(`sqlite_stat1`), so both databases plan from what is really there.
"""

from __future__ import annotations

from django.db import connections


def analyze(using: str = "default") -> None:
    with connections[using].cursor() as cursor:
        cursor.execute("ANALYZE")
