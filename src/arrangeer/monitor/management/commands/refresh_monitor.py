"""Rebuild the monitor's fact table of lead-time milestones (docs/monitor.md). For cron,
nightly; writes keep their own case current in between, so this catches what bypassed them
(loading in bulk, repairs in the database)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from arrangeer.monitor.services import refresh_milestones


class Command(BaseCommand):
    help = "Rebuild the regional monitor's lead-time milestones (one row per case)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        rows = refresh_milestones()
        took = time.perf_counter() - started
        self.stdout.write(f"{rows} case(s) refreshed in {took:.1f}s.")
