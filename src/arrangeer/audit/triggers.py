"""Database triggers that make the access log append-only below the ORM.

The migration installs them and the tamper tests remove and restore them the way someone with
database rights would, so both use the SQL in this module. Changing the SQL here changes what an
old migration does: add a new migration that drops and re-creates the triggers instead.

SQLite drops a table's triggers when Django rebuilds the table (most `AlterField` operations do).
A later migration that alters `AccessLogEntry` must call `install` again; the test
`test_the_database_has_its_append_only_triggers` notices when that was forgotten.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_accesslogentry"
REFUSAL = "The access log is append-only: records cannot be changed or deleted."

# SQLite: RAISE(ABORT) rolls back the statement and surfaces as an IntegrityError.
SQLITE_TRIGGERS: dict[str, str] = {
    "audit_accesslogentry_no_update": (
        f"CREATE TRIGGER audit_accesslogentry_no_update BEFORE UPDATE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
    ),
    "audit_accesslogentry_no_delete": (
        f"CREATE TRIGGER audit_accesslogentry_no_delete BEFORE DELETE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
    ),
}

# PostgreSQL: SQLSTATE 23000 (integrity constraint violation) so both vendors raise Django's
# IntegrityError. TRUNCATE fires no row triggers, so it has a statement trigger of its own; it
# lets an empty table through because Django's test runner truncates every table between
# transactional tests.
POSTGRESQL_FUNCTIONS: dict[str, str] = {
    "audit_accesslogentry_refuse_change": f"""
        CREATE OR REPLACE FUNCTION audit_accesslogentry_refuse_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'integrity_constraint_violation';
        END;
        $$
    """,
    "audit_accesslogentry_refuse_truncate": f"""
        CREATE OR REPLACE FUNCTION audit_accesslogentry_refuse_truncate() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM {TABLE}) THEN
                RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NULL;
        END;
        $$
    """,  # noqa: S608 (constants only)
}
POSTGRESQL_TRIGGERS: dict[str, str] = {
    "audit_accesslogentry_no_change": (
        f"CREATE TRIGGER audit_accesslogentry_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION audit_accesslogentry_refuse_change()"
    ),
    "audit_accesslogentry_no_truncate": (
        f"CREATE TRIGGER audit_accesslogentry_no_truncate BEFORE TRUNCATE ON {TABLE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_accesslogentry_refuse_truncate()"
    ),
}


def trigger_names(connection: BaseDatabaseWrapper) -> list[str]:
    if connection.vendor == "postgresql":
        return list(POSTGRESQL_TRIGGERS)
    if connection.vendor == "sqlite":
        return list(SQLITE_TRIGGERS)
    # An unknown database would hold a log that anyone can rewrite: refuse to go on.
    raise ImproperlyConfigured(
        f"The access log has no append-only triggers for {connection.vendor}."
    )


def install(connection: BaseDatabaseWrapper) -> None:
    statements: list[str]
    if connection.vendor == "postgresql":
        statements = [*POSTGRESQL_FUNCTIONS.values(), *POSTGRESQL_TRIGGERS.values()]
    elif connection.vendor == "sqlite":
        statements = list(SQLITE_TRIGGERS.values())
    else:
        trigger_names(connection)  # raises
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for name in trigger_names(connection):
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {TABLE}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        if connection.vendor == "postgresql":
            for function in POSTGRESQL_FUNCTIONS:
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")


def installed(connection: BaseDatabaseWrapper) -> set[str]:
    """The names of the append-only triggers present on the table right now."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgenabled <> 'D'",
                [TABLE],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [TABLE],
            )
        present = {row[0] for row in cursor.fetchall()}
    return present & set(trigger_names(connection))
