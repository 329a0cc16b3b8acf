"""Records to log, and the tools of someone with rights on the database: switch the append-only
triggers off (as the table's owner can), change rows with plain SQL, switch them back on."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models

from arrangeer.audit import triggers
from arrangeer.audit.constants import Basis, Channel, DataCategory, Event, Outcome
from arrangeer.audit.models import AccessLogEntry
from arrangeer.audit.services import AccessRecord

CASE = uuid.UUID("6f1c0b36-3a3e-4f43-9d55-0d2b8f1e0a01")
CHILD = uuid.UUID("0c8d5a7e-54a4-4d5b-a3c9-5a6a1d2b3c04")


def a_record(**overrides: Any) -> AccessRecord:
    """The coordinator of the child's school opening the case file."""
    values: dict[str, Any] = {
        "event": Event.VIEW,
        "outcome": Outcome.ALLOWED,
        "channel": Channel.WEB,
        "user_id": 7,
        "username": "coordinator.deboog",
        "role": "ondersteuningscoordinator",
        "organisation_id": 3,
        "organisation_name": "Basisschool De Boog",
        "child_pseudonym": CHILD,
        "case_ref": CASE,
        "object_type": "case",
        "object_id": str(CASE),
        "data_category": DataCategory.EDUCATION,
        "basis": Basis.LEGAL_TASK_SCHOOL,
        "client_address": "192.0.2.10",
    }
    values.update(overrides)
    return AccessRecord(**values)


@contextmanager
def triggers_disabled() -> Iterator[None]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_accesslogentry DISABLE TRIGGER ALL")
        else:
            for name in triggers.SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_accesslogentry ENABLE TRIGGER ALL")
            else:
                for sql in triggers.SQLITE_TRIGGERS.values():
                    cursor.execute(sql)


def run_sql(sql: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def db_value(field_name: str, value: Any) -> Any:
    """A Python value as this database stores it (a UUID is text on SQLite, for instance)."""
    field = AccessLogEntry._meta.get_field(field_name)
    assert isinstance(field, models.Field), field_name  # a column, not a relation's other end
    return field.get_db_prep_save(value, connection)


def copy_of(entry: AccessLogEntry, **changes: Any) -> AccessLogEntry:
    fields = [f for f in AccessLogEntry._meta.concrete_fields if not f.primary_key]
    values = {f.attname: getattr(entry, f.attname) for f in fields}
    values.update(changes)
    return AccessLogEntry(**values)


def insert_row(entry: AccessLogEntry) -> None:
    """A plain INSERT, as an attacker would write it (no triggers stand in the way of one)."""
    fields = [f for f in AccessLogEntry._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    run_sql(
        f"INSERT INTO audit_accesslogentry ({columns}) VALUES ({placeholders})",  # noqa: S608
        [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in fields],
    )


def shift_seqs_from(seq: int, by: int) -> None:
    """Renumber records from `seq` on, in two steps so the unique index never sees a clash."""
    run_sql("UPDATE audit_accesslogentry SET seq = seq + 1000000 WHERE seq >= %s", [seq])
    run_sql("UPDATE audit_accesslogentry SET seq = seq - 1000000 + %s WHERE seq >= 1000000", [by])


def purge_log() -> None:
    """Empty the log after a test that committed records (the test runner's own clean-up
    would be refused by the triggers)."""
    with triggers_disabled():
        run_sql("DELETE FROM audit_accesslogentry")
    run_sql("DELETE FROM audit_chainhead")
