"""`make bench-load`: Arrangeer under load on loopback, as a region runs it: gunicorn (2 sync
workers by default, production-like settings: DEBUG off, persistent connections) on PostgreSQL
with the bench database, and locust playing people with a think time of 5 to 15 seconds between
requests (or none: a saturation run).

The workload (issue 21): 60% reads (Mijn dossiers, Mijn acties, a dossier page), 20% API edits
with If-Match, 10% search, 5% exports (FHIR, the plan PDF), 5% a meeting page, by the bench's
personas (the coordinator, the youth team, the SWV, a large school's coordinator). Prints
p50/p95/p99 per kind of request and for all, throughput and errors; writes var/bench-load_*.csv.
Then the issue's targets as PASS/FAIL: with think time p95 <= 300 ms and 0 errors (the issue
asks it of 200 users), without (--think 0) >= 50 requests/s and 0 errors. Exits 1 when any
request failed; with --strict also when a target is missed. Not part of `make test`: figures
depend on the machine.

    make bench-load                              # 1,000 cases, 50 users, 60 s
    make bench-load LOAD_CASES=100000 LOAD_USERS=200 LOAD_TIME=5m
    make bench-load LOAD_THINK=0 LOAD_THREADS=4  # saturation: 2 workers of 4 threads each
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/arrangeer_bench"
PLAN = ROOT / "var" / "bench-load-plan.json"

# Issue 21: people thinking between requests are served at p95 <= 300 ms (the issue: 200 of
# them on 2 cores); with no think time the mixed workload reaches >= 50 requests/s.
TARGET_P95_MS = 300.0
TARGET_USERS = 200
TARGET_REQUESTS_PER_S = 50.0


def _think(value: str) -> tuple[float, float]:
    """`5-15` (seconds, at random between), `10` (always), `0` (none: a saturation run)."""
    low, sep, high = value.partition("-")
    try:
        think = (float(low), float(high) if sep else float(low))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a think time: {value!r} (5-15, 10 or 0)") from None
    if think[0] < 0 or think[1] < think[0]:
        raise argparse.ArgumentTypeError(f"not a think time: {value!r} (5-15, 10 or 0)")
    return think


def _think_label(think: tuple[float, float]) -> str:
    low, high = (f"{t:g}" for t in think)
    if think == (0, 0):
        return "no think time (saturation)"
    return f"think time {low} s" if low == high else f"think time {low}-{high} s"


def _judge(
    think: tuple[float, float], *, p95_ms: float, requests_per_s: float, errors: int
) -> list[tuple[str, bool]]:
    """The issue's targets for this kind of run, each with whether it was met: with think time
    the latency people see, without it the throughput at saturation; never an error."""
    if think == (0, 0):
        measured = (
            f"throughput >= {TARGET_REQUESTS_PER_S:g} requests/s (measured {requests_per_s:.2f})",
            requests_per_s >= TARGET_REQUESTS_PER_S,
        )
    else:
        measured = (
            f"p95 <= {TARGET_P95_MS:g} ms (measured {p95_ms:g})",
            p95_ms <= TARGET_P95_MS,
        )
    return [measured, (f"0 errors (measured {errors})", errors == 0)]


def _database_url(base: str, cases: int) -> str:
    from bench.run import _label

    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "arrangeer_bench"
    return urlunsplit(parts._replace(path=f"/{name}_{_label(cases)}"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _prepare() -> int:
    """In the bench database: a verified session per persona, an API token of the coordinator
    for the cases it is regisseur of, and the addresses the people open."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from arrangeer.accounts.models import User
    from arrangeer.api import services as api_services
    from arrangeer.cases.access import visible_cases
    from arrangeer.cases.models import Case
    from arrangeer.meetings.models import Meeting
    from arrangeer.organisations.models import Membership
    from arrangeer.testing.auth import login_verified
    from bench.scenarios import RICH_BSN

    personas = []
    for username in ("coordinator", "jeugdteam", "swv"):
        user = User.objects.get(username=username)
        client = login_verified(Client(), user)
        cases = list(visible_cases(user).order_by("-pk").values_list("uuid", flat=True)[:50])
        personas.append(
            {
                "name": username,
                "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "my_cases": reverse("cases:list"),
                "my_actions": reverse("actions:my_actions"),
                "dossiers": [reverse("cases:detail", kwargs={"case_id": c}) for c in cases],
            }
        )
    coordinator = User.objects.get(username="coordinator")
    rich = Case.objects.get(child__bsn=RICH_BSN)
    membership = Membership.objects.filter(user=coordinator, is_active=True).order_by("pk").first()
    assert membership is not None
    _token, secret = api_services.create_token(
        user=coordinator, membership=membership, name="bench-load", days=1
    )
    own = Case.objects.filter(regisseur=coordinator).order_by("pk").values_list("uuid", flat=True)
    meeting = Meeting.objects.filter(case=rich).order_by("-pk").first()
    assert meeting is not None
    # The rich case's FHIR export and the PDF of its adopted version 2 (as `make bench`).
    exports = [
        reverse("api:fhir", kwargs={"case_id": rich.uuid}),
        reverse("plans:pdf", kwargs={"case_id": rich.uuid}) + "?versie=2",
    ]
    plan = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "personas": personas,
        "token": secret,
        "edits": [{"url": reverse("api:case", kwargs={"case_id": c})} for c in own[:200]],
        "searches": ["de", "van", "jan", "sem", "an"],
        "exports": exports,
        "meeting": reverse(
            "meetings:detail", kwargs={"case_id": rich.uuid, "meeting_id": meeting.uuid}
        ),
    }
    PLAN.write_text(json.dumps(plan, indent=2))
    return 0


