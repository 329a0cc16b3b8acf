"""Reads that may come from a read replica of PostgreSQL (docs/operations.md).

With `DATABASE_REPLICA_URL` set, the settings add a second database alias, `replica`. Nothing
reads from it unless the code asks, around a read path that tolerates data a few seconds old:

    with reading_from_replica():
        result = indicators.theme_result(...)

Inside that block the router (`ReplicaRouter`, in `DATABASE_ROUTERS`) sends reads to the
replica, except

- writes: every write goes to the primary (`default`), the access log's records too;
- reads inside a transaction of the application: what a write reads must be what it changes;
- the tables that grant access (memberships, team places, emergency access, consents, the
  legal representatives, the people and their sessions and second factors): a grant
  withdrawn a second ago must not be honoured from a replica that lags. The access layer is
  also called before the block opens; this rule holds even if someone calls it inside;
- anything inside `reading_from_primary()`.

Without a replica configured, or with `READ_FROM_REPLICA` off, every read goes to `default`
and this module changes nothing. A router that guesses per query which reads are safe was
rejected: the few read paths that move are named where they are, and a reviewer sees them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model

DEFAULT = "default"
REPLICA = "replica"

# Labels (app_label.model_name, lower case) of the tables that decide who may see what.
PRIMARY_ONLY = frozenset(
    {
        "accounts.user",
        "organisations.membership",
        "cases.teammember",
        "cases.emergencyaccess",
        "consents.consent",
        "consents.parentsharing",
        "children.legalrepresentative",
    }
)
# Whole apps whose tables are about logging in and staying logged in.
PRIMARY_ONLY_APPS = frozenset({"auth", "sessions", "otp_totp", "otp_static", "otp_email", "axes"})

_reading: ContextVar[str | None] = ContextVar("arrangeer_replica_reading", default=None)


def replica_in_use() -> bool:
    """A replica is configured (`DATABASE_REPLICA_URL`) and not switched off
    (`READ_FROM_REPLICA`)."""
    return REPLICA in settings.DATABASES and bool(getattr(settings, "READ_FROM_REPLICA", True))


def replica_alias() -> str:
    """The alias that reads which may lag go to: `replica` when one is in use, else
    `default`."""
    return REPLICA if replica_in_use() else DEFAULT


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Reads in this block may come from the replica (see the module's rules)."""
    token = _reading.set(REPLICA)
    try:
        yield
    finally:
        _reading.reset(token)


@contextmanager
def reading_from_primary() -> Iterator[None]:
    """Reads in this block come from the primary, even inside `reading_from_replica()`."""
    token = _reading.set(DEFAULT)
    try:
        yield
    finally:
        _reading.reset(token)


def in_write_transaction(alias: str = DEFAULT) -> bool:
    """Whether the primary's connection is inside an atomic block of the application (the
    test case's own outer blocks do not count)."""
    connection = connections[alias]
    if not connection.in_atomic_block:
        return False
    blocks = connection.atomic_blocks
    if not blocks:
        return True  # autocommit was off: a transaction all the same
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def _primary_only(model: type[Model]) -> bool:
    meta = model._meta
    return meta.app_label in PRIMARY_ONLY_APPS or meta.label_lower in PRIMARY_ONLY


class ReplicaRouter:
    """Django's database router for the rules above (docs/topics/db/multi-db)."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if _reading.get() != REPLICA or not replica_in_use():
            return DEFAULT
        if _primary_only(model) or in_write_transaction():
            return DEFAULT
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        # Both aliases hold the same data: an object read from the replica may point to one
        # read from the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # A replica is read-only and follows the primary's schema by replication.
        return db == DEFAULT


def replica_lag() -> dt.timedelta | None:
    """How far the replica is behind: the time since the last transaction it replayed.
    Zero when the replica is the primary itself (the tests' mirror) or has replayed
    everything and nothing was written since; None without a replica in use. Raises
    DatabaseError when the replica does not answer."""
    if not replica_in_use():
        return None
    connection = connections[REPLICA]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("SELECT 1")
            return dt.timedelta(0)
        # On a standby: now() minus the commit time of the last transaction it replayed; when
        # it has replayed all it received, it is not behind (pg_last_wal_receive_lsn equals
        # pg_last_wal_replay_lsn). On a primary the function returns NULL.
        cursor.execute(
            "SELECT pg_is_in_recovery(),"
            " CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()"
            " THEN interval '0' ELSE now() - pg_last_xact_replay_timestamp() END"
        )
        row = cursor.fetchone()
    if row is None or not row[0] or row[1] is None:
        return dt.timedelta(0)
    lag: dt.timedelta = row[1]
    return max(lag, dt.timedelta(0))
