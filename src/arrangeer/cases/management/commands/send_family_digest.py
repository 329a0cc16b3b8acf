from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from arrangeer.cases.notices import send_family_digest


class Command(BaseCommand):
    help = (
        "The family's daily mail (once a day by cron): tells the family of consents that "
        "expired, then mails each person at most one message with everything that waits for "
        "it. No child names in mail; nothing is sent twice, and a second run the same day "
        "sends nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, send nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = send_family_digest(dry_run=options["dry_run"])
        verb = "would send" if options["dry_run"] else "sent"
        self.stdout.write(
            f"{report.expired} people told of expired consents; {verb} {report.mails} daily "
            f"mails with {report.notices} messages."
        )