def _wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped before answering (var/bench-load-gunicorn.log)")
        try:
            with urllib.request.urlopen(f"{url}/gezond/", timeout=5):  # noqa: S310 - loopback
                return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not answer in time") from None
            time.sleep(0.5)


def _report(prefix: Path, args: argparse.Namespace) -> int:
    rows = list(csv.DictReader((prefix.parent / f"{prefix.name}_stats.csv").open()))
    threads = f" x {args.threads} threads" if args.threads > 1 else " (sync)"
    print(
        f"\nbench-load: {args.users} users, {_think_label(args.think)}, {args.time}; "
        f"gunicorn {args.workers} workers{threads}"
    )
    print(
        f"  {'request':<30} {'count':>7} {'errors':>7} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'p99 ms':>8} {'req/s':>7}"
    )
    total: dict[str, str] = {}
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(
            f"  {name:<30} {row['Request Count']:>7} {row['Failure Count']:>7} "
            f"{row['50%']:>8} {row['95%']:>8} {row['99%']:>8} {float(row['Requests/s']):>7.2f}"
        )
        if row["Name"] == "Aggregated":
            total = row
    if not total or not int(total["Request Count"]):
        print("\nFAIL: no request was answered")
        return 1
    errors = int(total["Failure Count"])
    targets = _judge(
        args.think,
        p95_ms=float(total["95%"]),
        requests_per_s=float(total["Requests/s"]),
        errors=errors,
    )
    print("\nTargets (issue 21):")
    for target, met in targets:
        print(f"  {'PASS' if met else 'FAIL'}  {target}")
    if args.think != (0, 0) and args.users < TARGET_USERS:
        print(
            f"  note: the issue sets the latency target for {TARGET_USERS} users, not {args.users}"
        )
    missed = sum(not met for _target, met in targets)
    print(f"{'FAIL' if missed else 'PASS'}: {missed or 'no'} target(s) missed")
    if errors:
        return 1
    return 1 if missed and args.strict else 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=1000, help="Size of the bench database.")
    parser.add_argument("--users", type=int, default=50, help="Concurrent people.")
    parser.add_argument("--spawn-rate", type=float, default=10, help="People started per second.")
    parser.add_argument("--time", default="60s", help="How long the load runs (60s, 5m).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="Threads per gunicorn worker: 1 runs sync workers, more the gthread worker.",
    )
    parser.add_argument(
        "--think",
        type=_think,
        default="5-15",
        help="Think time in seconds between a person's requests: 5-15, 10, or 0 (saturation).",
    )
    parser.add_argument(
        "--strict", action="store_true", help="Exit 1 also when a target is missed."
    )
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)  # internal
    args = parser.parse_args()
    if args.prepare:
        return _prepare()
    if args.workers < 1 or args.threads < 1:
        parser.error("--workers and --threads are at least 1")

    base = os.environ.get("DATABASE_URL", "") or DEFAULT_DATABASE
    if not base.startswith("postgres"):
        raise SystemExit("bench-load runs on PostgreSQL: set DATABASE_URL=postgres://…")
    url = _database_url(base, args.cases)
    (ROOT / "var").mkdir(exist_ok=True)
    print(f"Building or reusing the bench database of {args.cases} cases…", flush=True)
    build = [sys.executable, str(ROOT / "bench" / "run.py"), "--cases", str(args.cases)]
    build += ["--only", "framework floor", "--repeat", "3", "--warmup", "1"]
    subprocess.run(build, env={**os.environ, "DATABASE_URL": base}, check=True)  # noqa: S603
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
    }
    subprocess.run([sys.executable, __file__, "--prepare"], env=env, check=True)  # noqa: S603

    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    log = (ROOT / "var" / "bench-load-gunicorn.log").open("wb")
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "arrangeer.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            *(
                ["--worker-class", "gthread", "--threads", str(args.threads)]
                if args.threads > 1
                else []
            ),
            "--timeout",
            "120",
            "--chdir",
            str(ROOT),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    prefix = ROOT / "var" / "bench-load"
    try:
        _wait_until_up(host, server)
        locust = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py")]
        locust += ["--headless", "--users", str(args.users), "--spawn-rate", str(args.spawn_rate)]
        locust += ["--run-time", args.time, "--host", host, "--csv", str(prefix), "--only-summary"]
        locust += ["--loglevel", "WARNING", "--exit-code-on-error", "0"]
        think = {"BENCH_THINK_MIN": f"{args.think[0]:g}", "BENCH_THINK_MAX": f"{args.think[1]:g}"}
        locust_env = {**os.environ, "BENCH_LOAD_PLAN": str(PLAN), **think}
        subprocess.run(locust, env=locust_env, check=True)  # noqa: S603
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    return _report(prefix, args)


if __name__ == "__main__":
    raise SystemExit(main())
