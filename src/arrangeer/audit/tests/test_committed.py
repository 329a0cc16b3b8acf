"""Writes that are really committed, each in its own transaction, and the operator's command as
it runs from the shell. These tests commit; `access_log_emptied_after_commits` (see fixtures)
empties the log afterwards."""

from __future__ import annotations

import threading

from django.core.management import execute_from_command_line
from django.db import IntegrityError, connection, connections

import pytest

from arrangeer.audit.models import AccessLogEntry, ChainHead
from arrangeer.audit.services import verify_chain, write_access_record, write_access_records

from .support import a_record, run_sql, triggers_disabled

pytestmark = pytest.mark.django_db(transaction=True)


def test_many_writes_in_their_own_transactions_form_one_intact_chain():
    sizes = [1, 3, 1, 50, 2, 7, 1, 20, 1, 4]
    for size in sizes:
        write_access_records([a_record() for _ in range(size)])

    assert list(AccessLogEntry.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, sum(sizes) + 1)
    )
    result = verify_chain(batch_size=16)
    assert result.ok
    assert result.checked == sum(sizes)


def test_committed_records_cannot_be_changed_or_deleted_with_plain_sql():
    write_access_record(a_record(username="original"))
    for sql in (
        "UPDATE audit_accesslogentry SET username = 'changed'",
        "DELETE FROM audit_accesslogentry",
    ):
        with pytest.raises(IntegrityError):
            run_sql(sql)
    assert AccessLogEntry.objects.get().username == "original"


def test_the_command_exits_0_on_an_intact_log_and_1_on_a_tampered_one(capsys):
    write_access_records([a_record() for _ in range(3)])
    execute_from_command_line(["manage.py", "verify_audit"])  # returns: exit status 0
    assert "Access log intact: 3 records checked." in capsys.readouterr().out

    with triggers_disabled():
        run_sql("DELETE FROM audit_accesslogentry WHERE seq = 2")
    with pytest.raises(SystemExit) as exit_status:
        execute_from_command_line(["manage.py", "verify_audit"])
    assert exit_status.value.code == 1
    assert "seq=2" in capsys.readouterr().err


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_concurrent_writers_never_share_a_number_or_break_the_chain():
    writers, writes, batch = 6, 10, 5
    start = threading.Barrier(writers)
    failures: list[BaseException] = []

    def write() -> None:
        try:
            start.wait()
            for _ in range(writes):
                write_access_records([a_record() for _ in range(batch)])
        except BaseException as error:  # reported below, in the test's own thread
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    total = writers * writes * batch
    assert ChainHead.objects.get().last_seq == total
    assert verify_chain().checked == total
