"""`make bench`: build a database of N cases, then time the main pages in-process.

Not a test: figures depend on the machine. Prints a table (median and p95 latency in ms,
SQL queries per request) and writes var/bench.json. SQLite under var/bench.sqlite3 by
default; PostgreSQL when DATABASE_URL says so.

    make bench                       # 10 000 cases
    .venv/bin/python bench/run.py --cases 100000 --repeat 50
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="Start from an empty database.")
    args = parser.parse_args()

    db_path = ROOT / "var" / "bench.sqlite3"
    db_path.parent.mkdir(exist_ok=True)
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
        if args.rebuild and db_path.exists():
            db_path.unlink()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import scenarios

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    context = scenarios.build(cases=args.cases)
    print(f"database ready in {time.perf_counter() - started:.1f}s ({connection.vendor})")

    rows = []
    for page in scenarios.pages(context):
        client = Client()
        page.login(client)
        client.get(page.url)  # warm caches and template loading
        timings = []
        queries = 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(page.url)
                timings.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{page.name}: HTTP {response.status_code}")
            queries = len(captured)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        rows.append(
            {
                "page": page.name,
                "median_ms": round(statistics.median(timings), 2),
                "p95_ms": round(p95, 2),
                "queries": queries,
                "target_p95_ms": page.target_p95_ms,
            }
        )

    print(f"\n{'page':<34} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'target':>8}")
    for row in rows:
        target = f"{row['target_p95_ms']}" if row["target_p95_ms"] else "-"
        print(
            f"{row['page']:<34} {row['median_ms']:>10.2f} {row['p95_ms']:>8.2f} "
            f"{row['queries']:>8} {target:>8}"
        )
    out = ROOT / "var" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "cases": args.cases,
                "database": connection.vendor,
                "repeat": args.repeat,
                "pages": rows,
            },
            indent=2,
        )
    )
    print(f"\nwritten to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
