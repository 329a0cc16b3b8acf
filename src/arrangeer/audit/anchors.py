"""Anchors: the end of the access log, written down outside the database.

The hash chain shows any change inside the log, and the chain head shows records removed from
its end — unless someone with rights on the database removes the last records *and* moves the
head back to the new end. Only a copy of the head kept elsewhere shows that. An anchor is that
copy: one line with the sequence number and hash of the last record at a moment. An operator
takes one regularly (`manage.py audit_anchor`, e.g. hourly by cron) and keeps the lines where a
database administrator cannot change them (a write-once store, a log server, mail to the
privacy officer). `manage.py verify_audit --anchors FILE` then checks that every anchored
record is still in the log with the same hash.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from .models import AccessLogEntry, ChainHead

PREFIX = "arrangeer-audit-anchor"
_LINE = re.compile(rf"^{PREFIX} seq=(?P<seq>\d+) hash=(?P<hash>[0-9a-f]{{64}}) at=(?P<at>\S+)$")


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: dt.datetime

    def line(self) -> str:
        return f"{PREFIX} seq={self.seq} hash={self.hash} at={self.at.isoformat()}"


@dataclass(frozen=True)
class AnchorProblem:
    anchor: Anchor
    reason: str


class AnchorFileError(ValueError):
    pass


def take_anchor() -> Anchor:
    """The end of the log now (the chain head, which writers move with their records)."""
    head = ChainHead.objects.filter(pk=1).first()
    if head is None:
        return Anchor(seq=0, hash="0" * 64, at=timezone.now())
    return Anchor(seq=head.last_seq, hash=head.last_hash, at=timezone.now())


def parse_anchors(lines: Iterable[str]) -> list[Anchor]:
    """Anchor lines as written by `take_anchor().line()`; blank lines and lines starting with
    # are skipped. Anything else is refused with its line number: a damaged anchor file is
    not silently half-read."""
    anchors = []
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        match = _LINE.match(text)
        if match is None:
            raise AnchorFileError(f"Line {number} is not an anchor: {text[:80]!r}")
        try:
            at = dt.datetime.fromisoformat(match["at"])
        except ValueError:
            raise AnchorFileError(f"Line {number} has no valid time: {match['at']!r}") from None
        anchors.append(Anchor(seq=int(match["seq"]), hash=match["hash"], at=at))
    return anchors


def check_anchors(anchors: Iterable[Anchor], *, batch_size: int = 1000) -> list[AnchorProblem]:
    """Every anchored record must still be in the log with the hash it had. Reads the anchored
    records only, in batches."""
    problems = []
    todo = [a for a in anchors if a.seq > 0]
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        found = dict(
            AccessLogEntry.objects.filter(seq__in={a.seq for a in batch}).values_list("seq", "hash")
        )
        for anchor in batch:
            taken = anchor.at.isoformat(timespec="seconds")
            if anchor.seq not in found:
                problems.append(
                    AnchorProblem(
                        anchor,
                        f"Record {anchor.seq} is missing, but the anchor taken at {taken} says "
                        "the log reached it: records were removed from the end of the log.",
                    )
                )
            elif found[anchor.seq] != anchor.hash:
                problems.append(
                    AnchorProblem(
                        anchor,
                        f"Record {anchor.seq} differs from the anchor taken at {taken}: the "
                        "log was rewritten from this record on.",
                    )
                )
    return problems
