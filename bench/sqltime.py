"""The database's own time for one request of each monitor page (or of any page, as any person:
--url and --user), on a database `make bench` built (PostgreSQL): every SELECT the page runs,
timed again with EXPLAIN ANALYZE and summed.
Steadier than the clock on a busy machine, since it leaves out the waiting for a core and the
Python around the queries. Not a test: figures depend on the machine.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/arr_bench_10k \\
        .venv/bin/python bench/sqltime.py [--only bereik] [--repeat 3] [--json out.json]
    .venv/bin/python bench/sqltime.py --user coordinator --url /acties/ --top 5

Per page: the queries, how many read a fact table of the monitor (`monitor_casefact`,
`monitor_ratingfact`, `monitor_modulefact`), the SQL time (the median of `--repeat` requests,
each the sum of its queries' planning and execution times) and the request's clock (median,
with the queries captured).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

FACT_TABLES = (
    "monitor_casefact",
    "monitor_ratingfact",
    "monitor_ratingtally",
    "monitor_modulefact",
)


def _explained_ms(cursor: Any, sql: str) -> float:
    cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
    plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return float(plan[0]["Execution Time"]) + float(plan[0].get("Planning Time", 0.0))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default="", help="Only themes whose name contains this.")
    parser.add_argument("--repeat", type=int, default=3, help="Requests per page.")
    parser.add_argument("--json", default="", help="Write the figures to this file too.")
    parser.add_argument("--url", default="", help="One page instead of the monitor's themes.")
    parser.add_argument("--user", default="beleid", help="Who asks for the pages (username).")
    parser.add_argument("--top", type=int, default=0, help="Print this many slowest queries.")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database that make bench built.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

    import django

    django.setup()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from arrangeer.accounts.models import User
    from arrangeer.monitor.constants import Theme
    from arrangeer.testing.auth import login_verified

    client = login_verified(Client(), User.objects.get(username=args.user))
    results = []
    pages = (
        [(args.url, args.url)]
        if args.url
        else [
            (theme.value, reverse("monitor:theme", kwargs={"theme": theme.value}))
            for theme in Theme
            if not args.only or args.only in theme.value
        ]
    )
    for name, url in pages:
        client.get(url)  # warm: templates, the database's buffers
        times, clock, queries, fact_reads = [], [], 0, 0
        slowest: list[tuple[float, str]] = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                assert client.get(url).status_code == 200
                clock.append((time.perf_counter() - began) * 1000)
            selects = [q["sql"] for q in captured.captured_queries]
            selects = [
                sql for sql in selects if sql.lstrip().upper().startswith(("SELECT", "WITH"))
            ]
            with connection.cursor() as cursor:
                timed = [(_explained_ms(cursor, sql), sql) for sql in selects]
            times.append(sum(ms for ms, _sql in timed))
            slowest = sorted(timed, key=lambda row: row[0], reverse=True)[: args.top]
            queries = len(captured)
            fact_reads = sum(1 for sql in selects if any(t in sql for t in FACT_TABLES))
        row = {
            "theme": name,
            "queries": queries,
            "fact_table_queries": fact_reads,
            "sql_ms": round(statistics.median(times), 1),
            "clock_ms": round(statistics.median(clock), 1),
        }
        results.append(row)
        print(
            f"  {name:<14} {row['queries']:>4} queries  {row['fact_table_queries']:>3} on "
            f"the facts  SQL {row['sql_ms']:>8.1f} ms  request {row['clock_ms']:>8.1f} ms",
            flush=True,
        )
        for ms, sql in slowest:
            print(f"      {ms:8.1f} ms  {sql[:400]}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
