"""The backup and restore drill: dump the PostgreSQL database, restore the dump into a new
database, and show that the copy is whole (docs/operations.md).

The rows are counted in the very snapshot that pg_dump writes (an exported snapshot of a
repeatable-read transaction), so the counts are exact on a live database that people keep
writing to. The access log of the restored copy is checked by `verify_audit` itself, run as
its own process against the copy, as an operator would after a real restore.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connections

import psycopg
from psycopg import sql

# A new database's name: plain lower-case letters, digits and underscores, as PostgreSQL
# writes it without quotes (at most 63 characters).
_DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_TABLES = """
    SELECT n.nspname, c.relname
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_%'
    ORDER BY 1, 2
"""


class DrillError(Exception):
    """The drill could not be carried out (not: the copy differs; that is a failed result)."""


@dataclass
class DrillResult:
    source: str
    target: str
    server_version: str
    pg_dump_version: str
    dump_bytes: int
    dump_seconds: float
    restore_seconds: float
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    audit_ok: bool = False
    audit_report: str = ""

    @property
    def differing(self) -> dict[str, tuple[int, int]]:
        return {table: pair for table, pair in self.counts.items() if pair[0] != pair[1]}

    @property
    def rows(self) -> int:
        return sum(source for source, _ in self.counts.values())

    @property
    def passed(self) -> bool:
        return bool(self.counts) and not self.differing and self.audit_ok


def _connection_settings(alias: str) -> dict[str, Any]:
    config = connections[alias].settings_dict
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise DrillError("The backup drill needs PostgreSQL (DATABASE_URL=postgres://…).")
    return config


def _libpq_environment(config: dict[str, Any], database: str) -> dict[str, str]:
    """The connection for pg_dump and pg_restore in libpq's variables: no password on a
    command line where other users of the machine could read it."""
    env = dict(os.environ)
    values = {
        "PGHOST": config.get("HOST"),
        "PGPORT": config.get("PORT"),
        "PGUSER": config.get("USER"),
        "PGPASSWORD": config.get("PASSWORD"),
        "PGSSLMODE": config.get("OPTIONS", {}).get("sslmode"),
        "PGDATABASE": database,
    }
    env.update({name: str(value) for name, value in values.items() if value})
    return env


def _connect(config: dict[str, Any], database: str) -> psycopg.Connection[Any]:
    params = {
        "dbname": database,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "sslmode": config.get("OPTIONS", {}).get("sslmode"),
    }
    return psycopg.connect(
        autocommit=True, **{key: value for key, value in params.items() if value}
    )


def _count_rows(connection: psycopg.Connection[Any]) -> dict[str, int]:
    counts = {}
    for schema, table in connection.execute(_TABLES).fetchall():
        query = sql.SQL("SELECT count(*) FROM {}.{}").format(
            sql.Identifier(schema), sql.Identifier(table)
        )
        row = connection.execute(query).fetchone()
        counts[f"{schema}.{table}"] = int(row[0]) if row else 0
    return counts


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DrillError(f"{name} was not found; install the PostgreSQL client tools.")
    return path


def _run(command: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 (our own tools, no shell)
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise DrillError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def _version(text: str) -> str:
    """`15.20` out of `pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)`."""
    found = re.search(r"\d+(?:\.\d+)*", text)
    return found.group(0) if found else text


def _major(version: str) -> int:
    return int(version.split(".")[0]) if version[:1].isdigit() else 0


def _refuse_unusable_target(admin: Any, source: str, target: str) -> None:
    """The restore target must be a new database of a plain name: checked before the dump (a
    refusal should not wait minutes for it) and again when it is created."""
    if not _DATABASE_NAME.fullmatch(target):
        raise DrillError(
            f'"{target}" is not a usable database name (lower-case letters, digits, _).'
        )
    if target == source:
        raise DrillError("The restore target must be a new database, not the source.")
    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target]).fetchone()
    if exists:
        raise DrillError(f'Database "{target}" already exists; drop it or choose another --target.')


@contextmanager
def _new_database(
    config: dict[str, Any], source: str, target: str, *, keep: bool
) -> Iterator[None]:
    """Creates the target database and drops it afterwards (unless kept). A database of that
    name that already exists is never touched: it may be someone's."""
    with _connect(config, "postgres") as admin:
        _refuse_unusable_target(admin, source, target)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target)))
    try:
        yield
    finally:
        if not keep:
            with _connect(config, "postgres") as admin:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(target)
                    )
                )


