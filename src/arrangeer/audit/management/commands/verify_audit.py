from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from arrangeer.audit.anchors import AnchorFileError, check_anchors, parse_anchors
from arrangeer.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Check that the access log (NEN 7513) is complete and unchanged. Exits with status 1 "
        "and names the first broken record when it is not."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=5000,
            help="Records read per query (memory use stays bounded by this).",
        )
        parser.add_argument(
            "--anchors",
            type=Path,
            metavar="FILE",
            help=(
                "Anchor lines written by `audit_anchor`: every anchored record must still be "
                "in the log with the same hash (shows records removed from the end)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchors = []
        if options["anchors"] is not None:
            try:
                with options["anchors"].open(encoding="utf-8") as handle:
                    anchors = parse_anchors(handle)
            except (OSError, AnchorFileError) as error:
                raise CommandError(f"Cannot read the anchors: {error}") from error
        result = verify_chain(batch_size=options["batch_size"])
        if not result.ok:
            seq = "-" if result.first_broken_seq is None else result.first_broken_seq
            entry_id = "-" if result.first_broken_id is None else result.first_broken_id
            raise CommandError(
                f"Access log broken at record seq={seq} id={entry_id}: {result.reason} "
                f"({result.checked} records intact before it.)"
            )
        problems = check_anchors(anchors)
        if problems:
            raise CommandError(
                f"Access log broken at record seq={problems[0].anchor.seq}: "
                f"{problems[0].reason} ({len(problems)} of {len(anchors)} anchors fail.)"
            )
        checked = f" and {len(anchors)} anchors" if anchors else ""
        self.stdout.write(f"Access log intact: {result.checked} records{checked} checked.")
