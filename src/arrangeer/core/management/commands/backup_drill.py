from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from arrangeer.core.backup import DrillError, run_drill


class Command(BaseCommand):
    help = (
        "Backup and restore drill: dump the PostgreSQL database (pg_dump, custom format), "
        "restore it into a new database, compare the rows of every table and check the "
        "access log of the copy with verify_audit. Exits with status 1 when the copy is not "
        "whole. The new database is dropped afterwards unless --keep."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--target",
            metavar="NAME",
            help="Name of the new database to restore into (default: <database>_drill). "
            "It must not exist yet.",
        )
        parser.add_argument(
            "--keep", action="store_true", help="Keep the restored database for inspection."
        )
        parser.add_argument(
            "--dump-file",
            type=Path,
            metavar="FILE",
            help="Write the dump here and keep it (default: a temporary file, removed).",
        )
        parser.add_argument(
            "--anchors",
            type=Path,
            metavar="FILE",
            help="Anchor lines of `audit_anchor` for verify_audit on the copy.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = str(connections["default"].settings_dict["NAME"])
        target = options["target"] or f"{source}_drill"
        try:
            result = run_drill(
                target=target,
                keep=options["keep"],
                dump_file=options["dump_file"],
                anchors=options["anchors"],
                progress=self.stdout.write,
            )
        except DrillError as error:
            raise CommandError(f"Backup drill could not run: {error}") from error

        megabytes = result.dump_bytes / 1_000_000
        self.stdout.write(
            f"Dump: {megabytes:.1f} MB in {result.dump_seconds:.1f} s; "
            f"restore: {result.restore_seconds:.1f} s."
        )
        self.stdout.write(
            f"Tables: {len(result.counts)}, rows: {result.rows}; "
            + ("every table has the same number of rows." if not result.differing else "")
        )
        for table, (before, after) in result.differing.items():
            self.stdout.write(f"  {table}: {_rows(before)} in the source, {_rows(after)} restored")
        self.stdout.write(f"Access log of the copy: {result.audit_report}")
        if options["keep"]:
            self.stdout.write(f'The restored database "{result.target}" was kept.')
        if not result.passed:
            raise CommandError("Backup drill FAILED: the restored copy is not whole.")
        self.stdout.write(self.style.SUCCESS("Backup drill passed."))


def _rows(count: int) -> str:
    return "no such table" if count < 0 else str(count)