def _verify_audit_on(target: str, anchors: Path | None) -> tuple[bool, str]:
    """Runs `verify_audit` as its own process with DATABASE_URL pointing at the copy."""
    url = urlsplit(settings.DATABASE_URL)
    target_url = urlunsplit((url.scheme, url.netloc, f"/{target}", url.query, url.fragment))
    src = str(Path(__file__).resolve().parents[2])
    env = {
        **os.environ,
        "DATABASE_URL": target_url,
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        "PYTHONPATH": os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p),
    }
    command = [sys.executable, "-m", "django", "verify_audit"]
    if anchors is not None:
        command += ["--anchors", str(anchors)]
    result = subprocess.run(  # noqa: S603 (our own command, no shell)
        command, env=env, capture_output=True, text=True, check=False
    )
    report = (result.stdout + result.stderr).strip().splitlines()
    return result.returncode == 0, report[-1] if report else ""


def run_drill(
    *,
    target: str,
    alias: str = "default",
    keep: bool = False,
    dump_file: Path | None = None,
    anchors: Path | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> DrillResult:
    config = _connection_settings(alias)
    source = str(config["NAME"])
    pg_dump, pg_restore = _tool("pg_dump"), _tool("pg_restore")
    dump_version = _version(_run([pg_dump, "--version"], dict(os.environ)))

    with _connect(config, "postgres") as admin:
        _refuse_unusable_target(admin, source, target)
    with tempfile.TemporaryDirectory(prefix="arrangeer-drill-") as scratch:
        dump_path = dump_file or Path(scratch) / f"{source}.dump"
        server_version, source_counts, dump_seconds = _dump(
            config, source, dump_path, pg_dump=pg_dump, dump_version=dump_version, progress=progress
        )
        result = DrillResult(
            source=source,
            target=target,
            server_version=server_version,
            pg_dump_version=dump_version,
            dump_bytes=dump_path.stat().st_size,
            dump_seconds=dump_seconds,
            restore_seconds=0.0,
        )
        with _new_database(config, source, target, keep=keep):
            progress(f'Restoring into "{target}"…')
            result.restore_seconds = _restore(config, target, dump_path, pg_restore=pg_restore)
            with _connect(config, target) as copy:
                target_counts = _count_rows(copy)
            result.counts = {
                table: (source_counts.get(table, -1), target_counts.get(table, -1))
                for table in sorted(set(source_counts) | set(target_counts))
            }
            progress("Checking the access log of the restored copy…")
            result.audit_ok, result.audit_report = _verify_audit_on(target, anchors)
    return result


def _dump(
    config: dict[str, Any],
    source: str,
    dump_path: Path,
    *,
    pg_dump: str,
    dump_version: str,
    progress: Callable[[str], None],
) -> tuple[str, dict[str, int], float]:
    """Dump the source in one snapshot, and count its rows in that same snapshot: the
    server's version, the counts per table and the seconds the dump took."""
    with _connect(config, source) as snapshot:
        server_version = _version(snapshot.info.parameter_status("server_version") or "")
        if _major(dump_version) < _major(server_version):
            raise DrillError(
                f"pg_dump {dump_version} is older than the server ({server_version}): "
                "install the client tools of the server's version."
            )
        snapshot.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        row = snapshot.execute("SELECT pg_export_snapshot()").fetchone()
        snapshot_id = str(row[0]) if row else ""
        source_counts = _count_rows(snapshot)
        progress(f'Dumping "{source}" (PostgreSQL {server_version}, pg_dump {dump_version})…')
        started = time.perf_counter()
        _run(
            [pg_dump, "--format=custom", f"--snapshot={snapshot_id}", f"--file={dump_path}"],
            _libpq_environment(config, source),
        )
        dump_seconds = time.perf_counter() - started
        snapshot.execute("COMMIT")
    return server_version, source_counts, dump_seconds


def _restore(config: dict[str, Any], target: str, dump_path: Path, *, pg_restore: str) -> float:
    """Restore the dump into the target in one transaction; the seconds it took."""
    started = time.perf_counter()
    _run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={target}",
            str(dump_path),
        ],
        _libpq_environment(config, target),
    )
    return time.perf_counter() - started
