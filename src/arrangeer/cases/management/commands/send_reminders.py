from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from arrangeer.cases.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Mail everyone the actions that have come due since the last run (daily by cron). "
        "No child names in mail; nothing is sent twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, send nothing.")
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help="Run as of this date."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = send_reminders(today=options["today"], dry_run=options["dry_run"])
        verb = "would send" if options["dry_run"] else "sent"
        self.stdout.write(
            f"{report.people} people checked; {verb} {report.mails} mails "
            f"about {report.actions} actions."
        )
