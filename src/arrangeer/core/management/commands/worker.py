"""`manage.py worker`: runs the queued work (mail, reminders, the monitor's refresh) when
TASK_QUEUE_URL points at Redis (docs/operations.md). Without it the work runs inside the app
process and no worker is needed."""

from __future__ import annotations

import json
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from huey.consumer import Consumer

from arrangeer.core import tasks


def load_every_task() -> None:
    """The functions marked @background live in the apps' services; the URLconf imports every
    app's views and so their services."""
    import_module(settings.ROOT_URLCONF)


class Command(BaseCommand):
    help = "Run the queued work (mail, reminders, monitor refresh) from TASK_QUEUE_URL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--threads", type=int, default=2, help="Tasks run at once (2).")
        parser.add_argument(
            "--failed", action="store_true", help="List the tasks that failed on every try."
        )
        parser.add_argument(
            "--requeue-failed",
            action="store_true",
            help="Queue the tasks that failed on every try again, then stop.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not tasks.uses_worker():
            raise CommandError(
                "TASK_QUEUE_URL is not set: the work runs inside the app server, "
                "no worker is needed."
            )
        load_every_task()
        if options["failed"]:
            for record in tasks.failed():
                self.stdout.write(json.dumps(record))
            return
        if options["requeue_failed"]:
            self.stdout.write(f"{tasks.requeue_failed()} task(s) queued again.")
            return
        consumer = Consumer(
            tasks.queue,
            workers=max(1, options["threads"]),
            worker_type="thread",
            periodic=False,
            check_worker_health=True,
        )
        self.stdout.write(f"Worker started with {options['threads']} thread(s).")
        consumer.run()
