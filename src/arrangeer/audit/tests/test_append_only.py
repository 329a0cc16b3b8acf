from __future__ import annotations

from django.db import IntegrityError, connection, transaction

import pytest

from arrangeer.audit import triggers
from arrangeer.audit.models import AccessLogEntry, AppendOnlyError, ChainHead
from arrangeer.audit.services import verify_chain, write_access_record

from .support import a_record, run_sql

pytestmark = pytest.mark.django_db

only_on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


@pytest.fixture
def entry() -> AccessLogEntry:
    return write_access_record(a_record(username="original"))


def test_the_database_has_its_append_only_triggers():
    assert triggers.installed(connection) == set(triggers.trigger_names(connection))


@pytest.mark.parametrize(
    "attempt",
    [
        pytest.param(lambda e: e.save(), id="save"),
        pytest.param(lambda e: e.save(update_fields=["username"]), id="save-fields"),
        pytest.param(lambda e: e.delete(), id="delete"),
        pytest.param(
            lambda e: AccessLogEntry.objects.filter(pk=e.pk).update(username="x"), id="update"
        ),
        pytest.param(lambda e: AccessLogEntry.objects.all().delete(), id="queryset-delete"),
        pytest.param(
            lambda e: AccessLogEntry.objects.bulk_update([e], ["username"]), id="bulk-update"
        ),
        pytest.param(
            lambda e: AccessLogEntry.objects.update_or_create(pk=e.pk, defaults={"username": "x"}),
            id="update-or-create",
        ),
    ],
)
def test_the_orm_refuses_to_change_or_delete_a_record(entry, attempt):
    entry.username = "changed"
    with pytest.raises(AppendOnlyError):
        attempt(entry)
    assert AccessLogEntry.objects.get(pk=entry.pk).username == "original"


def test_the_orm_refuses_a_record_saved_outside_the_writer():
    with pytest.raises(AppendOnlyError, match="write_access_records"):
        AccessLogEntry.objects.create(seq=99, event="view", outcome="allowed", channel="web")
    assert not AccessLogEntry.objects.filter(seq=99).exists()


@pytest.mark.parametrize(
    "sql",
    [
        pytest.param("UPDATE audit_accesslogentry SET username = 'changed'", id="update"),
        pytest.param("DELETE FROM audit_accesslogentry", id="delete"),
    ],
)
def test_the_database_refuses_plain_sql_that_changes_or_deletes_a_record(entry, sql):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        run_sql(sql)
    assert AccessLogEntry.objects.get(pk=entry.pk).username == "original"
    assert verify_chain().ok


@pytest.mark.postgres
@only_on_postgresql
def test_postgresql_refuses_to_truncate_the_log(entry):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        run_sql("TRUNCATE audit_accesslogentry")
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_the_chain_head_stays_writable(entry):
    run_sql("UPDATE audit_chainhead SET last_seq = last_seq")
    assert ChainHead.objects.get().last_seq == 1
