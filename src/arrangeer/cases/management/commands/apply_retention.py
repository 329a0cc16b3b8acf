from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from arrangeer.cases.file_exports import remove_expired
from arrangeer.cases.retention import apply_retention


class Command(BaseCommand):
    help = "Destroy or anonymise case data whose retention period has passed (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report only; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        # The PDFs of the whole file are kept 24 hours (cases.file_exports), first: a case
        # this run deletes takes its exports' records with it.
        exports = 0 if options["dry_run"] else remove_expired()
        report = apply_retention(dry_run=options["dry_run"])
        verb = "would" if options["dry_run"] else "did"
        self.stdout.write(
            f"Retention {verb}: clear {len(report.cleared_fields)} field groups, "
            f"delete {len(report.deleted_cases)} cases, "
            f"anonymise {len(report.anonymised_children)} children; "
            f"deleted {exports} exported PDFs older than 24 hours."
        )
