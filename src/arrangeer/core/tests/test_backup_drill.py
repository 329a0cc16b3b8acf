"""The backup and restore drill on PostgreSQL, the production database: a dump restored into a
new database has every row, and the access log of the copy verifies."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

import pytest

from arrangeer.audit.services import write_access_records
from arrangeer.audit.tests.support import a_record, run_sql, triggers_disabled
from arrangeer.testing.world import build_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
]


def _target() -> str:
    # The test database's own name (per test process) with a suffix: never someone else's.
    return f"{connection.settings_dict['NAME']}_drill"


def _database_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def test_the_drill_restores_every_row_and_a_valid_access_log(capsys):
    build_world(with_plan=True)
    write_access_records([a_record() for _ in range(5)])

    call_command("backup_drill", target=_target())

    out = capsys.readouterr().out
    assert "every table has the same number of rows." in out
    assert "Access log of the copy: Access log intact:" in out
    assert "Backup drill passed." in out
    assert not _database_exists(_target())  # dropped afterwards


def test_the_drill_fails_when_the_access_log_of_the_copy_is_broken(capsys):
    write_access_records([a_record() for _ in range(3)])
    with triggers_disabled():
        run_sql("DELETE FROM audit_accesslogentry WHERE seq = 2")

    with pytest.raises(CommandError, match="FAILED"):
        call_command("backup_drill", target=_target())

    out = capsys.readouterr().out
    assert "Access log of the copy: CommandError: Access log broken at record seq=2" in out
    assert not _database_exists(_target())


def test_the_drill_never_restores_into_an_existing_database():
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{_target()}"')
    try:
        with pytest.raises(CommandError, match="already exists"):
            call_command("backup_drill", target=_target())
        assert _database_exists(_target())  # left as it was
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{_target()}"')
