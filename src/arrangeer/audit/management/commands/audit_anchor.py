from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from arrangeer.audit.anchors import take_anchor


class Command(BaseCommand):
    help = (
        "Write an anchor of the access log: the sequence number and hash of its last record. "
        "Keep the lines outside the database (a write-once store, a log server); "
        "`verify_audit --anchors FILE` checks the log against them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--append",
            type=Path,
            metavar="FILE",
            help="Append the anchor line to this file as well as printing it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        line = take_anchor().line()
        if options["append"] is not None:
            with options["append"].open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        self.stdout.write(line)
