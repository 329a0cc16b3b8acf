"""Someone with rights on the database switches the triggers off and edits the log with plain
SQL. The verifier must notice every such change and name the first record it broke."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from arrangeer.audit import chain
from arrangeer.audit.models import AccessLogEntry
from arrangeer.audit.services import verify_chain

from .support import (
    copy_of,
    db_value,
    insert_row,
    run_sql,
    shift_seqs_from,
    triggers_disabled,
)

pytestmark = pytest.mark.django_db

Log = list[AccessLogEntry]  # the six records of the fixture, seq 1 to 6


def change_a_field_of_a_middle_record(log: Log) -> None:
    run_sql("UPDATE audit_accesslogentry SET username = 'someone.else' WHERE seq = 3")


def backdate_a_middle_record(log: Log) -> None:
    run_sql(
        "UPDATE audit_accesslogentry SET occurred_at = (SELECT occurred_at FROM audit_accesslogentry WHERE seq = 1) WHERE seq = 5"
    )


def move_a_middle_record_to_another_child(log: Log) -> None:
    run_sql(
        "UPDATE audit_accesslogentry SET child_pseudonym = %s WHERE seq = 4",
        [db_value("child_pseudonym", uuid.uuid4())],
    )


def change_the_last_record(log: Log) -> None:
    run_sql("UPDATE audit_accesslogentry SET outcome = 'denied' WHERE seq = 6")


def change_a_record_and_rehash_it_with_plain_sha256(log: Log) -> None:
    forged = copy_of(log[2], username="someone.else")
    digest = hashlib.sha256(forged.prev_hash.encode() + b"\n" + chain.canonical(forged))
    run_sql(
        "UPDATE audit_accesslogentry SET username = %s, hash = %s WHERE seq = 3",
        [forged.username, digest.hexdigest()],
    )


def delete_a_middle_record(log: Log) -> None:
    run_sql("DELETE FROM audit_accesslogentry WHERE seq = 3")


def delete_the_last_record_but_not_the_head(log: Log) -> None:
    run_sql("DELETE FROM audit_accesslogentry WHERE seq = 6")


def delete_the_first_record(log: Log) -> None:
    run_sql("DELETE FROM audit_accesslogentry WHERE seq = 1")


def delete_a_middle_record_and_close_the_gap(log: Log) -> None:
    run_sql("DELETE FROM audit_accesslogentry WHERE seq = 3")
    shift_seqs_from(4, by=-1)


def swap_two_records(log: Log) -> None:
    run_sql("UPDATE audit_accesslogentry SET seq = 1000 WHERE seq = 2")
    run_sql("UPDATE audit_accesslogentry SET seq = 2 WHERE seq = 4")
    run_sql("UPDATE audit_accesslogentry SET seq = 4 WHERE seq = 1000")


def insert_a_forged_record_in_the_middle(log: Log) -> None:
    shift_seqs_from(4, by=1)
    forged = copy_of(log[2], seq=4, prev_hash=log[2].hash, username="someone.else")
    forged.hash = hashlib.sha256(
        forged.prev_hash.encode() + b"\n" + chain.canonical(forged)
    ).hexdigest()
    insert_row(forged)


def append_a_forged_record_with_plain_sha256_and_move_the_head(log: Log) -> None:
    forged = copy_of(log[-1], seq=7, prev_hash=log[-1].hash, object_id="forged")
    forged.hash = hashlib.sha256(
        forged.prev_hash.encode() + b"\n" + chain.canonical(forged)
    ).hexdigest()
    insert_row(forged)
    run_sql("UPDATE audit_chainhead SET last_seq = 7, last_hash = %s", [forged.hash])


def append_a_record_with_the_stolen_key_but_leave_the_head(log: Log) -> None:
    forged = copy_of(log[-1], seq=7, prev_hash=log[-1].hash, object_id="forged")
    forged.hash = chain.entry_hash(forged, chain.chain_keys()[0])
    insert_row(forged)


def change_the_chain_head(log: Log) -> None:
    run_sql("UPDATE audit_chainhead SET last_hash = %s", ["f" * 64])


def delete_the_chain_head(log: Log) -> None:
    run_sql("DELETE FROM audit_chainhead")


TAMPERING: list[tuple[Callable[[Log], None], int | None]] = [
    (change_a_field_of_a_middle_record, 3),
    (backdate_a_middle_record, 5),
    (move_a_middle_record_to_another_child, 4),
    (change_the_last_record, 6),
    (change_a_record_and_rehash_it_with_plain_sha256, 3),
    (delete_a_middle_record, 3),
    (delete_the_last_record_but_not_the_head, 6),
    (delete_the_first_record, 1),
    (delete_a_middle_record_and_close_the_gap, 3),
    (swap_two_records, 2),
    (insert_a_forged_record_in_the_middle, 4),
    (append_a_forged_record_with_plain_sha256_and_move_the_head, 7),
    (append_a_record_with_the_stolen_key_but_leave_the_head, 7),
    (change_the_chain_head, 6),
    (delete_the_chain_head, None),
]


def test_an_untouched_log_is_reported_intact(six_records, capsys):
    assert verify_chain(batch_size=4).ok
    call_command("verify_audit", "--batch-size", "4")
    assert capsys.readouterr().out == "Access log intact: 6 records checked.\n"


@pytest.mark.parametrize(
    ("tamper", "first_broken_seq"), TAMPERING, ids=[t.__name__ for t, _ in TAMPERING]
)
def test_tampering_is_found_and_the_first_broken_record_named(
    six_records, tamper, first_broken_seq
):
    with triggers_disabled():
        tamper(six_records)

    # Batches of four: the damage sits on either side of a batch boundary.
    result = verify_chain(batch_size=4)
    assert not result.ok
    assert result.first_broken_seq == first_broken_seq, result.reason
    assert result.reason
    with pytest.raises(CommandError) as error:
        call_command("verify_audit", "--batch-size", "4")
    assert error.value.returncode == 1
    seq = "-" if first_broken_seq is None else first_broken_seq
    assert f"seq={seq} " in str(error.value)
    assert result.reason in str(error.value)


def test_the_verifier_names_the_record_and_why(six_records):
    with triggers_disabled():
        change_a_field_of_a_middle_record(six_records)
    result = verify_chain()
    assert result.first_broken_id == six_records[2].pk
    assert result.checked == 2
    assert "does not match its hash" in result.reason

    with triggers_disabled():
        delete_the_last_record_but_not_the_head(six_records)
        run_sql(
            "UPDATE audit_accesslogentry SET username = %s WHERE seq = 3", [six_records[2].username]
        )
    result = verify_chain()
    assert (result.first_broken_seq, result.first_broken_id) == (6, None)
    assert "missing at the end" in result.reason
