from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

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

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain(batch_size=options["batch_size"])
        if not result.ok:
            seq = "-" if result.first_broken_seq is None else result.first_broken_seq
            entry_id = "-" if result.first_broken_id is None else result.first_broken_id
            raise CommandError(
                f"Access log broken at record seq={seq} id={entry_id}: {result.reason} "
                f"({result.checked} records intact before it.)"
            )
        self.stdout.write(f"Access log intact: {result.checked} records checked.")
