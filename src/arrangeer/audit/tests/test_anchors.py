"""Anchors kept outside the database show what the chain alone cannot: the last records
removed together with the chain head moved back to the new end."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from arrangeer.audit.anchors import AnchorFileError, check_anchors, parse_anchors, take_anchor
from arrangeer.audit.services import verify_chain, write_access_records

from .support import a_record, run_sql, triggers_disabled

pytestmark = pytest.mark.django_db


def _truncate_the_tail_and_move_the_head_back(keep: int) -> None:
    from arrangeer.audit.models import AccessLogEntry

    last_kept = AccessLogEntry.objects.get(seq=keep)
    with triggers_disabled():
        run_sql("DELETE FROM audit_accesslogentry WHERE seq > %s", [keep])
        run_sql("UPDATE audit_chainhead SET last_seq = %s, last_hash = %s", [keep, last_kept.hash])


def test_an_anchor_is_the_end_of_the_log_and_reads_back(six_records, tmp_path, capsys):
    anchor = take_anchor()
    assert (anchor.seq, anchor.hash) == (6, six_records[-1].hash)
    file = tmp_path / "anchors.log"
    call_command("audit_anchor", "--append", str(file))
    call_command("audit_anchor", "--append", str(file))
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 2 and file.read_text().splitlines() == printed
    assert [(a.seq, a.hash) for a in parse_anchors(printed)] == [(6, anchor.hash)] * 2


def test_removing_the_tail_and_moving_the_head_back_is_found_only_with_an_anchor(
    six_records, tmp_path
):
    file = tmp_path / "anchors.log"
    call_command("audit_anchor", "--append", str(file))  # at record 6
    write_access_records([a_record(object_id="later")])
    call_command("audit_anchor", "--append", str(file))  # at record 7

    _truncate_the_tail_and_move_the_head_back(keep=4)

    assert verify_chain().ok  # the chain alone cannot tell
    problems = check_anchors(parse_anchors(file.read_text().splitlines()))
    assert [p.anchor.seq for p in problems] == [6, 7]
    assert "removed from the end" in problems[0].reason
    with pytest.raises(CommandError) as error:
        call_command("verify_audit", "--anchors", str(file))
    assert "seq=6" in str(error.value) and "2 of 2 anchors fail" in str(error.value)


def test_a_rewritten_anchored_record_is_found(six_records, tmp_path):
    file = tmp_path / "anchors.log"
    call_command("audit_anchor", "--append", str(file))
    # Rewrite the end: remove record 6 and append another in its place through the writer.
    _truncate_the_tail_and_move_the_head_back(keep=5)
    write_access_records([a_record(object_id="rewritten")])
    assert verify_chain().ok
    (problem,) = check_anchors(parse_anchors(file.read_text().splitlines()))
    assert problem.anchor.seq == 6 and "rewritten" in problem.reason


def test_an_intact_log_passes_its_anchors(six_records, tmp_path, capsys):
    file = tmp_path / "anchors.log"
    file.write_text("# anchors of the test log\n\n")
    call_command("audit_anchor", "--append", str(file))
    write_access_records([a_record(object_id="later")])
    call_command("audit_anchor", "--append", str(file))
    capsys.readouterr()
    call_command("verify_audit", "--anchors", str(file))
    assert capsys.readouterr().out == "Access log intact: 7 records and 2 anchors checked.\n"


def test_an_anchor_of_an_empty_log_checks_nothing(db):
    anchor = take_anchor()
    assert anchor.seq == 0
    assert check_anchors([anchor]) == []


@pytest.mark.parametrize(
    "line",
    [
        "arrangeer-audit-anchor seq=6 hash=abc at=2026-11-23T10:00:00+00:00",
        "arrangeer-audit-anchor seq=x hash=" + "a" * 64 + " at=2026-11-23T10:00:00+00:00",
        "arrangeer-audit-anchor seq=6 hash=" + "a" * 64 + " at=gisteren",
        "something else",
    ],
)
def test_a_damaged_anchor_file_is_refused_with_its_line_number(db, tmp_path, line):
    with pytest.raises(AnchorFileError, match="Line 2"):
        parse_anchors(["# header", line])
    file = tmp_path / "anchors.log"
    file.write_text(line + "\n")
    with pytest.raises(CommandError, match="Cannot read the anchors"):
        call_command("verify_audit", "--anchors", str(file))
